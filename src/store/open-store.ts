import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, type Migration, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import type pg from 'pg';
import { OmoError } from '../domain/errors.ts';
import type { Database } from './database.ts';
import * as m001 from './migrations/001-catalog.ts';
import * as m002 from './migrations/002-hub.ts';
import * as m003 from './migrations/003-hub-model-key.ts';
import * as m004 from './migrations/004-catalog-training.ts';
import * as m005 from './migrations/005-boards.ts';
import * as m006 from './migrations/006-board-names.ts';
import * as m007 from './migrations/007-adoption.ts';
import { storeUnavailable } from './store-errors.ts';

let pgModule: typeof pg | null = null;
/**
 * The pg driver, loaded on the first PostgreSQL store: a SQLite command (the default) starts without it (~50 ms
 * of module loading). PostgreSQL returns bigint (int8) and numeric as strings; every count the store keeps fits
 * in a double.
 */
function loadPg(): typeof pg {
  if (!pgModule) {
    pgModule = createRequire(import.meta.url)('pg') as typeof pg;
    pgModule.types.setTypeParser(20, (v) => Number(v));
    pgModule.types.setTypeParser(1700, (v) => Number(v));
  }
  return pgModule;
}

export type Dialect = 'sqlite' | 'postgres';

export interface Store {
  db: Kysely<Database>;
  dialect: Dialect;
  /** Where the data lives: a file path, or the PostgreSQL URL without its password. */
  location: string;
  /**
   * What opens this store again, password included, for worker threads that open their own connection; never shown.
   * Absent for a store that cannot be opened twice (SQLite in memory).
   */
  url?: string;
  /** PostgreSQL's connection pool, for bulk loads that need a client of their own (COPY). */
  pool?: pg.Pool;
  close(): Promise<void>;
}

/** The PostgreSQL pool of a store (an error for SQLite stores). */
export function postgresPool(store: Store): pg.Pool {
  if (!store.pool) throw new OmoError('store_unavailable', `${store.location} is not a PostgreSQL store`);
  return store.pool;
}

export interface StoreOptions {
  /** `postgres://…` for PostgreSQL, otherwise a SQLite file path. Default: `OMO_DATABASE_URL`, then `$OMO_HOME/omo.sqlite`. */
  url?: string | undefined;
  env?: NodeJS.ProcessEnv;
  /**
   * Whether a SQLite file named by `url` or `OMO_DATABASE_URL` is created when missing (default true). The CLI says
   * false except in `omo db migrate`, so that a mistyped `--db` path is an error rather than a new, empty store; the
   * default store in `$OMO_HOME` is always created.
   */
  create?: boolean;
  /** PostgreSQL: the most connections the pool opens (default 10). */
  poolSize?: number;
}

export function omoHome(env: NodeJS.ProcessEnv = process.env): string {
  return env.OMO_HOME ? path.resolve(env.OMO_HOME) : path.join(os.homedir(), '.omo');
}

function resolveDatabaseUrl(opts: StoreOptions = {}): string {
  const env = opts.env ?? process.env;
  return opts.url || env.OMO_DATABASE_URL || path.join(omoHome(env), 'omo.sqlite');
}

function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/**
 * A wait for every connection the pool opened to be closed by the server. `pool.end()` resolves as soon as it has
 * asked its connections to end, while their sessions still run; a store closed that way and then dropped or stopped
 * at once would have its sessions terminated mid-goodbye.
 */
function connectionsEnded(pool: pg.Pool): () => Promise<void> {
  let open = 0;
  let allEnded: (() => void) | null = null;
  pool.on('connect', () => {
    open++;
  });
  pool.on('remove', () => {
    if (--open === 0) allEnded?.();
  });
  return () => (open === 0 ? Promise.resolve() : new Promise<void>((resolve) => (allEnded = resolve)));
}

export function openStore(opts: StoreOptions = {}): Store {
  const url = resolveDatabaseUrl(opts);
  if (isPostgresUrl(url)) {
    const pool = new (loadPg().Pool)({ connectionString: url, max: opts.poolSize ?? 10 });
    // The server may end an idle connection (a restart, pg_terminate_backend, DROP DATABASE … WITH (FORCE)): the
    // pool has already dropped it and opens another when asked, so its 57P01 must not become an uncaught exception.
    pool.on('error', () => {});
    // A connection the pool has lent out (a request's queries, an ingest's writer) can be ended by the server too,
    // between two queries: with no listener of its own, its 'error' event ended the process (`omo serve` exited
    // under load when PostgreSQL stopped). Its next query fails (503) and the pool discards it when given back.
    pool.on('connect', (client) => client.on('error', () => {}));
    const ended = connectionsEnded(pool);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    const location = url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
    const close = async () => {
      await db.destroy();
      await ended();
    };
    return { db, dialect: 'postgres', location, url, pool, close };
  }
  const file = url.replace(/^sqlite:(\/\/)?/, '');
  const isDefault = !opts.url && !(opts.env ?? process.env).OMO_DATABASE_URL;
  const create = opts.create !== false || isDefault;
  if (file !== ':memory:' && !create && !existsSync(file)) {
    throw new OmoError(
      'store_unavailable',
      `no SQLite store at ${path.resolve(file)}; \`omo db migrate --db ${file}\` creates one there`,
    );
  }
  if (file !== ':memory:' && create) mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  let sqlite: SqliteDatabase.Database | undefined;
  try {
    sqlite = new SqliteDatabase(file, { fileMustExist: !create });
    // 16 KiB pages (applies when the file is created): Hub snapshots write millions of rows, and larger pages make
    // those B-tree appends cheaper; a no-op on an existing database. The first pragma reads the file, so a file
    // that is not a SQLite database fails here, inside the try.
    sqlite.pragma('page_size = 16384');
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('busy_timeout = 5000');
  } catch (e) {
    sqlite?.close();
    throw new OmoError('store_unavailable', `cannot open SQLite database ${file}: ${(e as Error).message}`);
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  const location = path.resolve(file);
  return {
    db,
    dialect: 'sqlite',
    location,
    ...(file === ':memory:' ? {} : { url: location }),
    close: () => db.destroy(),
  };
}

/**
 * A second, read-only connection to the SQLite file of an open store, for readers that must not queue behind the
 * store's own connection (one connection, one query at a time): WAL lets them read beside it and beside a writer.
 */
export function openSqliteReader(file: string): Store {
  const sqlite = new SqliteDatabase(file.replace(/^sqlite:(\/\/)?/, ''), {
    readonly: true,
    fileMustExist: true,
  });
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { db, dialect: 'sqlite', location: file, url: file, close: () => db.destroy() };
}

const migrations: Record<string, Migration> = {
  '001-catalog': m001,
  '002-hub': m002,
  '003-hub-model-key': m003,
  '004-catalog-training': m004,
  '005-boards': m005,
  '006-board-names': m006,
  '007-adoption': m007,
};

/**
 * Brings the schema up to date, or to migration `to` (undoing later ones); returns the names of the migrations it
 * applied or undid.
 */
export async function migrate(store: Store, opts: { to?: string } = {}): Promise<string[]> {
  const migrator = new Migrator({ db: store.db, provider: { getMigrations: async () => migrations } });
  const { error, results } = opts.to ? await migrator.migrateTo(opts.to) : await migrator.migrateToLatest();
  if (error) {
    throw (
      storeUnavailable(error, store.location) ??
      new OmoError(
        'migration_failed',
        `migration failed on ${store.location}: ${(error as Error).message ?? error}`,
      )
    );
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
