import { type CatalogState, catalogRepo } from './catalog-repo.ts';
import type { Deps } from './deps.ts';
import { openSqliteReader, openStore, type Store } from './open-store.ts';

/** Small reads over a connection of their own: the loaded catalog's state. */
export interface QuickReads {
  state(): Promise<CatalogState | null>;
}

const made = new WeakMap<Store, QuickReads>();

/**
 * A connection of its own for the small reads that must not wait behind the requests in flight — `/healthz`'s catalog
 * state and the response cache's version check, which every cached answer waits for: a read-only SQLite connection,
 * or a PostgreSQL pool of one. Through the store's connection they queued behind every answer being computed
 * (SQLite's one connection serves one transaction at a time; the PostgreSQL pool's ten can all be held by slow
 * answers), and under load a liveness probe waited seconds. Made on first use and kept with the store; closing the
 * store closes it first. A store that cannot be opened twice (SQLite in memory) is read through its own connection.
 */
export function quickReads(deps: Deps): QuickReads {
  const known = made.get(deps.store);
  if (known) return known;
  const url = deps.store.url;
  if (!url) return { state: () => deps.catalog.state() };
  let own: Store | null = null;
  const reads: QuickReads = {
    state: () => {
      own ??= deps.store.dialect === 'postgres' ? openStore({ url, poolSize: 1 }) : openSqliteReader(url);
      return catalogRepo(own.db, own.dialect).state();
    },
  };
  const closeStore = deps.store.close;
  deps.store.close = async () => {
    await own?.close();
    await closeStore();
  };
  made.set(deps.store, reads);
  return reads;
}
