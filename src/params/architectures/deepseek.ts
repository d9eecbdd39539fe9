import { type AttentionBlock, gatedMlp, mlaAttention } from '../blocks.ts';
import { ConfigView } from '../config-view.ts';
import { InvalidConfigError } from '../errors.ts';
import { type ModelCount, ModelCounter } from '../model-count.ts';
import { mtpWrapper } from './sparse-moe.ts';

export const DEEPSEEK_ARCHITECTURES = [
  'deepseek_v2',
  'deepseek_v3',
  'kimi_k2',
  'deepseek_v32',
  'glm_moe_dsa',
];

/** Architectures with DeepSeek sparse attention's lightning indexer in every layer. */
const WITH_INDEXER = new Set(['deepseek_v32', 'glm_moe_dsa']);

/**
 * DeepSeek sparse attention indexer (DeepSeek-V3.2, GLM-5): wq_b from the query latent, wk, a
 * LayerNorm (weight and bias) on the index key, and per-head weights_proj. It caches one
 * index_head_dim key per token per layer.
 */
function indexer(cfg: ConfigView, hidden: number, qLoraRank: number) {
  const nI = cfg.size('index_n_heads', 'heads');
  const dI = cfg.size('index_head_dim');
  if (!qLoraRank) throw new InvalidConfigError('config has an indexer (index_n_heads) but no q_lora_rank');
  return { params: qLoraRank * nI * dI + hidden * dI + 2 * dI + hidden * nI, cache: dI };
}

/**
 * DeepSeek-V2/V3 family in transformers' layout (also Kimi K2, DeepSeek-V3.2 and GLM-5, which add an
 * indexer): MLA attention, `first_k_dense_replace` dense layers, MoE every `moe_layer_freq` layers
 * with shared experts. Multi-token-prediction layers (`num_nextn_predict_layers`) go to `extra.mtp`:
 * one decoder layer plus enorm, hnorm, eh_proj and the shared head's norm, not the embedding and head
 * they share with the main model (DeepSeek-V3: ~11.6B; its README says 11.5B).
 */
export function countDeepseek(cfg: ConfigView, modelType: string): ModelCount {
  const hidden = cfg.size('hidden_size');
  const layers = cfg.size('num_hidden_layers', 'layers');
  const heads = cfg.size('num_attention_heads', 'heads');
  const vocab = cfg.size('vocab_size', 'vocab');
  const qLoraRank = cfg.optSize('q_lora_rank', 0);
  const E = cfg.optSize('n_routed_experts', 0, 'experts');
  const k = E > 0 ? cfg.size('num_experts_per_tok', 'experts') : 0;
  if (k > E)
    throw new InvalidConfigError(`config field "num_experts_per_tok" (${k}) exceeds n_routed_experts (${E})`);
  const nShared = cfg.optSize('n_shared_experts', 0, 'experts');
  const moeI = E > 0 ? cfg.size('moe_intermediate_size') : 0;
  const firstDense = cfg.optSize('first_k_dense_replace', 0, 'layers');
  const freq = cfg.optSize('moe_layer_freq', 1, 'layers') || 1;
  const native = modelType === 'deepseek_native';
  const scoreBias = native
    ? hidden === 7168 // DeepSeek's inference/model.py gives the gate a bias only for the 671B shape
    : modelType !== 'deepseek_v2' || cfg.str('topk_method') === 'noaux_tc';

  const attention = (): AttentionBlock & { indexerCache: number } => {
    const block = mlaAttention({
      hidden,
      heads,
      qLoraRank,
      kvLoraRank: cfg.size('kv_lora_rank'),
      qkNopeHeadDim: cfg.size('qk_nope_head_dim'),
      qkRopeHeadDim: cfg.size('qk_rope_head_dim'),
      vHeadDim: cfg.size('v_head_dim'),
      attentionBias: cfg.bool('attention_bias', false),
    });
    if (!WITH_INDEXER.has(modelType)) return { ...block, indexerCache: 0 };
    const ix = indexer(cfg, hidden, qLoraRank);
    return {
      params: block.params + ix.params,
      layer: { ...block.layer, cacheElementsPerToken: block.layer.cacheElementsPerToken + ix.cache },
      indexerCache: ix.cache,
    };
  };
  const isMoe = (l: number) => E > 0 && l >= firstDense && l % freq === 0;
  const router = E * hidden + (scoreBias ? E : 0);
  const shared = gatedMlp(hidden, moeI * nShared);
  const expert = gatedMlp(hidden, moeI);

  const m = new ModelCounter(modelType);
  m.embeddings(vocab, hidden, cfg.bool('tie_word_embeddings', false));
  for (let l = 0; l < layers; l++) {
    const attn = attention();
    m.attention(attn);
    if (isMoe(l)) {
      m.add('router', router);
      m.routed(E, expert, k);
      m.add('sharedExperts', shared);
    } else {
      m.add('denseMlp', gatedMlp(hidden, cfg.size('intermediate_size')));
    }
    m.add('norms', 2 * hidden);
  }
  m.add('norms', hidden);
  const mtp = cfg.optSize('num_nextn_predict_layers', 0, 'layers');
  if (mtp > 0) {
    let perLayer = attention().params + 2 * hidden + mtpWrapper(hidden);
    perLayer += isMoe(layers)
      ? router + E * expert + shared
      : gatedMlp(hidden, cfg.size('intermediate_size'));
    m.extra.mtp = mtp * perLayer;
  }
  m.experts = E > 0 ? { routed: E, shared: nShared, activePerToken: k } : null;
  return m.done();
}

/**
 * DeepSeek's native inference config (`inference/configs/config_671B.json`: dim, inter_dim,
 * moe_inter_dim, n_layers, n_dense_layers, n_heads, n_routed_experts, …), which has no model_type and
 * no MTP layers. Translated to transformers' field names and counted like deepseek_v3.
 */
export function countDeepseekNative(cfg: ConfigView): ModelCount {
  const translated: Record<string, unknown> = {
    hidden_size: cfg.size('dim'),
    intermediate_size: cfg.size('inter_dim'),
    moe_intermediate_size: cfg.size('moe_inter_dim'),
    num_hidden_layers: cfg.size('n_layers', 'layers'),
    first_k_dense_replace: cfg.optSize('n_dense_layers', 1, 'layers'),
    num_attention_heads: cfg.size('n_heads', 'heads'),
    n_routed_experts: cfg.size('n_routed_experts', 'experts'),
    n_shared_experts: cfg.optSize('n_shared_experts', 0, 'experts'),
    num_experts_per_tok: cfg.size('n_activated_experts', 'experts'),
    q_lora_rank: cfg.optSize('q_lora_rank', 0),
    kv_lora_rank: cfg.size('kv_lora_rank'),
    qk_nope_head_dim: cfg.size('qk_nope_head_dim'),
    qk_rope_head_dim: cfg.size('qk_rope_head_dim'),
    v_head_dim: cfg.size('v_head_dim'),
    vocab_size: cfg.size('vocab_size', 'vocab'),
  };
  const count = countDeepseek(new ConfigView(translated), 'deepseek_native');
  count.notes.push(
    "DeepSeek native inference config (no model_type); counted with DeepSeek's inference/model.py layout",
  );
  return count;
}
