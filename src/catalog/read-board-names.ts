import { existsSync } from 'node:fs';
import path from 'node:path';
import type { BoardName } from '../domain/board-name.ts';
import { foldName } from '../domain/closest-names.ts';
import type { Model } from '../domain/model.ts';
import type { Organization } from '../domain/organization.ts';
import { BoardNamesFile } from './catalog-files.ts';
import type { CatalogReader } from './catalog-reader.ts';

/** The reviewed resolution table of leaderboard names, beside `licenses.toml`. Optional: no file, no entries. */
const BOARD_NAMES_FILE = 'board-names.toml';

/**
 * `board-names.toml` as entries, with the cross-file rules: `org` is an organisation id, `model` a catalog model id
 * made by that organisation, and one name has at most one entry per board (and one for every board). Entries that
 * break a rule are reported with their file and line.
 */
export function readBoardNames(
  reader: CatalogReader,
  models: readonly Model[],
  organizations: ReadonlyMap<string, Organization>,
): BoardName[] {
  const abs = path.join(reader.root, BOARD_NAMES_FILE);
  if (!existsSync(abs)) return [];
  const parsed = reader.parseFile(abs, BoardNamesFile);
  if (!parsed) return [];
  const byId = new Map(models.map((m) => [m.id, m]));
  const byLowerId = new Map(models.map((m) => [m.id.toLowerCase(), m]));
  const seen = new Map<string, number>();
  const out: BoardName[] = [];
  parsed.data.names.forEach((e, i) => {
    let ok = true;
    if (!organizations.has(e.org)) {
      reader.issue(
        parsed,
        ['names', i, 'org'],
        `unknown organisation "${e.org}" (expected a catalog folder name)`,
      );
      ok = false;
    }
    if (e.model !== undefined) {
      const m = byId.get(e.model);
      if (!m) {
        const near = byLowerId.get(e.model.toLowerCase());
        reader.issue(
          parsed,
          ['names', i, 'model'],
          `unknown model "${e.model}"${near ? ` (did you mean "${near.id}"?)` : ' (expected a catalog model id)'}`,
        );
        ok = false;
      } else if (!m.organizations.some((o) => o.id === e.org)) {
        reader.issue(
          parsed,
          ['names', i, 'org'],
          `"${e.org}" is not a maker of ${m.id} (${m.organizations.map((o) => o.id).join(', ')})`,
        );
        ok = false;
      }
    }
    const key = `${e.board ?? '*'}\u0000${foldName(e.name)}`;
    const first = seen.get(key);
    if (first !== undefined) {
      reader.issue(
        parsed,
        ['names', i, 'name'],
        `"${e.name}" already has an entry${e.board ? ` for ${e.board}` : ''} (names[${first}])`,
      );
      ok = false;
    } else seen.set(key, i);
    if (ok)
      out.push({
        name: e.name,
        board: e.board ?? null,
        model: e.model ?? null,
        org: e.org,
        note: e.note ?? null,
      });
  });
  return out;
}
