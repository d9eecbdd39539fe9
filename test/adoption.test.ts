import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/api/app.ts';
import { loadCatalog } from '../src/catalog/load-catalog.ts';
import { adoptionSeries } from '../src/domain/adoption.ts';
import { CatalogError, formatIssue } from '../src/domain/errors.ts';
import { createDeps, type Deps, ensureCatalog } from '../src/store/deps.ts';
import { migrate } from '../src/store/open-store.ts';
import { catalogCopy } from './helpers/catalog-fixture.ts';
import { call } from './helpers/http.ts';
import { runOmoInProcess } from './helpers/run-omo-in-process.ts';
import { storeTargets } from './helpers/targets.ts';

// Published adoption figures (`catalog/adoption.toml`): checked with the catalog (errors name file and line), loaded
// into the store with it on both engines, and read back through one repository by GET /api/adoption and
// `omo adoption`. The fixture's figures are made up for the mini catalog's made-up makers.

const SOURCE = `source = { url = "https://example.org/report", title = "A report", accessed = 2026-01-10 }`;

const ADOPTION = `
[[families]]
id = "dragon"
name = "Dragon"
org = "dragon-lab"

[[facts]]
id = "dragon-derivatives-2025"
kind = "family"
subject = "dragon"
metric = "derivatives"
value = 1200
qualifier = "more-than"
as_of = 2025-06-30
scope = "Hugging Face"
measured_by = "platform"
${SOURCE}
quote = "more than 1,200 derivatives"

[[facts]]
id = "dragon-derivatives-2024"
kind = "family"
subject = "dragon"
metric = "derivatives"
value = 300
as_of = "2024"
scope = "all platforms"
measured_by = "maker"
${SOURCE}
primary = { url = "https://dragon.example/blog", title = "Dragon's blog" }
reported_in = [{ url = "https://example.org/press", title = "Press", accessed = 2026-01-09 }]
quote = "300 derivatives"
note = "the maker's count"

[[facts]]
id = "cn-share-2025"
kind = "country"
subject = "CN"
metric = "download_share"
value = 0.41
as_of = "2025-12"
scope = "Hugging Face"
measured_by = "independent"
${SOURCE}
quote = "41% of downloads"

[[facts]]
id = "acme-downloads-2025"
kind = "org"
subject = "acme"
metric = "downloads"
value = 5e8
qualifier = "about"
as_of = "2025-03"
scope = "all platforms"
measured_by = "maker"
${SOURCE}
quote = "half a billion downloads"
`;

/** A `[[facts]]` entry with the fields a test changes and valid values for the rest. */
function fact(fields: Record<string, string>): string {
  const all: Record<string, string> = {
    id: '"f"',
    kind: '"country"',
    subject: '"CN"',
    metric: '"downloads"',
    value: '1',
    as_of: '"2025"',
    scope: '"Hugging Face"',
    measured_by: '"platform"',
    quote: '"q"',
    ...fields,
  };
  const lines = Object.entries(all).map(([k, v]) => `${k} = ${v}`);
  if (!('source' in fields)) lines.push(SOURCE);
  return `[[facts]]\n${lines.join('\n')}\n`;
}

/** The problems loading a catalog with this adoption file reports, as `file:line: field: message`. */
function problems(text: string): string[] {
  const copy = catalogCopy({ 'adoption.toml': text });
  try {
    loadCatalog(copy.dir);
    return [];
  } catch (e) {
    if (!(e instanceof CatalogError)) throw e;
    return e.issues.map(formatIssue);
  } finally {
    copy.cleanup();
  }
}

describe('adoption.toml is checked with the catalog', () => {
  it('loads the figures with their subjects resolved, and a catalog without the file has none', () => {
    const copy = catalogCopy({ 'adoption.toml': ADOPTION });
    try {
      const { adoption } = loadCatalog(copy.dir);
      expect(adoption.families).toEqual([
        { id: 'dragon', name: 'Dragon', org: 'dragon-lab', prefixes: ['Dragon'] },
      ]);
      expect(adoption.facts.map((f) => [f.id, f.subject_name, f.country, f.as_of_precision])).toEqual([
        ['dragon-derivatives-2025', 'Dragon', 'CN', 'day'],
        ['dragon-derivatives-2024', 'Dragon', 'CN', 'year'],
        ['cn-share-2025', 'China', 'CN', 'month'],
        ['acme-downloads-2025', 'Acme AI', 'US', 'month'],
      ]);
      const maker = adoption.facts[1];
      expect(maker).toMatchObject({
        unit: 'models',
        qualifier: 'exact',
        primary: { url: 'https://dragon.example/blog', title: "Dragon's blog" },
        reported_in: [{ url: 'https://example.org/press', title: 'Press', accessed: '2026-01-09' }],
        note: "the maker's count",
      });
    } finally {
      copy.cleanup();
    }
    const without = catalogCopy();
    try {
      expect(loadCatalog(without.dir).adoption).toEqual({ families: [], facts: [] });
    } finally {
      without.cleanup();
    }
  });

  it('names the file, line and field of unknown subjects and makers', () => {
    const text = [
      '[[families]]\nid = "ghost"\nname = "Ghost"\norg = "no-such-org"\n',
      fact({ id: '"a"', kind: '"family"', subject: '"qwen"' }),
      fact({ id: '"b"', kind: '"org"', subject: '"nobody"' }),
      fact({ id: '"c"', kind: '"country"', subject: '"XX"' }),
    ].join('\n');
    // A family without `prefixes` is matched by its name; the problem points at its [[families]] header.
    expect(problems(text)).toEqual([
      'catalog/adoption.toml:4: families[0].org: unknown organisation "no-such-org"',
      'catalog/adoption.toml:1: families[0].prefixes: "Ghost" starts no catalog model\'s family',
      'catalog/adoption.toml:9: facts[0].subject: unknown family "qwen" (declare it under [[families]])',
      'catalog/adoption.toml:21: facts[1].subject: unknown organisation "nobody"',
      'catalog/adoption.toml:33: facts[2].subject: "XX" is not an ISO 3166-1 alpha-2 country code such as "CN"',
    ]);
  });

  it('rejects impossible dates, dates after the source was read, shares over 1, wrong units and twice-used ids', () => {
    const text = [
      fact({ id: '"a"', as_of: '"2025-02-30"' }),
      fact({ id: '"b"', as_of: '"2027-01"' }),
      fact({ id: '"c"', metric: '"download_share"', value: '41' }),
      fact({ id: '"d"', unit: '"fraction"' }),
      fact({ id: '"d"' }),
    ].join('\n');
    expect(problems(text)).toEqual([
      'catalog/adoption.toml:7: facts[0].as_of: expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got "2025-02-30"',
      'catalog/adoption.toml:30: facts[2].value: a share is a fraction between 0 and 1 (0.3 for 30%), got 41',
      'catalog/adoption.toml:47: facts[3].unit: downloads is counted in downloads, got "fraction"',
    ]);
    // Once the file passes its schema, the rules across facts run.
    const valid = [fact({ id: '"b"', as_of: '"2027-01"' }), fact({ id: '"b"' })].join('\n');
    expect(problems(valid)).toEqual([
      'catalog/adoption.toml:7: facts[0].as_of: 2027-01 is after the day the source was read (2026-01-10)',
      'catalog/adoption.toml:14: facts[1].id: fact "b" is listed twice',
    ]);
  });

  it('names unknown fields, missing sources and non-http links', () => {
    const text = fact({
      typo: '1',
      source: '{ url = "javascript:alert(1)", title = "t", accessed = 2026-01-01 }',
    }).replace(`${SOURCE}\n`, '');
    expect(problems(text)).toEqual([
      'catalog/adoption.toml:12: facts[0].source.url: expected an absolute http(s) URL, got "javascript:alert(1)"',
      'catalog/adoption.toml:11: facts[0].typo: unknown field "typo"',
    ]);
    expect(problems(fact({}).replace(SOURCE, ''))).toEqual([
      'catalog/adoption.toml:1: facts[0].source: required field is missing',
    ]);
  });
});

describe('series', () => {
  it('groups by subject and metric, oldest first, keeping each point’s scope and who measured it', () => {
    const copy = catalogCopy({ 'adoption.toml': ADOPTION });
    try {
      const series = adoptionSeries(loadCatalog(copy.dir).adoption.facts);
      expect(
        series.map((s) => [s.subject, s.metric, s.points.map((p) => [p.as_of, p.value, p.scope])]),
      ).toEqual([
        [
          'dragon',
          'derivatives',
          [
            ['2024', 300, 'all platforms'],
            ['2025-06-30', 1200, 'Hugging Face'],
          ],
        ],
        ['CN', 'download_share', [['2025-12', 0.41, 'Hugging Face']]],
        ['acme', 'downloads', [['2025-03', 5e8, 'all platforms']]],
      ]);
    } finally {
      copy.cleanup();
    }
  });
});

describe.each(storeTargets)('adoption figures in the store on $name', (target) => {
  const copy = catalogCopy({ 'adoption.toml': ADOPTION });
  let deps: Deps;
  let url: string;
  let drop: () => Promise<void>;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    const created = await target.create();
    ({ url, drop } = created);
    deps = createDeps({ url, catalogDir: copy.dir });
    await ensureCatalog(deps);
    app = createApp(deps, { responseCache: false });
  });
  afterAll(async () => {
    await deps.store.close();
    await drop();
    copy.cleanup();
  });

  it('migrates with 007-adoption', async () => {
    const rows = await deps.store.db.selectFrom('kysely_migration').select('name').execute();
    expect(rows.map((r) => r.name)).toContain('007-adoption');
    expect(await migrate(deps.store)).toEqual([]);
  });

  it('reads back exactly the facts the catalog loaded, oldest first', async () => {
    const loaded = loadCatalog(copy.dir).adoption.facts;
    const stored = await deps.adoption.facts();
    expect(stored.map((f) => f.id)).toEqual([
      'dragon-derivatives-2024',
      'acme-downloads-2025',
      'dragon-derivatives-2025',
      'cn-share-2025',
    ]);
    expect([...stored].sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      [...loaded].sort((a, b) => a.id.localeCompare(b.id)),
    );
  });

  it('filters by subject (id or name, any case), metric and kind', async () => {
    const ids = async (filter: Parameters<Deps['adoption']['facts']>[0]) =>
      (await deps.adoption.facts(filter)).map((f) => f.id);
    expect(await ids({ subject: 'DRAGON' })).toEqual(['dragon-derivatives-2024', 'dragon-derivatives-2025']);
    expect(await ids({ subject: 'China' })).toEqual(['cn-share-2025']);
    expect(await ids({ subject: 'Acme AI' })).toEqual(['acme-downloads-2025']);
    expect(await ids({ metric: 'download_share' })).toEqual(['cn-share-2025']);
    expect(await ids({ kind: 'org' })).toEqual(['acme-downloads-2025']);
    expect(await ids({ subject: 'dragon', metric: 'downloads' })).toEqual([]);
    await expect(deps.adoption.facts({ subject: 'dragn' })).rejects.toThrow(
      /no adoption figures for "dragn" \(did you mean "dragon"\?\)/,
    );
    await expect(deps.adoption.facts({ subject: 'dragon', kind: 'country' })).rejects.toThrow(
      /no adoption figures for country "dragon"/,
    );
  });

  it('replaces the figures when the file changes, and a failing file changes nothing', async () => {
    const other = catalogCopy({ 'adoption.toml': ADOPTION.replace('value = 1200', 'value = 1300') });
    const broken = catalogCopy({ 'adoption.toml': ADOPTION.replace('subject = "CN"', 'subject = "ZZ"') });
    const second = createDeps({ url, catalogDir: other.dir });
    try {
      await ensureCatalog(second);
      const [latest] = (await second.adoption.facts({ subject: 'dragon' })).slice(-1);
      expect(latest?.value).toBe(1300);
      expect(() => loadCatalog(broken.dir)).toThrow(CatalogError);
      await expect(ensureCatalog(createDeps({ url, catalogDir: broken.dir }))).rejects.toThrow(CatalogError);
      expect((await second.adoption.facts()).length).toBe(4);
    } finally {
      await second.store.close();
      other.cleanup();
      broken.cleanup();
      await ensureCatalog(deps);
    }
  });

  it('GET /api/adoption answers facts and series from the same repository', async () => {
    const r = await call(app, '/api/adoption?subject=dragon&metric=derivatives');
    expect(r.status).toBe(200);
    expect(r.json).toEqual(await deps.adoption.answer({ subject: 'dragon', metric: 'derivatives' }));
    expect(r.json.series).toEqual([
      {
        kind: 'family',
        subject: 'dragon',
        subject_name: 'Dragon',
        metric: 'derivatives',
        unit: 'models',
        points: [
          {
            id: 'dragon-derivatives-2024',
            as_of: '2024',
            value: 300,
            qualifier: 'exact',
            scope: 'all platforms',
            measured_by: 'maker',
            source: { url: 'https://example.org/report', title: 'A report' },
          },
          {
            id: 'dragon-derivatives-2025',
            as_of: '2025-06-30',
            value: 1200,
            qualifier: 'more-than',
            scope: 'Hugging Face',
            measured_by: 'platform',
            source: { url: 'https://example.org/report', title: 'A report' },
          },
        ],
      },
    ]);
    const all = await call(app, '/api/adoption');
    expect(all.json.facts).toHaveLength(4);
    expect(all.json.series).toHaveLength(3);
  });

  it('GET /api/adoption refuses unknown parameters and values with a 400 naming them', async () => {
    for (const [query, named] of [
      ['metric=likes', '"metric"'],
      ['kind=planet', '"kind"'],
      ['subject=dragn', 'did you mean "dragon"'],
      ['subjects=dragon', 'subjects'],
      ['metric=derivatives&metric=downloads', '"metric"'],
    ]) {
      const r = await call(app, `/api/adoption?${query}`);
      expect(r.status, query).toBe(400);
      expect(r.json.error.message, query).toContain(named);
    }
  });

  it('`omo adoption --json` prints what the API answers; the table shows figures as stated', async () => {
    const args = ['--db', url, '--catalog', copy.dir, 'adoption'];
    const json = await runOmoInProcess([...args, '--subject', 'dragon', '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual((await call(app, '/api/adoption?subject=dragon')).json);
    const table = await runOmoInProcess(args);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('4 figures, oldest first');
    expect(table.stdout).toMatch(
      /2025-06-30\s+Dragon\s+derivatives\s+>1,200\s+Hugging Face\s+platform\s+\[1\]/,
    );
    expect(table.stdout).toMatch(/2025-12\s+China\s+download_share\s+41%/);
    expect(table.stdout).toMatch(/2025-03\s+Acme AI\s+downloads\s+~500,000,000/);
    expect(table.stdout).toContain('[1] A report: https://example.org/report');
    const wrong = await runOmoInProcess([...args, '--subject', 'dragn']);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toContain('did you mean "dragon"');
  });
});
