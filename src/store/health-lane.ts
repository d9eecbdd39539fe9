import { type CatalogState, catalogRepo } from './catalog-repo.ts';
import type { Deps } from './deps.ts';
import { openSqliteReader, openStore, type Store } from './open-store.ts';

/** What `/healthz` reads: the loaded catalog, over a connection of its own. */
export interface HealthLane {
  state(): Promise<CatalogState | null>;
}

const lanes = new WeakMap<Store, HealthLane>();

/**
 * `/healthz`'s own connection to the store: a read-only SQLite connection, or a PostgreSQL pool of one. Through the
 * store's connection it queued behind every request in flight (SQLite's one connection serves one transaction at a
 * time; the PostgreSQL pool's ten can all be held by slow answers), so under load a liveness probe waited seconds.
 * Made on first use and kept with the store; closing the store closes it first. A store that cannot be opened twice
 * (SQLite in memory) is read through its own connection.
 */
export function healthLane(deps: Deps): HealthLane {
  const known = lanes.get(deps.store);
  if (known) return known;
  const url = deps.store.url;
  if (!url) return { state: () => deps.catalog.state() };
  let own: Store | null = null;
  const lane: HealthLane = {
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
  lanes.set(deps.store, lane);
  return lane;
}
