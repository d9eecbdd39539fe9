import type { Kysely } from 'kysely';
import { type CatalogState, catalogRepo } from './catalog-repo.ts';
import type { Database } from './database.ts';
import type { Deps } from './deps.ts';
import { openSqliteReader, openStore, type Store } from './open-store.ts';

/** Small reads over a connection of their own. */
export interface QuickReads {
  /** The loaded catalog's state. */
  state(): Promise<CatalogState | null>;
  /** The connection itself, for other small reads (the Hub answers' snapshot, catalog and accounts versions). */
  db(): Kysely<Database>;
}

const made = new WeakMap<Store, QuickReads>();

/**
 * A connection of its own for the small reads that must not wait behind the requests in flight: `/healthz`'s catalog
 * state; the response cache's version check, which every cached answer waits for; the versions a Hub answer is looked
 * up by (inside a request's snapshot, on SQLite, they could otherwise never be read). A read-only SQLite connection, or
 * a PostgreSQL pool of one. Through the store's connection they queued behind every answer being computed (SQLite's
 * one connection serves one transaction at a time; the PostgreSQL pool's ten can all be held by slow answers), and
 * under load a liveness probe waited seconds. Made on first use and kept with the store; closing the store closes it
 * first. A store that cannot be opened twice (SQLite in memory) is read through its own connection.
 */
export function quickReads(deps: Deps): QuickReads {
  const known = made.get(deps.store);
  if (known) return known;
  const url = deps.store.url;
  // Over the store, never over `deps`' repositories: those may belong to a read transaction that ends.
  const { dialect } = deps.store;
  if (!url) return { state: () => catalogRepo(deps.store.db, dialect).state(), db: () => deps.store.db };
  let own: Store | null = null;
  const db = () => {
    own ??= dialect === 'postgres' ? openStore({ url, poolSize: 1 }) : openSqliteReader(url);
    return own.db;
  };
  let catalog: ReturnType<typeof catalogRepo> | null = null;
  const state = () => {
    catalog ??= catalogRepo(db(), dialect);
    return catalog.state();
  };
  const reads: QuickReads = { db, state };
  const closeStore = deps.store.close;
  deps.store.close = async () => {
    await own?.close();
    await closeStore();
  };
  made.set(deps.store, reads);
  return reads;
}
