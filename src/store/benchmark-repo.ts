import { type Kysely, sql } from 'kysely';
import { closestNames, didYouMean, matchName } from '../domain/closest-names.ts';
import { BadRequestError } from '../domain/errors.ts';
import type { Model } from '../domain/model.ts';
import type { Database } from './database.ts';
import { type Filter, resolveFilters, whereSql } from './list-filters.ts';

export interface BenchmarkPoint {
  id: string;
  name: string;
  countries: string[];
  organizations: string[];
  released: string | null;
  total: number | null;
  active: number | null;
  score: number;
  metric: string;
  variant: string;
  sourceUrl: string;
}

export function benchmarkRepo(db: Kysely<Database>) {
  /** Benchmarks the catalog has results for, with how many models report each (most reported first). */
  async function list(): Promise<{ benchmark: string; metric: string; models: number }[]> {
    const { rows } = await sql<{ benchmark: string; metric: string; models: number }>`
      select benchmark, metric, count(distinct model_id) as models from benchmark_results
      group by benchmark, metric`.execute(db);
    return rows
      .map((r) => ({ ...r, models: Number(r.models) }))
      .sort(
        (a, b) =>
          b.models - a.models || a.benchmark.localeCompare(b.benchmark) || a.metric.localeCompare(b.metric),
      );
  }

  /**
   * The catalog's name of a benchmark as typed in any case and spacing (`aime 2024`, `AIME-2024` → `AIME 2024`); a
   * BadRequestError naming `label` with the closest names when the catalog has no such benchmark.
   */
  async function resolve(typed: string, label = '"benchmark"'): Promise<string> {
    const names = [...new Set((await list()).map((b) => b.benchmark))].map((b) => ({ value: b, names: [b] }));
    const found = matchName(typed, names);
    if (found !== null) return found;
    throw new BadRequestError(
      'invalid_parameter',
      `${label}: no benchmark "${typed}" in the catalog${didYouMean(closestNames(typed, names, 3))}; /api/benchmarks lists them`,
    );
  }

  /**
   * The metric of a benchmark's results as typed in any case; a BadRequestError naming `label` with the benchmark's
   * metrics otherwise.
   */
  async function resolveMetric(benchmark: string, typed: string, label = '"metric"'): Promise<string> {
    const metrics = (await list()).filter((b) => b.benchmark === benchmark).map((b) => b.metric);
    const found = matchName(
      typed,
      metrics.map((m) => ({ value: m, names: [m] })),
    );
    if (found !== null) return found;
    throw new BadRequestError(
      'invalid_parameter',
      `${label}: ${benchmark} has no results as "${typed}"; it has ${metrics.join(', ') || 'none'}`,
    );
  }

  /** Each filtered model's first listed result on a benchmark (and metric, when given). */
  async function points(
    benchmark: string,
    metric: string | null,
    filters: Filter[],
  ): Promise<BenchmarkPoint[]> {
    const name = await resolve(benchmark);
    const metricName = metric === null ? null : await resolveMetric(name, metric);
    const extra = [sql`b.benchmark = ${name}`, ...(metricName ? [sql`b.metric = ${metricName}`] : [])];
    const { rows } = await sql<{
      data: string;
      score: number;
      metric: string;
      variant: string;
      source_url: string;
      position: number;
    }>`
      select t.data as data, b.score as score, b.metric as metric, b.variant as variant, b.source_url as source_url,
             b.position as position
      from models t join benchmark_results b on b.model_id = t.id
      ${whereSql(await resolveFilters(db, filters), extra)} order by t.id, b.position`.execute(db);
    const seen = new Set<string>();
    const out: BenchmarkPoint[] = [];
    for (const r of rows) {
      const m = JSON.parse(r.data) as Model;
      if (seen.has(m.id)) continue;
      seen.add(m.id);
      out.push({
        id: m.id,
        name: m.name,
        countries: m.countries,
        organizations: m.organizations.map((o) => o.id),
        released: m.released,
        total: m.parameters.total,
        active: m.parameters.active,
        score: Number(r.score),
        metric: r.metric,
        variant: r.variant,
        sourceUrl: r.source_url,
      });
    }
    return out;
  }

  return { list, resolve, resolveMetric, points };
}
