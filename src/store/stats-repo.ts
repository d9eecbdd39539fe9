import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { CatalogFreshness } from '../domain/catalog-freshness.ts';
import type { CatalogStats, Count } from '../domain/catalog-stats.ts';
import type { Database } from './database.ts';
import { type Filter, resolveFilters, whereSql } from './list-filters.ts';
import { sortCounts } from './list-query.ts';

export type { CatalogStats, Count } from '../domain/catalog-stats.ts';

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

  /** How many models match, how many are open and carry a parameter count, and the latest release date. */
  async function totalsOf(where: RawBuilder<unknown>) {
    const { rows } = await sql<{ models: number; open: number; with_params: number; latest: string | null }>`
      select count(*) as models, coalesce(sum(t.open), 0) as open,
             count(t.params_total) as with_params, max(t.released) as latest
      from models t ${where}`.execute(db);
    return rows[0];
  }

  async function orgsAndCountriesOf(where: RawBuilder<unknown>) {
    const { rows } = await sql<{ orgs: number; countries: number }>`
      select count(distinct mo.org_id) as orgs, count(distinct mo.country) as countries
      from models t join model_orgs mo on mo.model_id = t.id ${where}`.execute(db);
    return rows[0];
  }

  /** The catalog's load time, hash and freshness, null before the first load. */
  async function catalogMeta() {
    const meta = await db
      .selectFrom('meta')
      .select(['key', 'value'])
      .where('key', 'in', ['catalog_loaded_at', 'catalog_hash', 'catalog_freshness'])
      .execute();
    const metaOf = (k: string) => meta.find((m) => m.key === k)?.value ?? null;
    const freshness = metaOf('catalog_freshness');
    return {
      loadedAt: metaOf('catalog_loaded_at'),
      hash: metaOf('catalog_hash'),
      freshness: freshness ? (JSON.parse(freshness) as CatalogFreshness) : null,
    };
  }

  async function byCountry(where: RawBuilder<unknown>, total: number) {
    const { rows } = await sql<{
      value: string;
      count: number;
      organizations: number;
      open: number;
      params: number | null;
    }>`
      select mo.country as value, count(distinct t.id) as count, count(distinct mo.org_id) as organizations,
             count(distinct case when t.open = 1 then t.id end) as open, sum(t.params_total) as params
      from models t join model_orgs mo on mo.model_id = t.id ${where} group by mo.country`.execute(db);
    return sortCounts(
      rows.map((r) => ({
        value: r.value,
        count: Number(r.count),
        share: total ? Number(r.count) / total : 0,
        organizations: Number(r.organizations),
        openWeights: Number(r.open),
        paramsTotal: Number(r.params ?? 0),
      })),
    );
  }

  async function byOrganization(where: RawBuilder<unknown>, total: number) {
    const { rows } = await sql<{
      value: string;
      name: string;
      country: string;
      count: number;
      params: number | null;
    }>`
      select o.id as value, o.name as name, o.country as country, count(distinct t.id) as count,
             sum(t.params_total) as params
      from models t join model_orgs mo on mo.model_id = t.id join organizations o on o.id = mo.org_id
      ${where} group by o.id, o.name, o.country`.execute(db);
    return sortCounts(
      rows.map((r) => ({
        value: r.value,
        name: r.name,
        country: r.country,
        count: Number(r.count),
        share: total ? Number(r.count) / total : 0,
        paramsTotal: Number(r.params ?? 0),
      })),
    );
  }

  async function get(filters: Filter[], given: Record<string, string[]> = {}): Promise<CatalogStats> {
    const where = whereSql(await resolveFilters(db, filters));
    const models = sql`models t`;
    const totals = await totalsOf(where);
    const total = Number(totals?.models ?? 0);
    const orgsAndCountries = await orgsAndCountriesOf(where);
    const meta = await catalogMeta();
    const countries = await byCountry(where, total);
    const organizations = await byOrganization(where, total);
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
        catalogLoadedAt: meta.loadedAt,
        catalogHash: meta.hash,
        latestRelease: totals?.latest ?? null,
        catalogReaches: meta.freshness?.reaches ?? null,
        factsRead: meta.freshness?.factsRead ?? null,
      },
      filters: given,
      totals: {
        models: total,
        organizations: Number(orgsAndCountries?.orgs ?? 0),
        countries: Number(orgsAndCountries?.countries ?? 0),
        openWeights: Number(totals?.open ?? 0),
        withParameters: Number(totals?.with_params ?? 0),
      },
      byCountry: countries,
      byOrganization: organizations,
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

  /**
   * Releases per period and group. Models dated only to a coarser precision than the interval (a bare year in a
   * monthly timeline) are left out and counted in `undated`, as are models without a date.
   */
  async function timeline(
    filters: Filter[],
    interval: TimelineInterval,
    group: TimelineGroup,
  ): Promise<{ interval: TimelineInterval; group: TimelineGroup; rows: TimelineRow[]; undated: number }> {
    const resolved = await resolveFilters(db, filters);
    const length = interval === 'month' ? 7 : 4;
    const dated = sql`t.released is not null and length(t.released) >= ${length}`;
    const where = whereSql(resolved, [dated]);
    const period = sql`substr(t.released, 1, ${sql.lit(length)})`;
    const { from, value } = TIMELINE_GROUPS[group];
    const { rows } = await sql<{ period: string; grp: string | null; count: number }>`
      select ${period} as period, ${sql.raw(value)} as grp, count(distinct t.id) as count
      from ${sql.raw(from)} ${where} group by ${group === 'none' ? period : sql`${period}, ${sql.raw(value)}`}`.execute(
      db,
    );
    const all = await sql<{ n: number }>`select count(*) as n from models t ${whereSql(resolved)}`.execute(
      db,
    );
    const inTimeline = await sql<{ n: number }>`select count(*) as n from models t ${where}`.execute(db);
    return {
      interval,
      group,
      rows: rows
        .map((r) => ({ period: r.period, group: r.grp, count: Number(r.count) }))
        .sort((a, b) =>
          a.period < b.period
            ? -1
            : a.period > b.period
              ? 1
              : b.count - a.count || String(a.group).localeCompare(String(b.group)),
        ),
      undated: Number(all.rows[0]?.n ?? 0) - Number(inTimeline.rows[0]?.n ?? 0),
    };
  }

  return { get, timeline };
}

export const TIMELINE_INTERVALS = ['month', 'year'] as const;
export type TimelineInterval = (typeof TIMELINE_INTERVALS)[number];

/** Fixed SQL per group; a joint model counts once in each of its countries or organisations. */
const TIMELINE_GROUPS = {
  country: { from: 'models t join model_orgs mo on mo.model_id = t.id', value: 'mo.country' },
  org: { from: 'models t join model_orgs mo on mo.model_id = t.id', value: 'mo.org_id' },
  license_class: { from: 'models t', value: 't.license_class' },
  architecture: { from: 'models t', value: 't.architecture' },
  weights: { from: 'models t', value: 't.weights' },
  none: { from: 'models t', value: "'all'" },
} as const;
export const TIMELINE_GROUP_NAMES = Object.keys(TIMELINE_GROUPS) as TimelineGroup[];
export type TimelineGroup = keyof typeof TIMELINE_GROUPS;

export interface TimelineRow {
  period: string;
  group: string | null;
  count: number;
}
