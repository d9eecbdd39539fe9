import { afterEach, describe, expect, it } from 'vitest';
import { catalogCopy } from '../../test/helpers/catalog-fixture.ts';
import { CatalogError, type CatalogIssue } from '../domain/errors.ts';
import { type Catalog, loadCatalog } from './load-catalog.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

/** Loads a copy of the mini catalog with `board-names.toml` as given: the catalog, or the issues it reports. */
function load(text: string | null): Catalog | CatalogIssue[] {
  const copy = catalogCopy({ 'board-names.toml': text });
  cleanups.push(copy.cleanup);
  try {
    return loadCatalog(copy.dir);
  } catch (e) {
    if (e instanceof CatalogError) return e.issues;
    throw e;
  }
}

const GOOD = `# reviewed names
[[names]]
name = "acme-7b-chat-0521"
board = "lmarena-text"
model = "acme-ai/Acme-7B-Chat"
org = "acme"
note = "The board's dated name of the chat model."

[[names]]
name = "Dragon Assistant App"
org = "dragon-lab"
`;

describe('board-names.toml', () => {
  it('loads entries in file order, with board and model when given', () => {
    const c = load(GOOD);
    if (Array.isArray(c)) throw new Error(JSON.stringify(c));
    expect(c.boardNames).toEqual([
      {
        name: 'acme-7b-chat-0521',
        board: 'lmarena-text',
        model: 'acme-ai/Acme-7B-Chat',
        org: 'acme',
        note: "The board's dated name of the chat model.",
      },
      { name: 'Dragon Assistant App', board: null, model: null, org: 'dragon-lab', note: null },
    ]);
  });

  it('is optional: a catalog without the file has no entries', () => {
    const c = load(null);
    if (Array.isArray(c)) throw new Error(JSON.stringify(c));
    expect(c.boardNames).toEqual([]);
  });

  it('reports unknown model and organisation ids with file, field and line', () => {
    const issues = load(`[[names]]
name = "a"
org = "acme"

[[names]]
name = "b"
model = "acme-ai/acme-7b"
org = "nobody"
`);
    expect(issues).toEqual([
      {
        file: 'catalog/board-names.toml',
        field: 'names[1].org',
        line: 8,
        message: 'unknown organisation "nobody" (expected a catalog folder name)',
      },
      {
        file: 'catalog/board-names.toml',
        field: 'names[1].model',
        line: 7,
        message: 'unknown model "acme-ai/acme-7b" (did you mean "acme-ai/Acme-7B"?)',
      },
    ]);
  });

  it('requires the organisation to be a maker of the model, and one entry per name and board', () => {
    const issues = load(`[[names]]
name = "x"
model = "acme-ai/Acme-7B"
org = "dragon-lab"

[[names]]
name = "Acme Seven"
board = "lmarena-text"
org = "acme"

[[names]]
name = "acme-seven"
board = "lmarena-text"
org = "acme"

[[names]]
name = "acme-seven"
org = "acme"
`);
    expect(Array.isArray(issues) ? issues.map((i) => [i.field, i.line, i.message]) : issues).toEqual([
      ['names[0].org', 4, '"dragon-lab" is not a maker of acme-ai/Acme-7B (acme)'],
      ['names[2].name', 12, '"acme-seven" already has an entry for lmarena-text (names[1])'],
    ]);
  });

  it('rejects a misspelt key, a missing org and a board that is not a slug', () => {
    const issues = load(`[[names]]
name = "x"
organisation = "acme"
board = "LM Arena"
`);
    expect(Array.isArray(issues) ? issues.map((i) => i.field).sort() : issues).toEqual([
      'names[0].board',
      'names[0].org',
      'names[0].organisation',
    ]);
  });
});
