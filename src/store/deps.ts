import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Kysely, KyselyPlugin } from 'kysely';
import { type BundledLoad, boardRepo } from '../boards/board-repo.ts';
import type { BoardDatabase } from '../boards/board-tables.ts';
import { BUNDLED_BOARDS_VERSION } from '../boards/bundled-boards-version.ts';
import { catalogHash } from '../catalog/catalog-hash.ts';
import type { Catalog } from '../catalog/load-catalog.ts';
import { adoptionRepo } from './adoption-repo.ts';
import { benchmarkRepo } from './benchmark-repo.ts';
import { boardNameRepo } from './board-name-repo.ts';
import { catalogRepo, type LoadResult } from './catalog-repo.ts';
import type { Database } from './database.ts';
import { hubRepo } from './hub-repo.ts';
import { licenseRepo } from './license-repo.ts';
import { modelRepo } from './model-repo.ts';
import { type Dialect, migrate, openStore, type Store, type StoreOptions } from './open-store.ts';
import { orgRepo } from './org-repo.ts';
import { statsRepo } from './stats-repo.ts';

/** The catalog shipped with the package. */
export const BUNDLED_CATALOG = path.resolve(fileURLToPath(new URL('../../catalog', import.meta.url)));

/**
 * The leaderboards loaded with a catalog: the `boards/` folder beside it (the package's own beside the bundled
 * catalog; a catalog elsewhere brings its own, or none).
 */
function boardsDirOf(catalogDir: string): string {
  return path.join(path.dirname(path.resolve(catalogDir)), 'boards');
}

export function resolveCatalogDir(dir?: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(dir || env.OMO_CATALOG || BUNDLED_CATALOG);
}

/** The repositories over one database handle: the store's own, or one read transaction of it (`readSnapshot`). */
function reposOver(db: Kysely<Database>, dialect: Dialect) {
  return {
    models: modelRepo(db),
    orgs: orgRepo(db),
    catalog: catalogRepo(db, dialect),
    hub: hubRepo(db, dialect),
    stats: statsRepo(db),
    benchmarks: benchmarkRepo(db),
    licenses: licenseRepo(db),
    // The store's Database holds the boards' tables (BoardDatabase); Kysely's types cannot narrow to a subset.
    boards: boardRepo(db as unknown as Kysely<BoardDatabase>, dialect),
    adoption: adoptionRepo(db),
    boardNames: boardNameRepo(db),
  };
}

/** What the API routes and CLI commands work with: one store and the repositories over it. */
export interface Deps extends ReturnType<typeof reposOver> {
  store: Store;
  catalogDir: string;
  /** The bundled leaderboards loaded with the catalog (`boardsDirOf(catalogDir)` unless given). */
  boardsDir: string;
  /** Set on the deps `readSnapshot` hands out: their repositories all read inside one transaction. */
  snapshot?: true;
}

export function createDeps(opts: StoreOptions & { catalogDir?: string | undefined } = {}): Deps {
  return depsOver(openStore(opts), resolveCatalogDir(opts.catalogDir, opts.env));
}

/** The deps of a store already open (tests give one whose queries they can pause). */
export function depsOver(store: Store, catalogDir: string, boardsDir = boardsDirOf(catalogDir)): Deps {
  return { store, catalogDir, boardsDir, ...reposOver(store.db, store.dialect) };
}

/**
 * Runs `fn` with repositories that all read inside one read transaction, so that an answer built from several
 * queries sees one catalog version even while `omo catalog load` commits another in a second process (a list's
 * rows, total and facets; the stats' hash and counts). PostgreSQL: REPEATABLE READ READ ONLY on one pooled
 * connection, whose snapshot is taken at its first query. SQLite: a deferred transaction on the store's one
 * connection; in WAL mode it reads the database as of its first query while writers go on. Kysely serialises that
 * connection, so other reads of this process wait until `fn` ends: keep `fn` to the queries of one answer, and read
 * only through the deps it is given (on SQLite a query through the store's own would wait for this transaction
 * forever). Inside a snapshot already, `fn` simply runs in it.
 */
export async function readSnapshot<T>(deps: Deps, fn: (deps: Deps) => Promise<T>): Promise<T> {
  if (deps.snapshot) return fn(deps);
  const { dialect } = deps.store;
  let transaction = deps.store.db.transaction();
  if (dialect === 'postgres')
    transaction = transaction.setIsolationLevel('repeatable read').setAccessMode('read only');
  return transaction.execute(async (trx) => {
    if (dialect === 'postgres') return fn({ ...deps, ...reposOver(trx, dialect), snapshot: true });
    // better-sqlite3 answers synchronously, so requests waiting for the connection would run one after another in
    // one chain of microtasks, and no socket (a /healthz probe, a cached answer) was served until the queue was empty.
    // A turn of the event loop before the first query and after each lets them in between.
    await nextTurn();
    return fn({ ...deps, ...reposOver(trx.withPlugin(turnAfterEachQuery), dialect), snapshot: true });
  });
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A turn of the event loop after each query's result (see readSnapshot). */
const turnAfterEachQuery: KyselyPlugin = {
  transformQuery: (args) => args.node,
  transformResult: async (args) => {
    await nextTurn();
    return args.result;
  },
};

/**
 * Migrates the store and loads the catalog into it when the store has none or an older one, then the bundled
 * leaderboards likewise (`ensureBoards`). Freshness is decided by hashing the catalog's files (`catalogHash`) against
 * the hash the store holds, without parsing the catalog: a read command on an unchanged catalog never imports the
 * loader (TOML, zod schemas, parameter arithmetic). `catalog` is the parsed catalog when this call loaded it.
 */
export async function ensureCatalog(
  deps: Deps,
): Promise<LoadResult & { catalog?: Catalog; boards: BundledLoad }> {
  const loaded = await ensureCatalogOnly(deps);
  return { ...loaded, boards: await ensureBoards(deps) };
}

async function ensureCatalogOnly(deps: Deps): Promise<LoadResult & { catalog?: Catalog }> {
  await migrate(deps.store);
  const state = await deps.catalog.state();
  if (state && state.hash === catalogHash(deps.catalogDir)) {
    const licenses = await deps.store.db
      .selectFrom('licenses')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return {
      models: state.models,
      organizations: state.organizations,
      licenses: Number(licenses.n),
      changed: false,
    };
  }
  const { loadCatalog } = await import('../catalog/load-catalog.ts');
  const catalog = loadCatalog(deps.catalogDir);
  return { ...(await deps.catalog.replace(catalog)), catalog };
}

/**
 * Loads the bundled leaderboards (`deps.boardsDir`) into a migrated store when they changed since the store last
 * loaded them, by the same kind of hash as the catalog's (plus the reader's version); a missing folder is no
 * boards, and removes the ones loaded before. Imported snapshots stay. A bad bundled file fails the load whole.
 */
export async function ensureBoards(deps: Deps): Promise<BundledLoad> {
  const hash = `${BUNDLED_BOARDS_VERSION}:${catalogHash(deps.boardsDir) ?? 'none'}`;
  if ((await deps.boards.bundledHash()) === hash) {
    return { changed: false, boards: 0, snapshots: 0, rows: 0, shadowed: [] };
  }
  const { readBundledBoards } = await import('../boards/read-bundled-boards.ts');
  return deps.boards.replaceBundled(readBundledBoards(deps.boardsDir), hash);
}
