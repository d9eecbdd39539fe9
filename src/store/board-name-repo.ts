import type { Kysely } from 'kysely';
import { type BoardNameIndex, boardNameIndex, type IndexModel } from '../boards/resolve-name.ts';
import type { Organization } from '../domain/organization.ts';
import type { Database } from './database.ts';

// What resolving leaderboard names needs from the loaded catalog: every model's names, weights, licence class and
// first maker, the organisations' names, the licences, and the reviewed table (`board_names`). The index is built
// once per catalog version (a few milliseconds for the whole catalog) and kept for the next answer.

let cached: { hash: string; index: BoardNameIndex } | null = null;

export function boardNameRepo(db: Kysely<Database>) {
  /** The reviewed resolution table in file order. */
  async function list() {
    const rows = await db.selectFrom('board_names').selectAll().orderBy('position').execute();
    return rows.map((r) => ({
      name: r.name,
      board: r.board,
      model: r.model_id,
      org: r.org_id,
      note: r.note,
    }));
  }

  async function build(): Promise<BoardNameIndex> {
    const [names, models, makers, orgs, licenses, table] = await Promise.all([
      db.selectFrom('model_names').select(['key', 'model_id', 'kind']).orderBy('key').execute(),
      db.selectFrom('models').select(['id', 'weights', 'license_class']).orderBy('id').execute(),
      db.selectFrom('model_orgs').select(['model_id', 'org_id']).where('position', '=', 0).execute(),
      db.selectFrom('organizations').select(['data']).orderBy('id').execute(),
      db.selectFrom('licenses').select(['id', 'name', 'class']).orderBy('id').execute(),
      list(),
    ]);
    const byModel = new Map<string, IndexModel & { aliases: string[]; huggingFace: string[] }>();
    const maker = new Map(makers.map((m) => [m.model_id, m.org_id]));
    for (const m of models) {
      const org = maker.get(m.id);
      byModel.set(m.id, {
        id: m.id,
        name: m.id,
        aliases: [],
        huggingFace: [],
        weights: m.weights,
        license: { class: m.license_class },
        organizations: org ? [{ id: org }] : [],
      });
    }
    for (const n of names) {
      const m = byModel.get(n.model_id);
      if (!m) continue;
      if (n.kind === 'name') m.name = n.key;
      else if (n.kind === 'hub') m.huggingFace.push(n.key);
      else if (n.kind !== 'id') m.aliases.push(n.key);
    }
    return boardNameIndex(
      [...byModel.values()],
      orgs.map((r) => JSON.parse(r.data) as Organization),
      table,
      licenses,
    );
  }

  /** The name index of the loaded catalog, built once per catalog version. */
  async function index(): Promise<BoardNameIndex> {
    const meta = await db
      .selectFrom('meta')
      .select('value')
      .where('key', '=', 'catalog_hash')
      .executeTakeFirst();
    const hash = meta?.value ?? '';
    if (cached && hash !== '' && cached.hash === hash) return cached.index;
    const built = await build();
    if (hash !== '') cached = { hash, index: built };
    return built;
  }

  return { list, index };
}
