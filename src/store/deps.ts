import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Catalog, loadCatalog } from '../catalog/load-catalog.ts';
import { benchmarkRepo } from './benchmark-repo.ts';
import { catalogRepo, type LoadResult } from './catalog-repo.ts';
import { hubRepo } from './hub-repo.ts';
import { modelRepo } from './model-repo.ts';
import { migrate, openStore, type Store, type StoreOptions } from './open-store.ts';
import { orgRepo } from './org-repo.ts';
import { statsRepo } from './stats-repo.ts';

/** The catalog shipped with the package. */
export const BUNDLED_CATALOG = path.resolve(fileURLToPath(new URL('../../catalog', import.meta.url)));

export function resolveCatalogDir(dir?: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(dir || env.OMO_CATALOG || BUNDLED_CATALOG);
}

/** What the API routes and CLI commands work with: one store and the repositories over it. */
export interface Deps {
  store: Store;
  catalogDir: string;
  models: ReturnType<typeof modelRepo>;
  orgs: ReturnType<typeof orgRepo>;
  catalog: ReturnType<typeof catalogRepo>;
  hub: ReturnType<typeof hubRepo>;
  stats: ReturnType<typeof statsRepo>;
  benchmarks: ReturnType<typeof benchmarkRepo>;
}

export function createDeps(opts: StoreOptions & { catalogDir?: string | undefined } = {}): Deps {
  const store = openStore(opts);
  return {
    store,
    catalogDir: resolveCatalogDir(opts.catalogDir, opts.env),
    models: modelRepo(store.db),
    orgs: orgRepo(store.db),
    catalog: catalogRepo(store.db, store.dialect),
    hub: hubRepo(store.db, store.dialect),
    stats: statsRepo(store.db),
    benchmarks: benchmarkRepo(store.db),
  };
}

/** Migrates the store and loads the catalog into it when the store has none or an older one. */
export async function ensureCatalog(deps: Deps): Promise<LoadResult & { catalog: Catalog }> {
  await migrate(deps.store);
  const catalog = loadCatalog(deps.catalogDir);
  const result = await deps.catalog.replace(catalog);
  return { ...result, catalog };
}
