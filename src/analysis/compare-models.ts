import type { Model } from '../domain/model.ts';

/** How many models one comparison takes at most (the API's `ids`, `omo compare`'s arguments). */
export const MAX_COMPARE = 8;

export const PRECISIONS = { bf16: 2, fp8: 1, int8: 1, int4: 0.5 } as const;
export type Precision = keyof typeof PRECISIONS;

export interface ModelComparison {
  /** The first model is the reference: ratios and deltas are against it. */
  reference: string;
  models: Pick<
    Model,
    | 'id'
    | 'name'
    | 'organizations'
    | 'countries'
    | 'released'
    | 'weights'
    | 'license'
    | 'architecture'
    | 'parameters'
    | 'contextLength'
    | 'modalities'
  >[];
  parameters: {
    id: string;
    total: number | null;
    active: number | null;
    /** total / reference total, e.g. 0.048 for QwQ-32B against DeepSeek-R1. */
    totalRatio: number | null;
    activeRatio: number | null;
  }[];
  /** Weight memory in bytes: from the computed config figures when the catalog has them, else total × bytes. */
  memory: ({ id: string; basis: 'config' | 'stated total' | null } & Record<Precision, number | null>)[];
  /** Benchmarks that at least two of the models report, with each score and the delta against the reference. */
  benchmarks: {
    benchmark: string;
    metric: string;
    scores: Record<string, number | null>;
    deltas: Record<string, number | null>;
  }[];
}

const ratio = (a: number | null, b: number | null) => (a === null || b === null || b === 0 ? null : a / b);

export function compareModels(models: readonly Model[]): ModelComparison {
  const [reference] = models;
  if (!reference) throw new Error('compareModels needs at least one model');
  const byBenchmark = new Map<string, { benchmark: string; metric: string; scores: Map<string, number> }>();
  for (const m of models) {
    for (const b of m.benchmarks) {
      const key = `${b.benchmark}\u0000${b.metric}`;
      const entry = byBenchmark.get(key) ?? { benchmark: b.benchmark, metric: b.metric, scores: new Map() };
      if (!entry.scores.has(m.id)) entry.scores.set(m.id, b.score); // the first listed result of a model counts
      byBenchmark.set(key, entry);
    }
  }
  const benchmarks = [...byBenchmark.values()]
    .filter((b) => b.scores.size >= 2)
    .sort((a, b) => b.scores.size - a.scores.size || a.benchmark.localeCompare(b.benchmark))
    .map((b) => {
      const ref = b.scores.get(reference.id) ?? null;
      const scores = Object.fromEntries(models.map((m) => [m.id, b.scores.get(m.id) ?? null]));
      const deltas = Object.fromEntries(
        models.map((m) => {
          const s = b.scores.get(m.id);
          return [m.id, s === undefined || ref === null ? null : Math.round((s - ref) * 1000) / 1000];
        }),
      );
      return { benchmark: b.benchmark, metric: b.metric, scores, deltas };
    });
  return {
    reference: reference.id,
    models: models.map((m) => ({
      id: m.id,
      name: m.name,
      organizations: m.organizations,
      countries: m.countries,
      released: m.released,
      weights: m.weights,
      license: m.license,
      architecture: m.architecture,
      parameters: m.parameters,
      contextLength: m.contextLength,
      modalities: m.modalities,
    })),
    parameters: models.map((m) => ({
      id: m.id,
      total: m.parameters.total,
      active: m.parameters.active,
      totalRatio: ratio(m.parameters.total, reference.parameters.total),
      activeRatio: ratio(m.parameters.active, reference.parameters.active),
    })),
    memory: models.map((m) => {
      if (m.computed) return { id: m.id, basis: 'config' as const, ...m.computed.memory };
      const total = m.parameters.total;
      const at = (p: Precision) => (total === null ? null : Math.round(total * PRECISIONS[p]));
      return {
        id: m.id,
        basis: total === null ? null : ('stated total' as const),
        bf16: at('bf16'),
        fp8: at('fp8'),
        int8: at('int8'),
        int4: at('int4'),
      };
    }),
    benchmarks,
  };
}
