import { gatedMlp, gqaAttention, projectionBiases } from '../blocks.ts';
import type { ConfigView } from '../config-view.ts';
import { InvalidConfigError } from '../errors.ts';
import { type ModelCount, ModelCounter } from '../model-count.ts';

export const NEMOTRON_NAS_ARCHITECTURES = ['nemotron-nas', 'deci'];

/** DeciLM's `_ffn_mult_to_intermediate_size`: int(2 · mult · hidden / 3) rounded up to a multiple of 256. */
function ffnMultToIntermediate(mult: number, hidden: number): number {
  const size = Math.trunc((2 * mult * hidden) / 3);
  return Math.ceil(size / 256) * 256;
}

/**
 * NVIDIA Llama-Nemotron (DeciLM, `block_configs`): a Llama whose layers were pruned by neural
 * architecture search. Each block's attention is GQA with `num_heads / n_heads_in_group` KV heads,
 * a single linear (`replace_with_linear`) or absent (`no_op`, which also drops its norm); each FFN has
 * its own `ffn_mult`, may be linear, or absent.
 */
export function countNemotronNas(cfg: ConfigView, modelType: string): ModelCount {
  const hidden = cfg.size('hidden_size');
  const heads = cfg.size('num_attention_heads', 'heads');
  const vocab = cfg.size('vocab_size', 'vocab');
  const headDim = cfg.maybeSize('head_dim') || hidden / heads;
  const blocks = cfg.objects('block_configs');
  if (!blocks) throw new InvalidConfigError('config is missing required field "block_configs"');
  const layers = cfg.optSize('num_hidden_layers', blocks.length, 'layers');
  if (layers !== blocks.length) {
    throw new InvalidConfigError(
      `config field "block_configs" has ${blocks.length} entries but num_hidden_layers is ${layers}`,
    );
  }
  const bias = cfg.bool('attention_bias', false);
  const mlpBias = cfg.bool('mlp_bias', false);
  const m = new ModelCounter(modelType);
  m.embeddings(vocab, hidden, cfg.bool('tie_word_embeddings', false));
  for (const block of blocks) {
    const attention = block.child('attention');
    const ffn = block.child('ffn');
    if (!attention || !ffn)
      throw new InvalidConfigError(`config field "${block.path}" needs attention and ffn`);
    if (!attention.bool('no_op', false)) {
      m.add('norms', hidden);
      if (attention.bool('replace_with_linear', false)) {
        m.add('attention', hidden * hidden);
      } else {
        const group = attention.size('n_heads_in_group', 'heads');
        if (heads % group !== 0) {
          throw new InvalidConfigError(
            `config field "${attention.path}.n_heads_in_group" must divide num_attention_heads`,
          );
        }
        const attn = gqaAttention({
          hidden,
          heads,
          kvHeads: heads / group,
          headDim,
          ...projectionBiases(bias),
          ...(attention.has('window_length') ? { window: attention.size('window_length', 'vocab') } : {}),
        });
        m.attention(attn);
      }
    }
    if (!ffn.bool('no_op', false)) {
      m.add('norms', hidden);
      if (ffn.bool('replace_with_linear', false)) m.add('denseMlp', hidden * hidden);
      else
        m.add(
          'denseMlp',
          gatedMlp(hidden, ffnMultToIntermediate(ffn.optNumber('ffn_mult', 0), hidden), mlpBias),
        );
    }
  }
  m.add('norms', hidden);
  return m.done();
}
