import type { ConfigView } from '../config-view.ts';
import { InvalidConfigError } from '../errors.ts';

/** The hyperparameters every decoder-only transformer config shares. */
export interface CoreShape {
  hidden: number;
  layers: number;
  heads: number;
  kvHeads: number;
  headDim: number;
  vocab: number;
}

export function coreShape(cfg: ConfigView): CoreShape {
  const hidden = cfg.size('hidden_size');
  const layers = cfg.size('num_hidden_layers', 'layers');
  const heads = cfg.size('num_attention_heads', 'heads');
  const kvHeads = cfg.maybeSize('num_key_value_heads', 'heads') || heads;
  const vocab = cfg.size('vocab_size', 'vocab');
  const headDim = cfg.maybeSize('head_dim') || hidden / heads;
  if (!Number.isInteger(headDim)) {
    throw new InvalidConfigError(
      `config field "${cfg.path ? `${cfg.path}.` : ''}hidden_size" (${hidden}) is not divisible by num_attention_heads (${heads}) and no head_dim is given`,
    );
  }
  if (heads % kvHeads !== 0) {
    throw new InvalidConfigError(
      `config field "num_key_value_heads" (${kvHeads}) must divide num_attention_heads (${heads})`,
    );
  }
  return { hidden, layers, heads, kvHeads, headDim, vocab };
}

/**
 * Per-layer attention kind (`full_attention`, `sliding_attention`, `linear_attention`, …): the
 * config's `layer_types` when present, else `fallback(i)`.
 */
export function layerTypes(cfg: ConfigView, layers: number, fallback: (i: number) => string): string[] {
  const given = cfg.strings('layer_types');
  if (given) {
    if (given.length < layers) {
      throw new InvalidConfigError(
        `config field "layer_types" has ${given.length} entries but num_hidden_layers is ${layers}`,
      );
    }
    return given.slice(0, layers);
  }
  return Array.from({ length: layers }, (_, i) => fallback(i));
}
