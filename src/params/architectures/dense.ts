import { gatedMlp, gqaAttention } from '../blocks.ts';
import type { ConfigView } from '../config-view.ts';
import { type ModelCount, ModelCounter } from '../model-count.ts';
import { coreShape, layerTypes } from './common.ts';
import { countVisionTower } from './vision.ts';

/** How one dense decoder family differs from Llama. */
interface DenseFamily {
  qkvBias: (cfg: ConfigView) => boolean;
  oBias: (cfg: ConfigView) => boolean;
  mlpBias: (cfg: ConfigView) => boolean;
  qkNorm: boolean;
  /** RMSNorms per decoder layer: 2 (pre-attention, pre-MLP) or 4 (Gemma 2/3 and GLM-4 sandwich norms). */
  normsPerLayer: number;
  tiedByDefault: boolean;
  /** Attention kind of layer i when the config has no `layer_types`. */
  defaultLayerType: (cfg: ConfigView, i: number) => string;
}

const never = () => false;
const full = () => 'full_attention';
/** Mistral/Phi-3-style: every layer slides when the config has a window. */
const slidingIfWindowed = (c: ConfigView) =>
  c.has('sliding_window') ? 'sliding_attention' : 'full_attention';

/** Qwen2/Qwen3-style: sliding window only when `use_sliding_window`, on layers ≥ max_window_layers. */
function qwenLayerType(cfg: ConfigView, i: number): string {
  if (!cfg.bool('use_sliding_window', false) || !cfg.has('sliding_window')) return 'full_attention';
  return i >= cfg.optSize('max_window_layers', 0, 'layers') ? 'sliding_attention' : 'full_attention';
}

const FAMILIES: Record<string, DenseFamily> = {
  llama: {
    qkvBias: (c) => c.bool('attention_bias', false),
    oBias: (c) => c.bool('attention_bias', false),
    mlpBias: (c) => c.bool('mlp_bias', false),
    qkNorm: false,
    normsPerLayer: 2,
    tiedByDefault: false,
    defaultLayerType: full,
  },
  mistral: {
    qkvBias: never,
    oBias: never,
    mlpBias: never,
    qkNorm: false,
    normsPerLayer: 2,
    tiedByDefault: false,
    defaultLayerType: slidingIfWindowed,
  },
  qwen2: {
    qkvBias: () => true,
    oBias: never,
    mlpBias: never,
    qkNorm: false,
    normsPerLayer: 2,
    tiedByDefault: false,
    defaultLayerType: qwenLayerType,
  },
  qwen3: {
    qkvBias: (c) => c.bool('attention_bias', false),
    oBias: (c) => c.bool('attention_bias', false),
    mlpBias: never,
    qkNorm: true,
    normsPerLayer: 2,
    tiedByDefault: false,
    defaultLayerType: qwenLayerType,
  },
  phi3: {
    qkvBias: never,
    oBias: never,
    mlpBias: never,
    qkNorm: false,
    normsPerLayer: 2,
    tiedByDefault: false,
    defaultLayerType: slidingIfWindowed,
  },
  glm: {
    qkvBias: (c) => c.bool('attention_bias', true),
    oBias: never,
    mlpBias: never,
    qkNorm: false,
    normsPerLayer: 2,
    tiedByDefault: false,
    defaultLayerType: full,
  },
  glm4: {
    qkvBias: (c) => c.bool('attention_bias', true),
    oBias: never,
    mlpBias: never,
    qkNorm: false,
    normsPerLayer: 4,
    tiedByDefault: false,
    defaultLayerType: full,
  },
  gemma: {
    qkvBias: (c) => c.bool('attention_bias', false),
    oBias: (c) => c.bool('attention_bias', false),
    mlpBias: never,
    qkNorm: false,
    normsPerLayer: 2,
    tiedByDefault: true,
    defaultLayerType: full,
  },
  gemma2: {
    qkvBias: (c) => c.bool('attention_bias', false),
    oBias: (c) => c.bool('attention_bias', false),
    mlpBias: never,
    qkNorm: false,
    normsPerLayer: 4,
    tiedByDefault: true,
    defaultLayerType: (_c, i) => ((i + 1) % 2 ? 'sliding_attention' : 'full_attention'),
  },
  gemma3_text: {
    qkvBias: (c) => c.bool('attention_bias', false),
    oBias: (c) => c.bool('attention_bias', false),
    mlpBias: never,
    qkNorm: true,
    normsPerLayer: 4,
    tiedByDefault: true,
    defaultLayerType: (c, i) =>
      (i + 1) % c.optSize('sliding_window_pattern', 6, 'layers') ? 'sliding_attention' : 'full_attention',
  },
};

/** transformers' Gemma3TextConfig defaults, which published Gemma 3 `text_config` objects rely on. */
const GEMMA3_TEXT_DEFAULTS = {
  vocab_size: 262_208,
  hidden_size: 2304,
  intermediate_size: 9216,
  num_hidden_layers: 26,
  num_attention_heads: 8,
  num_key_value_heads: 4,
  head_dim: 256,
  sliding_window: 4096,
};

FAMILIES.mimo = FAMILIES.qwen2 as DenseFamily;

export const DENSE_ARCHITECTURES = [
  'llama',
  'mistral',
  'qwen2',
  'qwen3',
  'phi3',
  'glm',
  'glm4',
  'gemma',
  'gemma2',
  'gemma3',
  'gemma3_text',
  'mimo',
];

/** One Llama-style decoder layer's attention and MLP parameters, for reuse by MTP counting. */
function denseLayer(cfg: ConfigView, family: DenseFamily, windowed: boolean) {
  const s = coreShape(cfg);
  const attn = gqaAttention({
    hidden: s.hidden,
    heads: s.heads,
    kvHeads: s.kvHeads,
    headDim: s.headDim,
    qBias: family.qkvBias(cfg),
    kBias: family.qkvBias(cfg),
    vBias: family.qkvBias(cfg),
    oBias: family.oBias(cfg),
    qkNorm: family.qkNorm ? 'head' : 'none',
    ...(windowed ? { window: cfg.size('sliding_window') } : {}),
  });
  const mlp = gatedMlp(s.hidden, cfg.size('intermediate_size'), family.mlpBias(cfg));
  return { attn, mlp, norms: family.normsPerLayer * s.hidden };
}

/**
 * Dense decoder-only transformers in the Llama mould (Llama 2/3, Mistral, Qwen2/2.5, Qwen3, Phi-3,
 * GLM/GLM-4, Gemma 1/2/3, MiMo). `gemma3` configs with a `text_config` also count their SigLIP vision
 * tower and projector.
 */
export function countDense(root: ConfigView, modelType: string): ModelCount {
  const isGemma3Multimodal = modelType === 'gemma3';
  const text = isGemma3Multimodal ? root.child('text_config') : undefined;
  const cfg = text ? text.withDefaults(GEMMA3_TEXT_DEFAULTS) : root;
  const family = FAMILIES[isGemma3Multimodal ? 'gemma3_text' : modelType] as DenseFamily;
  const s = coreShape(cfg);
  const m = new ModelCounter(modelType);
  const tied = root.bool('tie_word_embeddings', cfg.bool('tie_word_embeddings', family.tiedByDefault));
  m.embeddings(s.vocab, s.hidden, tied);
  const types = layerTypes(cfg, s.layers, (i) => family.defaultLayerType(cfg, i));
  for (let i = 0; i < s.layers; i++) {
    const windowed = types[i] === 'sliding_attention' && cfg.has('sliding_window');
    const layer = denseLayer(cfg, family, windowed);
    m.attention(layer.attn);
    m.add('denseMlp', layer.mlp);
    m.add('norms', layer.norms);
  }
  m.add('norms', s.hidden); // final norm
  if (modelType === 'mimo') {
    // MiMoMTPLayers: token/hidden/input/post-attention/final layernorms, input_proj (2h→h), attention, MLP.
    const n = cfg.optSize('num_nextn_predict_layers', 0, 'layers');
    if (n > 0) {
      const layer = denseLayer(cfg, family, false);
      m.extra.mtp = n * (layer.attn.params + layer.mlp + 5 * s.hidden + 2 * s.hidden * s.hidden);
    }
  }
  if (isGemma3Multimodal) {
    const vision = root.child('vision_config');
    if (vision) m.add('vision', countVisionTower(vision, 'siglip', s.hidden));
    else m.notes.push('config has no vision_config; vision tower not counted');
  }
  return m.done();
}
