import { paretoFrontier } from '../analysis/frontier.ts';
import type { BenchmarkPoint, benchmarkRepo } from './benchmark-repo.ts';
import type { Filter } from './list-filters.ts';

export const FRONTIER_AXES = ['active', 'total'] as const;
type FrontierAxis = (typeof FRONTIER_AXES)[number];

export interface BenchmarkFrontier {
  benchmark: string;
  metric: string | null;
  /** The metrics the benchmark is reported under, with how many models report each. */
  metrics: { metric: string; models: number }[];
  x: FrontierAxis;
  points: (BenchmarkPoint & { onFrontier: boolean })[];
  /** Ids on the Pareto frontier (fewer parameters, higher score), smallest first. */
  frontier: string[];
  /** Models with a score but no parameter count on the chosen axis. */
  withoutParameters: string[];
}

/**
 * A benchmark's scores against total or active parameters with the Pareto frontier: what GET /api/frontier and
 * `omo frontier` answer. The benchmark is named in any case (a BadRequestError with suggestions otherwise). Scores under
 * different metrics (pass@1, avg@64, accuracy…) are not comparable: one metric per frontier, by default the one
 * most models report.
 */
export async function benchmarkFrontier(
  benchmarks: ReturnType<typeof benchmarkRepo>,
  q: {
    benchmark: string;
    metric: string | null;
    x: FrontierAxis;
    filters: Filter[];
    /** How errors name the benchmark and the metric: the query parameters by default, the flags from the CLI. */
    labels?: { benchmark: string; metric: string };
  },
): Promise<BenchmarkFrontier> {
  const benchmark = await benchmarks.resolve(q.benchmark, q.labels?.benchmark);
  const available = (await benchmarks.list()).filter((b) => b.benchmark === benchmark);
  const metric =
    q.metric === null
      ? (available[0]?.metric ?? null)
      : await benchmarks.resolveMetric(benchmark, q.metric, q.labels?.metric);
  const all = metric === null ? [] : await benchmarks.points(benchmark, metric, q.filters);
  const points = all.filter((p) => p[q.x] !== null);
  const frontier = paretoFrontier(points.map((p) => ({ id: p.id, x: p[q.x] as number, y: p.score })));
  return {
    benchmark,
    metric,
    metrics: available.map((b) => ({ metric: b.metric, models: b.models })),
    x: q.x,
    points: points.map((p) => ({ ...p, onFrontier: frontier.includes(p.id) })),
    frontier,
    withoutParameters: all.filter((p) => p[q.x] === null).map((p) => p.id),
  };
}
