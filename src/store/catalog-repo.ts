import { type Kysely, sql, type Transaction } from 'kysely';
import type { Catalog } from '../catalog/load-catalog.ts';
import type { CatalogFreshness } from '../domain/catalog-freshness.ts';
import type { Model } from '../domain/model.ts';
import { adoptionRows } from './adoption-repo.ts';
import type { Database } from './database.ts';
import type { Dialect } from './open-store.ts';

const CATALOG_TABLES = [
  'board_names',
  'adoption_facts',
  'parameter_counts',
  'benchmark_results',
  'model_names',
  'model_tasks',
  'model_modalities',
  'model_orgs',
  'models',
  'org_accounts',
  'organizations',
  'licenses',
] as const;

export interface CatalogState {
  hash: string;
  dir: string;
  loadedAt: string;
  models: number;
  organizations: number;
  /** What date the loaded catalog reaches and when its facts were read; null for a catalog loaded before omo kept it. */
  freshness: CatalogFreshness | null;
}

export interface LoadResult {
  models: number;
  organizations: number;
  licenses: number;
  changed: boolean;
}

async function insertChunked<T extends keyof Database & string>(
  trx: Transaction<Database>,
  table: T,
  rows: readonly Database[T][],
): Promise<void> {
  // SQLite caps bound parameters per statement; 200 rows of ≤ 22 columns stays well under it.
  for (let i = 0; i < rows.length; i += 200) {
    // Kysely cannot relate `Database[T]` to the insert type of a generic table name; the caller's type checks rows.
    const chunk = rows.slice(i, i + 200) as Parameters<ReturnType<typeof trx.insertInto<T>>['values']>[0];
    await trx.insertInto(table).values(chunk).execute();
  }
}

function searchText(parts: (string | null | undefined)[]): string {
  return parts
    .filter((p): p is string => !!p)
    .join('\n')
    .toLowerCase();
}

/** Advisory lock key for catalog loads on PostgreSQL. */
const CATALOG_LOCK = 0x6f6d6f01;

export function catalogRepo(db: Kysely<Database>, dialect: Dialect = 'sqlite') {
  /** The catalog the store last loaded, or null when it never loaded one. */
  async function state(): Promise<CatalogState | null> {
    const rows = await db
      .selectFrom('meta')
      .select(['key', 'value'])
      .where('key', 'like', 'catalog_%')
      .execute();
    const meta = Object.fromEntries(rows.map((r) => [r.key, r.value]));
    if (!meta.catalog_hash) return null;
    return {
      hash: meta.catalog_hash,
      dir: meta.catalog_dir ?? '',
      loadedAt: meta.catalog_loaded_at ?? '',
      models: Number(meta.catalog_models ?? 0),
      organizations: Number(meta.catalog_organizations ?? 0),
      freshness: meta.catalog_freshness ? (JSON.parse(meta.catalog_freshness) as CatalogFreshness) : null,
    };
  }

  /**
   * Makes the store hold exactly this catalog, in one transaction: any failure leaves the previous catalog as it
   * was. Loading the same catalog twice changes nothing (`changed: false`).
   */
  async function replace(catalog: Catalog, now: Date = new Date()): Promise<LoadResult> {
    const counts = {
      models: catalog.models.length,
      organizations: catalog.organizations.length,
      licenses: catalog.licenses.length,
    };
    const previous = await state();
    if (previous?.hash === catalog.hash) return { ...counts, changed: false };
    const changed = await db.transaction().execute(async (trx) => {
      // Servers starting together on one PostgreSQL database load one at a time (SQLite's write lock does the
      // same); whoever comes second finds the catalog already there.
      if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(${CATALOG_LOCK})`.execute(trx);
      // On SQLite a first write takes the write lock before the read below, so two processes never both read and
      // then deadlock upgrading their locks (the second waits for the busy timeout instead).
      else await trx.deleteFrom('meta').where('key', '=', 'catalog_lock').execute();
      const current = await trx
        .selectFrom('meta')
        .select('value')
        .where('key', '=', 'catalog_hash')
        .executeTakeFirst();
      if (current?.value === catalog.hash) return false;
      for (const table of CATALOG_TABLES) await trx.deleteFrom(table).execute();
      await insertCatalog(trx, catalog);
      await writeCatalogMeta(trx, catalog, now);
      return true;
    });
    return { ...counts, changed };
  }

  return { state, replace };
}

/** Inserts every row of the catalog's tables; the tables are empty when this runs. */
async function insertCatalog(trx: Transaction<Database>, catalog: Catalog): Promise<void> {
  const { models, organizations } = catalog;
  await insertChunked(trx, 'licenses', catalog.licenses.map(licenseRow));
  await insertChunked(trx, 'organizations', organizations.map(organizationRow));
  await insertChunked(
    trx,
    'org_accounts',
    organizations.flatMap((o) => o.huggingFace.map((a) => ({ account: a.toLowerCase(), org_id: o.id }))),
  );
  await insertChunked(trx, 'models', models.map(modelRow));
  await insertChunked(trx, 'model_orgs', models.flatMap(modelOrgRows));
  await insertChunked(trx, 'model_modalities', models.flatMap(modalityRows));
  await insertChunked(
    trx,
    'model_tasks',
    models.flatMap((m) => [...new Set(m.tasks)].map((task) => ({ model_id: m.id, task }))),
  );
  await insertChunked(trx, 'model_names', nameRows(models));
  await insertChunked(trx, 'benchmark_results', models.flatMap(benchmarkRows));
  await insertChunked(trx, 'parameter_counts', models.flatMap(parameterCountRows));
  await insertChunked(
    trx,
    'board_names',
    catalog.boardNames.map((b, position) => ({
      position,
      name: b.name,
      board: b.board,
      model_id: b.model,
      org_id: b.org,
      note: b.note,
    })),
  );
  await insertChunked(trx, 'adoption_facts', adoptionRows(catalog.adoption.facts));
}

/** Records which catalog the store now holds, so a load of the same catalog is a no-op. */
async function writeCatalogMeta(trx: Transaction<Database>, catalog: Catalog, now: Date): Promise<void> {
  const meta = {
    catalog_hash: catalog.hash,
    catalog_dir: catalog.dir,
    catalog_loaded_at: now.toISOString(),
    catalog_models: String(catalog.models.length),
    catalog_organizations: String(catalog.organizations.length),
    catalog_freshness: JSON.stringify(catalog.freshness),
  };
  await trx.deleteFrom('meta').where('key', 'in', Object.keys(meta)).execute();
  await trx
    .insertInto('meta')
    .values(Object.entries(meta).map(([key, value]) => ({ key, value })))
    .execute();
}

function licenseRow(l: Catalog['licenses'][number]): Database['licenses'] {
  return { id: l.id, name: l.name, class: l.class, spdx: l.spdx ? 1 : 0, url: l.url ?? null };
}

function organizationRow(o: Catalog['organizations'][number]): Database['organizations'] {
  return {
    id: o.id,
    name: o.name,
    native_name: o.nativeName,
    country: o.country,
    kind: o.kind,
    parent: o.parent,
    model_count: o.modelCount,
    search: searchText([o.id, o.name, o.nativeName, ...o.aliases, ...o.huggingFace]),
    data: JSON.stringify(o),
  };
}

function modelOrgRows(m: Model): Database['model_orgs'][] {
  return m.organizations.map((o, position) => ({
    model_id: m.id,
    org_id: o.id,
    country: o.country,
    position,
  }));
}

/** One row per distinct modality in each direction. */
function modalityRows(m: Model): Database['model_modalities'][] {
  const direction = (dir: 'input' | 'output') =>
    [...new Set(m.modalities[dir])].map((modality) => ({ model_id: m.id, direction: dir, modality }));
  return [...direction('input'), ...direction('output')];
}

function benchmarkRows(m: Model): Database['benchmark_results'][] {
  return m.benchmarks.map((b, position) => ({
    model_id: m.id,
    position,
    benchmark: b.benchmark,
    score: b.score,
    metric: b.metric,
    variant: b.variant,
    source_url: b.source.url,
    date: b.date,
  }));
}

function parameterCountRows(m: Model): Database['parameter_counts'][] {
  return m.parameterCounts.map((p, position) => ({
    model_id: m.id,
    position,
    total: p.total,
    active: p.active,
    method: p.method,
    canonical: p.canonical ? 1 : 0,
    source_url: p.source.url,
    note: p.note,
  }));
}

function modelRow(m: Model): Database['models'] {
  return {
    id: m.id,
    slug: m.slug,
    kind: m.kind,
    name: m.name,
    family: m.family,
    released: m.released,
    released_year: m.released ? Number(m.released.slice(0, 4)) : null,
    weights: m.weights,
    open: m.open ? 1 : 0,
    license_id: m.license.id,
    license_class: m.license.class,
    architecture: m.architecture,
    params_total: m.parameters.total,
    params_active: m.parameters.active,
    context_length: m.contextLength,
    training_tokens: m.training?.tokens ?? null,
    training_gpu_hours: m.training?.gpuHours ?? null,
    training_cost_usd: m.training?.costUsd ?? null,
    training_flops: m.training?.flops ?? null,
    training_flops_method: m.training?.flopsMethod ?? null,
    search: searchText([
      m.id,
      m.name,
      m.family,
      ...m.aliases,
      ...m.huggingFace,
      ...m.organizations.map((o) => o.name),
    ]),
    data: JSON.stringify(m),
  };
}

/**
 * Lookup keys: id, `<org>/<slug>`, name, Hub repos, aliases, and the bare file slug (`deepseek-r1`) when no other
 * model claims it. The loader has already rejected keys shared by two models.
 */
function nameRows(models: readonly Model[]): Database['model_names'][] {
  const rows = new Map<string, Database['model_names']>();
  const add = (m: Model, name: string, kind: string) => {
    const key = name.toLowerCase();
    if (!rows.has(key)) rows.set(key, { key, model_id: m.id, kind });
  };
  for (const m of models) {
    add(m, m.id, 'id');
    add(m, m.slug, 'slug');
    add(m, m.name, 'name');
    for (const h of m.huggingFace) add(m, h, 'hub');
    for (const a of m.aliases) add(m, a, 'alias');
  }
  const bare = new Map<string, Model[]>();
  for (const m of models) {
    const key = (m.slug.split('/')[1] ?? m.slug).toLowerCase();
    bare.set(key, [...(bare.get(key) ?? []), m]);
  }
  for (const [key, owners] of bare) {
    const [only] = owners;
    if (owners.length === 1 && only) add(only, key, 'slug');
  }
  return [...rows.values()];
}
