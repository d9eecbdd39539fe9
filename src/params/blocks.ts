import type { AttentionLayer } from './model-count.ts';

/** Parameters and cache shape of one attention block. */
export interface AttentionBlock {
  params: number;
  layer: AttentionLayer;
}

export interface GqaOptions {
  hidden: number;
  heads: number;
  kvHeads: number;
  headDim: number;
  /** Per-head value width when it differs from `headDim`. */
  vHeadDim?: number;
  qBias?: boolean;
  kBias?: boolean;
  vBias?: boolean;
  oBias?: boolean;
  /**
   * q/k normalisation weights: `head` = one RMSNorm over head_dim shared by all heads (Qwen3, Gemma3),
   * `full` = one over all heads' width (MiniMax-M2 `per_layer`), `none` otherwise.
   */
  qkNorm?: 'head' | 'full' | 'none';
  /** Learned attention sinks, one per query head (gpt-oss). */
  sinks?: boolean;
  /** Query projection doubled to produce an output gate (Qwen3-Next). */
  gatedQuery?: boolean;
  window?: number;
}

/** The same bias on all four projections (an `attention_bias` flag). */
export function projectionBiases(bias: boolean): Pick<GqaOptions, 'qBias' | 'kBias' | 'vBias' | 'oBias'> {
  return { qBias: bias, kBias: bias, vBias: bias, oBias: bias };
}

/** Multi-head / grouped-query attention: q, k, v, o projections plus optional biases, norms, sinks. */
export function gqaAttention(o: GqaOptions): AttentionBlock {
  const vDim = o.vHeadDim ?? o.headDim;
  const q = o.heads * o.headDim;
  const k = o.kvHeads * o.headDim;
  const v = o.kvHeads * vDim;
  const out = o.heads * vDim;
  let params = o.hidden * q * (o.gatedQuery ? 2 : 1) + o.hidden * k + o.hidden * v + out * o.hidden;
  if (o.qBias) params += q;
  if (o.kBias) params += k;
  if (o.vBias) params += v;
  if (o.oBias) params += o.hidden;
  if (o.qkNorm === 'head') params += 2 * o.headDim;
  if (o.qkNorm === 'full') params += q + k;
  if (o.sinks) params += o.heads;
  const layer: AttentionLayer = {
    kind: 'softmax',
    heads: o.heads,
    qkDim: o.headDim,
    vDim,
    cacheElementsPerToken: k + v,
  };
  if (o.window !== undefined) layer.window = o.window;
  return { params, layer };
}

export interface MlaOptions {
  hidden: number;
  heads: number;
  /** 0 or undefined: queries are projected directly (DeepSeek-V2-Lite). */
  qLoraRank: number | undefined;
  kvLoraRank: number;
  qkNopeHeadDim: number;
  qkRopeHeadDim: number;
  vHeadDim: number;
  attentionBias?: boolean;
}

/**
 * DeepSeek multi-head latent attention as in transformers' DeepseekV3Attention: q_a_proj,
 * q_a_layernorm, q_b_proj (or q_proj), kv_a_proj_with_mqa, kv_a_layernorm, kv_b_proj, o_proj.
 * The cache holds the compressed latent plus the shared rope key: kv_lora_rank + qk_rope_head_dim.
 */
export function mlaAttention(o: MlaOptions): AttentionBlock {
  const qkHead = o.qkNopeHeadDim + o.qkRopeHeadDim;
  let params = 0;
  if (o.qLoraRank) {
    params += o.hidden * o.qLoraRank + (o.attentionBias ? o.qLoraRank : 0); // q_a_proj
    params += o.qLoraRank; // q_a_layernorm
    params += o.qLoraRank * o.heads * qkHead; // q_b_proj
  } else {
    params += o.hidden * o.heads * qkHead; // q_proj
  }
  params +=
    o.hidden * (o.kvLoraRank + o.qkRopeHeadDim) + (o.attentionBias ? o.kvLoraRank + o.qkRopeHeadDim : 0);
  params += o.kvLoraRank; // kv_a_layernorm
  params += o.kvLoraRank * o.heads * (o.qkNopeHeadDim + o.vHeadDim); // kv_b_proj
  params += o.heads * o.vHeadDim * o.hidden + (o.attentionBias ? o.hidden : 0); // o_proj
  return {
    params,
    layer: {
      kind: 'softmax',
      heads: o.heads,
      qkDim: qkHead,
      vDim: o.vHeadDim,
      cacheElementsPerToken: o.kvLoraRank + o.qkRopeHeadDim,
    },
  };
}

/** Gated (SwiGLU/GeGLU) feed-forward: gate, up and down projections, optionally with biases. */
export function gatedMlp(hidden: number, intermediate: number, bias = false): number {
  return 3 * hidden * intermediate + (bias ? 2 * intermediate + hidden : 0);
}
