import { type AttentionBlock, gatedMlp, gqaAttention, projectionBiases } from '../blocks.ts';
import type { ConfigView } from '../config-view.ts';
import { InvalidConfigError } from '../errors.ts';
import { type ModelCount, ModelCounter } from '../model-count.ts';
import { type CoreShape, coreShape, layerTypes } from './common.ts';
import { countVisionTower } from './vision.ts';

export const SPARSE_MOE_ARCHITECTURES = [
  'mixtral',
  'qwen2_moe',
  'qwen3_moe',
  'qwen3_next',
  'llama4',
  'llama4_text',
  'gpt_oss',
  'glm4_moe',
  'minimax',
  'minimax_text_01',
  'minimax_m2',
];

function expertCount(cfg: ConfigView, ...fields: string[]): number {
  for (const f of fields) {
    const v = cfg.maybeSize(f, 'experts');
    if (v !== undefined) return v;
  }
  throw new InvalidConfigError(`config is missing required field "${fields[0]}"`, { field: fields[0] });
}

function topK(cfg: ConfigView, experts: number, ...fields: string[]): number {
  const k = expertCount(cfg, ...fields);
  if (k > experts) {
    throw new InvalidConfigError(
      `config field "${fields[0]}" (${k}) exceeds the number of experts (${experts})`,
    );
  }
  return k;
}

/** Is layer i a MoE layer under Qwen's `decoder_sparse_step` / `mlp_only_layers` rule? */
function qwenSparse(cfg: ConfigView, i: number, experts: number): boolean {
  const mlpOnly = cfg.ints('mlp_only_layers') ?? [];
  const step = cfg.optSize('decoder_sparse_step', 1, 'layers') || 1;
  return !mlpOnly.includes(i) && experts > 0 && (i + 1) % step === 0;
}

function plainAttention(s: CoreShape, extra: Partial<Parameters<typeof gqaAttention>[0]> = {}) {
  return gqaAttention({ hidden: s.hidden, heads: s.heads, kvHeads: s.kvHeads, headDim: s.headDim, ...extra });
}

/** Qwen3-Next gated delta net (linear attention): projections, depthwise conv, decay terms, gated norm. */
function gatedDeltaNet(cfg: ConfigView, hidden: number): AttentionBlock {
  const nK = cfg.size('linear_num_key_heads', 'heads');
  const nV = cfg.size('linear_num_value_heads', 'heads');
  const dK = cfg.size('linear_key_head_dim');
  const dV = cfg.size('linear_value_head_dim');
  const kernel = cfg.size('linear_conv_kernel_dim');
  const keyDim = nK * dK;
  const valueDim = nV * dV;
  const convDim = 2 * keyDim + valueDim;
  const params =
    hidden * (2 * keyDim + 2 * valueDim) + // in_proj_qkvz
    hidden * 2 * nV + // in_proj_ba
    convDim * kernel + // conv1d (depthwise, no bias)
    2 * nV + // dt_bias, A_log
    dV + // gated RMSNorm
    valueDim * hidden; // out_proj
  return { params, layer: { kind: 'linear', heads: nV, qkDim: dK, vDim: dV, cacheElementsPerToken: 0 } };
}

/** MiniMax-Text-01 lightning attention: fused qkv, output gate, RMSNorm, output projection. */
function lightningAttention(s: CoreShape): AttentionBlock {
  const width = s.heads * s.headDim;
  const params = s.hidden * 3 * width + s.hidden * width + width + width * s.hidden;
  return {
    params,
    layer: { kind: 'linear', heads: s.heads, qkDim: s.headDim, vDim: s.headDim, cacheElementsPerToken: 0 },
  };
}

/** DeepSeek-style multi-token-prediction module around one decoder layer: enorm, hnorm, eh_proj, head norm. */
export function mtpWrapper(hidden: number): number {
  return 3 * hidden + 2 * hidden * hidden;
}

/** Mixtral: every layer sparse, optional sliding window. */
function countMixtral(cfg: ConfigView, s: CoreShape, m: ModelCounter): void {
  const E = expertCount(cfg, 'num_local_experts');
  const k = topK(cfg, E, 'num_experts_per_tok');
  const i = cfg.size('intermediate_size');
  const window = cfg.maybeSize('sliding_window', 'vocab');
  for (let l = 0; l < s.layers; l++) {
    const attn = plainAttention(s, window ? { window } : {});
    m.attention(attn);
    m.add('router', E * s.hidden);
    m.routed(E, gatedMlp(s.hidden, i), k);
    m.add('norms', 2 * s.hidden);
  }
  m.experts = { routed: E, shared: 0, activePerToken: k };
}

/** Qwen1.5/2-MoE, Qwen3-MoE and Qwen3-Next (gated delta net layers between full-attention ones). */
function countQwenMoe(cfg: ConfigView, s: CoreShape, m: ModelCounter, modelType: string): void {
  const E = expertCount(cfg, 'num_experts');
  const k = topK(cfg, E, 'num_experts_per_tok');
  const moeI = cfg.size('moe_intermediate_size');
  const sharedI = modelType === 'qwen3_moe' ? 0 : cfg.optSize('shared_expert_intermediate_size', 0);
  const denseI = cfg.optSize('intermediate_size', 0);
  const interval = cfg.optSize('full_attention_interval', 4, 'layers') || 1;
  const types = layerTypes(cfg, s.layers, (l) =>
    modelType === 'qwen3_next' && (l + 1) % interval ? 'linear_attention' : 'full_attention',
  );
  for (let l = 0; l < s.layers; l++) {
    let attn: AttentionBlock;
    if (types[l] === 'linear_attention') attn = gatedDeltaNet(cfg, s.hidden);
    else if (modelType === 'qwen2_moe') attn = plainAttention(s, { qBias: true, kBias: true, vBias: true });
    else {
      const bias = cfg.bool('attention_bias', false);
      attn = plainAttention(s, {
        ...projectionBiases(bias),
        qkNorm: 'head',
        gatedQuery: modelType === 'qwen3_next',
      });
    }
    m.attention(attn);
    if (qwenSparse(cfg, l, E)) {
      m.add('router', E * s.hidden);
      m.routed(E, gatedMlp(s.hidden, moeI), k);
      if (sharedI > 0) {
        m.add('sharedExperts', gatedMlp(s.hidden, sharedI) + s.hidden); // shared_expert + shared_expert_gate
      }
    } else {
      m.add('denseMlp', gatedMlp(s.hidden, cfg.size('intermediate_size')));
    }
    m.add('norms', 2 * s.hidden);
  }
  if (denseI === 0 && cfg.ints('mlp_only_layers')?.length) {
    throw new InvalidConfigError('config has mlp_only_layers but no intermediate_size');
  }
  m.experts = { routed: E, shared: sharedI > 0 ? 1 : 0, activePerToken: k };
}

/**
 * Llama 4: MoE layers interleaved with dense ones, a shared expert, chunked attention on RoPE layers, and the
 * vision tower of the full model.
 */
function countLlama4(
  cfg: ConfigView,
  s: CoreShape,
  m: ModelCounter,
  /** The full model's config (with its vision tower) for `llama4`, null for the text-only `llama4_text`. */
  root: ConfigView | null,
): void {
  const E = expertCount(cfg, 'num_local_experts');
  const k = topK(cfg, E, 'num_experts_per_tok');
  const i = cfg.size('intermediate_size');
  const iDense = cfg.size('intermediate_size_mlp');
  const step = cfg.optSize('interleave_moe_layer_step', 1, 'layers') || 1;
  const moeLayers =
    cfg.ints('moe_layers') ??
    Array.from({ length: s.layers }, (_, l) => l).filter((l) => l % step === step - 1);
  const noRopeGiven = cfg.ints('no_rope_layers');
  const noRopeInterval = cfg.optSize('no_rope_layer_interval', 4, 'layers') || 4;
  const useRope = (l: number) =>
    noRopeGiven?.length ? noRopeGiven[l] === 1 : (l + 1) % noRopeInterval !== 0;
  const chunk = cfg.maybeSize('attention_chunk_size', 'vocab');
  const bias = cfg.bool('attention_bias', false);
  for (let l = 0; l < s.layers; l++) {
    const attn = plainAttention(s, {
      ...projectionBiases(bias),
      ...(chunk && useRope(l) ? { window: chunk } : {}),
    });
    m.attention(attn);
    if (moeLayers.includes(l)) {
      m.add('router', E * s.hidden);
      m.routed(E, gatedMlp(s.hidden, i), k);
      m.add('sharedExperts', gatedMlp(s.hidden, i));
    } else {
      m.add('denseMlp', gatedMlp(s.hidden, iDense));
    }
    m.add('norms', 2 * s.hidden);
  }
  m.experts = { routed: E, shared: 1, activePerToken: k };
  if (root) {
    const vision = root.child('vision_config');
    if (vision) m.add('vision', countVisionTower(vision, 'llama4', s.hidden));
    else m.notes.push('config has no vision_config; vision tower not counted');
  }
}

/** gpt-oss: biased attention with sinks, alternating sliding and full layers, biased experts. */
function countGptOss(cfg: ConfigView, s: CoreShape, m: ModelCounter): void {
  const E = expertCount(cfg, 'num_local_experts');
  const k = topK(cfg, E, 'num_experts_per_tok', 'experts_per_token');
  const i = cfg.size('intermediate_size');
  const window = cfg.maybeSize('sliding_window', 'vocab');
  const types = layerTypes(cfg, s.layers, (l) => (l % 2 === 0 ? 'sliding_attention' : 'full_attention'));
  const bias = cfg.bool('attention_bias', true);
  for (let l = 0; l < s.layers; l++) {
    const attn = plainAttention(s, {
      ...projectionBiases(bias),
      sinks: true,
      ...(window && types[l] === 'sliding_attention' ? { window } : {}),
    });
    m.attention(attn);
    m.add('router', E * s.hidden + E); // router weight and bias
    // gate_up_proj (h × 2i) + bias (2i), down_proj (i × h) + bias (h), per expert
    m.routed(E, 3 * s.hidden * i + 2 * i + s.hidden, k);
    m.add('norms', 2 * s.hidden);
  }
  m.experts = { routed: E, shared: 0, activePerToken: k };
}

/** GLM-4.5: first layers dense, shared experts, optional MTP layers reported apart. */
function countGlm4Moe(cfg: ConfigView, s: CoreShape, m: ModelCounter): void {
  const E = expertCount(cfg, 'n_routed_experts');
  const k = topK(cfg, E, 'num_experts_per_tok');
  const nShared = cfg.optSize('n_shared_experts', 0, 'experts');
  const moeI = cfg.size('moe_intermediate_size');
  const firstDense = cfg.optSize('first_k_dense_replace', 0, 'layers');
  const bias = cfg.bool('attention_bias', false);
  const qkNorm = cfg.bool('use_qk_norm', false);
  const layerAttn = () =>
    plainAttention(s, { qBias: bias, kBias: bias, vBias: bias, qkNorm: qkNorm ? 'head' : 'none' });
  const moeLayer = gatedMlp(s.hidden, moeI) * (E + nShared) + E * s.hidden + E;
  for (let l = 0; l < s.layers; l++) {
    const attn = layerAttn();
    m.attention(attn);
    if (l < firstDense) {
      m.add('denseMlp', gatedMlp(s.hidden, cfg.size('intermediate_size')));
    } else {
      m.add('router', E * s.hidden + E); // gate weight and e_score_correction_bias
      m.routed(E, gatedMlp(s.hidden, moeI), k);
      m.add('sharedExperts', gatedMlp(s.hidden, moeI * nShared));
    }
    m.add('norms', 2 * s.hidden);
  }
  const mtp = cfg.optSize('num_nextn_predict_layers', 0, 'layers');
  if (mtp > 0) m.extra.mtp = mtp * (layerAttn().params + moeLayer + 2 * s.hidden + mtpWrapper(s.hidden));
  m.experts = { routed: E, shared: nShared, activePerToken: k };
}

/** MiniMax-Text-01 (lightning attention layers) and MiniMax-M2. */
function countMiniMax(cfg: ConfigView, s: CoreShape, m: ModelCounter, modelType: string): void {
  const E = expertCount(cfg, 'num_local_experts');
  const k = topK(cfg, E, 'num_experts_per_tok');
  const i = cfg.size('intermediate_size');
  const attnTypeList = cfg.ints('attn_type_list');
  const types = layerTypes(cfg, s.layers, (l) =>
    attnTypeList ? (attnTypeList[l] === 0 ? 'linear_attention' : 'full_attention') : 'full_attention',
  );
  const m2 = modelType === 'minimax_m2';
  const qkNorm = m2 && cfg.bool('use_qk_norm', false);
  if (qkNorm && cfg.str('qk_norm_type') !== undefined && cfg.str('qk_norm_type') !== 'per_layer') {
    throw new InvalidConfigError(
      `config field "qk_norm_type" has unknown value "${cfg.str('qk_norm_type')}"`,
    );
  }
  const routingBias = m2 && cfg.bool('use_routing_bias', false);
  const sharedI = cfg.optSize('shared_intermediate_size', 0);
  if (sharedI > 0) {
    throw new InvalidConfigError(
      'config field "shared_intermediate_size" > 0: MiniMax shared experts are not counted exactly yet',
    );
  }
  for (let l = 0; l < s.layers; l++) {
    const attn =
      types[l] === 'linear_attention'
        ? lightningAttention(s)
        : plainAttention(s, { qkNorm: qkNorm ? 'full' : 'none' });
    m.attention(attn);
    m.add('router', E * s.hidden + (routingBias ? E : 0));
    m.routed(E, gatedMlp(s.hidden, i), k);
    m.add('norms', 2 * s.hidden);
  }
  if (m2 && cfg.bool('use_mtp', false)) {
    m.notes.push(
      'config declares multi-token-prediction modules (use_mtp) whose weights are not published; not counted',
    );
  }
  m.notes.push('MiniMax quotes active parameters without the embedding and output head');
  m.experts = { routed: E, shared: 0, activePerToken: k };
}

/**
 * Sparse mixture-of-experts decoders with standard (or linear) attention: Mixtral, Qwen1.5/2-MoE,
 * Qwen3-MoE, Qwen3-Next, Llama 4, gpt-oss, GLM-4.5 (glm4_moe), MiniMax-Text-01 and MiniMax-M2.
 */
export function countSparseMoe(root: ConfigView, modelType: string): ModelCount {
  const isLlama4 = modelType === 'llama4';
  const cfg = isLlama4 ? (root.child('text_config') ?? root) : root;
  const s = coreShape(cfg);
  const m = new ModelCounter(modelType);
  const tied = root.bool('tie_word_embeddings', cfg.bool('tie_word_embeddings', false));
  m.embeddings(s.vocab, s.hidden, tied);

  switch (modelType) {
    case 'mixtral':
      countMixtral(cfg, s, m);
      break;
    case 'qwen2_moe':
    case 'qwen3_moe':
    case 'qwen3_next':
      countQwenMoe(cfg, s, m, modelType);
      break;
    case 'llama4':
    case 'llama4_text':
      countLlama4(cfg, s, m, isLlama4 ? root : null);
      break;
    case 'gpt_oss':
      countGptOss(cfg, s, m);
      break;
    case 'glm4_moe':
      countGlm4Moe(cfg, s, m);
      break;
    case 'minimax':
    case 'minimax_text_01':
    case 'minimax_m2':
      countMiniMax(cfg, s, m, modelType);
      break;
    default:
      throw new InvalidConfigError(`internal: no MoE counter for ${modelType}`);
  }
  m.add('norms', s.hidden); // final norm
  return m.done();
}
