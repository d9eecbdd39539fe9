import type { ParamReport } from '../domain/param-report.ts';
import { countDeepseek, countDeepseekNative, DEEPSEEK_ARCHITECTURES } from './architectures/deepseek.ts';
import { countDense, DENSE_ARCHITECTURES } from './architectures/dense.ts';
import { countNemotronNas, NEMOTRON_NAS_ARCHITECTURES } from './architectures/nemotron-nas.ts';
import { countSparseMoe, SPARSE_MOE_ARCHITECTURES } from './architectures/sparse-moe.ts';
import { ConfigView } from './config-view.ts';
import { InvalidConfigError, UnsupportedArchitectureError } from './errors.ts';
import type { ModelCount } from './model-count.ts';

export const DEFAULT_CONTEXT = 8192;
/** The longest context the figures are computed for. */
export const MAX_CONTEXT = 1_000_000_000;

type Counter = (cfg: ConfigView, modelType: string) => ModelCount;

const COUNTERS = new Map<string, Counter>([
  ...DENSE_ARCHITECTURES.map((t): [string, Counter] => [t, countDense]),
  ...SPARSE_MOE_ARCHITECTURES.map((t): [string, Counter] => [t, countSparseMoe]),
  ...DEEPSEEK_ARCHITECTURES.map((t): [string, Counter] => [t, countDeepseek]),
  ...NEMOTRON_NAS_ARCHITECTURES.map((t): [string, Counter] => [t, countNemotronNas]),
]);

/** The `model_type` values `computeParams` counts exactly (plus DeepSeek's native inference format). */
export const SUPPORTED_ARCHITECTURES: readonly string[] = [...COUNTERS.keys()].sort();

/** DeepSeek's own inference configs (`configs/config_671B.json`) have no model_type but `dim`, `n_layers`, MLA ranks. */
function isDeepseekNative(cfg: ConfigView): boolean {
  return !cfg.has('model_type') && cfg.has('dim') && cfg.has('n_layers') && cfg.has('kv_lora_rank');
}

/** Counts a parsed config into where its parameters sit, without derived figures. */
export function countModel(config: unknown): ModelCount {
  const cfg = new ConfigView(config);
  if (isDeepseekNative(cfg)) return countDeepseekNative(cfg);
  const modelType = cfg.str('model_type');
  if (modelType === undefined) {
    throw new InvalidConfigError('config is missing required field "model_type"', { field: 'model_type' });
  }
  const counter = COUNTERS.get(modelType);
  if (!counter) throw new UnsupportedArchitectureError(modelType);
  return counter(cfg, modelType);
}

function sum(o: Record<string, number>): number {
  return Object.values(o).reduce((a, b) => a + b, 0);
}

/**
 * Exact parameter counts and derived memory, KV-cache and FLOP figures from a Hugging Face
 * `config.json` object (or DeepSeek's native inference config). Throws `UnsupportedArchitectureError`
 * (code `unsupported_architecture`) for model types it does not know, and `InvalidConfigError`
 * (code `invalid_config`) for missing or absurd fields.
 */
export function computeParams(config: unknown, opts: { context?: number } = {}): ParamReport {
  const context = opts.context ?? DEFAULT_CONTEXT;
  if (!Number.isInteger(context) || context < 1 || context > MAX_CONTEXT) {
    throw new InvalidConfigError(`context must be a positive integer up to ${MAX_CONTEXT}, got ${context}`);
  }
  const m = countModel(config);
  const c = m.components;
  const total = sum({ ...c });
  const embedding = c.embeddings + c.lmHead;
  const active = total - c.vision - c.routedExperts + m.activeRoutedExperts;
  const activeExcludingInputEmbedding = active - (m.tiedEmbeddings ? 0 : c.embeddings);

  let kvElements = 0;
  let kvNoWindow = 0;
  let attentionFlops = 0;
  for (const layer of m.attentionLayers) {
    if (layer.kind !== 'softmax') continue;
    const span = layer.window ? Math.min(layer.window, context) : context;
    kvElements += layer.cacheElementsPerToken * span;
    kvNoWindow += layer.cacheElementsPerToken;
    attentionFlops += 2 * layer.heads * (layer.qkDim + layer.vDim) * span;
  }

  return {
    architecture: m.architecture,
    total,
    active,
    activeExcludingInputEmbedding,
    embedding,
    nonEmbedding: total - embedding,
    tiedEmbeddings: m.tiedEmbeddings,
    extra: { ...m.extra },
    components: { ...c },
    experts: m.experts ? { ...m.experts } : null,
    memory: { bf16: total * 2, fp8: total, int8: total, int4: Math.ceil(total / 2) },
    kvCacheBytesPerToken: { bf16: (kvElements * 2) / context, bf16NoWindow: kvNoWindow * 2 },
    flopsPerToken: 2 * activeExcludingInputEmbedding + attentionFlops,
    context,
    notes: [...m.notes],
  };
}
