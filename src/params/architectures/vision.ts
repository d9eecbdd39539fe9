import type { ConfigView } from '../config-view.ts';

/** transformers' SiglipVisionConfig defaults, which Gemma 3 configs rely on. */
const SIGLIP_DEFAULTS = {
  hidden_size: 768,
  intermediate_size: 3072,
  num_hidden_layers: 12,
  num_attention_heads: 12,
  num_channels: 3,
  image_size: 224,
  patch_size: 16,
};

/** One pre-norm ViT encoder layer: two LayerNorms (weight + bias), biased q/k/v/o, biased fc1/fc2. */
function vitLayer(h: number, i: number): number {
  return 4 * h + (4 * h * h + 4 * h) + (2 * h * i + i + h);
}

/**
 * Vision encoder plus the projector into the language model's width.
 *
 * - `siglip` (Gemma 3): SiglipVisionModel without head (conv patch embedding with bias, learned
 *   position embedding, encoder, post LayerNorm) and Gemma3MultiModalProjector (projection matrix and
 *   an RMSNorm over the vision width). Exact against the Hub count for gemma-3-4b.
 * - `llama4`: Llama4VisionModel (unfold-linear patch embedding, class token, position embedding,
 *   pre/post LayerNorms, encoder, pixel-shuffle MLP adapter) and the multimodal projector.
 */
export function countVisionTower(raw: ConfigView, kind: 'siglip' | 'llama4', textHidden: number): number {
  if (kind === 'siglip') {
    const v = raw.withDefaults(SIGLIP_DEFAULTS);
    const h = v.size('hidden_size');
    const i = v.size('intermediate_size');
    const layers = v.size('num_hidden_layers', 'layers');
    const channels = v.size('num_channels');
    const patch = v.size('patch_size');
    const patches = Math.floor(v.size('image_size') / patch) ** 2;
    const embeddings = channels * patch * patch * h + h + patches * h;
    const encoder = layers * vitLayer(h, i) + 2 * h;
    const projector = h * textHidden + h;
    return embeddings + encoder + projector;
  }
  const v = raw;
  const h = v.size('hidden_size');
  const i = v.size('intermediate_size');
  const layers = v.size('num_hidden_layers', 'layers');
  const channels = v.optSize('num_channels', 3);
  const patch = v.size('patch_size');
  const patches = Math.floor(v.size('image_size') / patch) ** 2 + 1;
  const embeddings = channels * patch * patch * h + h + patches * h + 4 * h;
  const encoder = layers * vitLayer(h, i);
  const projectorIn = v.size('projector_input_dim');
  const projectorOut = v.size('projector_output_dim');
  const adapter = i * projectorIn + projectorOut * projectorOut;
  const projector = v.size('vision_output_dim') * textHidden;
  return embeddings + encoder + adapter + projector;
}
