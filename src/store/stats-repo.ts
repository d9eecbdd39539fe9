import { type Kysely, type RawBuilder, sql } from 'kysely';
import { BadRequestError } from '../domain/errors.ts';
import type { Database } from './database.ts';
import { type Filter, parseListQuery, sortCounts, whereSql } from './list-query.ts';
import { modelListSpec } from './model-repo.ts';

export interface Count {
  value: string | number | null;
  count: number;
  /** count / models matched; a joint model counts once for each of its countries or makers, so shares can sum past 1. */
  share: number;
}

export interface CatalogStats {
  asOf: { catalogLoadedAt: string | null; catalogHash: string | null; latestRelease: string | null };
  filters: Record<string, string[]>;
  totals: {
    models: number;
    organizations: number;
    countries: number;
    openWeights: number;
    withParameters: number;
  };
  byCountry: (Count & { organizations: number; openWeights: number; paramsTotal: number })[];
  byOrganization: (Count & { name: string; country: string; paramsTotal: number })[];
  byOrganizationKind: Count[];
  byModality: { input: Count[]; output: Count[] };
  byTask: Count[];
  byLicenseClass: Count[];
  byWeights: Count[];
  byArchitecture: Count[];
  byYear: Count[];
}

/** Model filters of the list grammar (`country=CN`, `open=true`, …); by default only `kind=model` entries count. */
export function parseStatsFilters(pairs: [string, string][]): {
  filters: Filter[];
  given: Record<string, string[]>;
} {
  for (const [key] of pairs) {
    if (['sort', 'limit', 'cursor', 'facet', 'format'].includes(key)) {
      throw new BadRequestError(
        'unknown_parameter',
        `unknown parameter "${key}": statistics take model filters only`,
      );
    }
  }
  const withKind = pairs.some(([k]) => k === 'kind' || k.startsWith('kind__'))
    ? pairs
    : [...pairs, ['kind', 'model'] as [string, string]];
  const given: Record<string, string[]> = {};
  for (const [k, v] of withKind) given[k] = [...(given[k] ?? []), v];
  return { filters: parseListQuery(modelListSpec, withKind).filters, given };
}

export function statsRepo(db: Kysely<Database>) {
  async function counts(
    select: RawBuilder<unknown>,
    from: RawBuilder<unknown>,
    where: RawBuilder<unknown>,
    group: RawBuilder<unknown>,
    total: number,
  ): Promise<Count[]> {
    const { rows } = await sql<{ value: string | number | null; count: number }>`
      select ${select} as value, count(distinct t.id) as count from ${from} ${where} group by ${group}`.execute(
      db,
    );
    return sortCounts(
      rows.map((r) => ({
        value: r.value,
        count: Number(r.count),
        share: total ? Number(r.count) / total : 0,
      })),
    );
  }

  async function get(filters: Filter[], given: Record<string, string[]> = {}): Promise<CatalogStats> {
    const where = whereSql(filters);
    const models = sql`models t`;
    const totals = (
      await sql<{ models: number; open: number; with_params: number; latest: string | null }>`
        select count(*) as models, coalesce(sum(t.open), 0) as open,
               count(t.params_total) as with_params, max(t.released) as latest
        from models t ${where}`.execute(db)
    ).rows[0];
    const total = Number(totals?.models ?? 0);
    const orgsAndCountries = (
      await sql<{ orgs: number; countries: number }>`
        select count(distinct mo.org_id) as orgs, count(distinct mo.country) as countries
        from models t join model_orgs mo on mo.model_id = t.id ${where}`.execute(db)
    ).rows[0];
    const meta = await db
      .selectFrom('meta')
      .select(['key', 'value'])
      .where('key', 'in', ['catalog_loaded_at', 'catalog_hash'])
      .execute();
    const metaOf = (k: string) => meta.find((m) => m.key === k)?.value ?? null;

    const byCountry = (
      await sql<{ value: string; count: number; organizations: number; open: number; params: number | null }>`
        select mo.country as value, count(distinct t.id) as count, count(distinct mo.org_id) as organizations,
               count(distinct case when t.open = 1 then t.id end) as open, sum(t.params_total) as params
        from models t join model_orgs mo on mo.model_id = t.id ${where} group by mo.country`.execute(db)
    ).rows.map((r) => ({
      value: r.value,
      count: Number(r.count),
      share: total ? Number(r.count) / total : 0,
      organizations: Number(r.organizations),
      openWeights: Number(r.open),
      paramsTotal: Number(r.params ?? 0),
    }));
    const byOrganization = (
      await sql<{ value: string; name: string; country: string; count: number; params: number | null }>`
        select o.id as value, o.name as name, o.country as country, count(distinct t.id) as count,
               sum(t.params_total) as params
        from models t join model_orgs mo on mo.model_id = t.id join organizations o on o.id = mo.org_id
        ${where} group by o.id, o.name, o.country`.execute(db)
    ).rows.map((r) => ({
      value: r.value,
      name: r.name,
      country: r.country,
      count: Number(r.count),
      share: total ? Number(r.count) / total : 0,
      paramsTotal: Number(r.params ?? 0),
    }));
    const modality = (direction: 'input' | 'output') =>
      counts(
        sql`mm.modality`,
        sql`models t join model_modalities mm on mm.model_id = t.id and mm.direction = ${direction}`,
        where,
        sql`mm.modality`,
        total,
      );
    return {
      asOf: {
        catalogLoadedAt: metaOf('catalog_loaded_at'),
        catalogHash: metaOf('catalog_hash'),
        latestRelease: totals?.latest ?? null,
      },
      filters: given,
      totals: {
        models: total,
        organizations: Number(orgsAndCountries?.orgs ?? 0),
        countries: Number(orgsAndCountries?.countries ?? 0),
        openWeights: Number(totals?.open ?? 0),
        withParameters: Number(totals?.with_params ?? 0),
      },
      byCountry: sortCounts(byCountry),
      byOrganization: sortCounts(byOrganization),
      byOrganizationKind: await counts(
        sql`o.kind`,
        sql`models t join model_orgs mo on mo.model_id = t.id join organizations o on o.id = mo.org_id`,
        where,
        sql`o.kind`,
        total,
      ),
      byModality: { input: await modality('input'), output: await modality('output') },
      byTask: await counts(
        sql`mt.task`,
        sql`models t join model_tasks mt on mt.model_id = t.id`,
        where,
        sql`mt.task`,
        total,
      ),
      byLicenseClass: await counts(sql`t.license_class`, models, where, sql`t.license_class`, total),
      byWeights: await counts(sql`t.weights`, models, where, sql`t.weights`, total),
      byArchitecture: await counts(sql`t.architecture`, models, where, sql`t.architecture`, total),
      byYear: (await counts(sql`t.released_year`, models, where, sql`t.released_year`, total)).sort((a, b) =>
        a.value === null ? 1 : b.value === null ? -1 : Number(a.value) - Number(b.value),
      ),
    };
  }

  return { get };
}
