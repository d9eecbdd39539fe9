import { type Kysely, sql } from 'kysely';
import type { Model } from '../domain/model.ts';
import type { Database } from './database.ts';
import { type Filter, whereSql } from './list-query.ts';

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

  /** Each filtered model's first listed result on a benchmark (and metric, when given). */
  async function points(
    benchmark: string,
    metric: string | null,
    filters: Filter[],
  ): Promise<BenchmarkPoint[]> {
    const extra = [sql`b.benchmark = ${benchmark}`, ...(metric ? [sql`b.metric = ${metric}`] : [])];
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
      ${whereSql(filters, extra)} order by t.id, b.position`.execute(db);
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

  return { list, points };
}
