import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { catalogHash } from '../catalog/catalog-hash.ts';
import type { Catalog } from '../catalog/load-catalog.ts';
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

/**
 * Migrates the store and loads the catalog into it when the store has none or an older one. Freshness is decided
 * by hashing the catalog's files (`catalogHash`) against the hash the store holds, without parsing the catalog:
 * a read command on an unchanged catalog never imports the loader (TOML, zod schemas, parameter arithmetic).
 * `catalog` is the parsed catalog when this call loaded it.
 */
export async function ensureCatalog(deps: Deps): Promise<LoadResult & { catalog?: Catalog }> {
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
