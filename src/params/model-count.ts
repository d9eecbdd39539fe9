import type { AttentionBlock } from './blocks.ts';
/**
 * The internal, architecture-neutral result of counting one model: where every parameter sits, how
 * much of the routed-expert pool one token touches, and what each layer's attention caches. The
 * public `ParamReport` is derived from this in `compute-params.ts`.
 */

/** Parameter counts per component; they sum to the model's total (extra modules such as MTP excluded). */
export interface Components {
  /** Input token embedding (counted once when tied with the output head). */
  embeddings: number;
  /** Attention projections, their biases, q/k norms, sinks, sparse-attention indexers. */
  attention: number;
  /** Dense feed-forward blocks (including dense layers of MoE models). */
  denseMlp: number;
  /** All routed experts of all MoE layers. */
  routedExperts: number;
  /** Always-on shared experts and their gates. */
  sharedExperts: number;
  /** Routers (gate weights, gate biases, score-correction biases). */
  router: number;
  /** Every normalisation weight (and bias) in the language model. */
  norms: number;
  /** Output projection; 0 when tied to the input embedding. */
  lmHead: number;
  /** Vision encoder and multimodal projector, when the config has one. */
  vision: number;
}

export type ComponentName = keyof Components;

/** What one decoder layer's token mixer costs per token of context and what it caches. */
export interface AttentionLayer {
  /** `softmax` attention keeps a per-token cache; `linear` (lightning, gated delta net) a fixed state. */
  kind: 'softmax' | 'linear';
  /** Query heads. */
  heads: number;
  /** Per-head query/key dot-product width. */
  qkDim: number;
  /** Per-head value width. */
  vDim: number;
  /** Cached elements per token for this layer (K and V, or MLA's latent), 0 for linear attention. */
  cacheElementsPerToken: number;
  /** Sliding-window or chunk length bounding this layer's cache and attention span. */
  window?: number;
}

export interface ExpertCounts {
  routed: number;
  shared: number;
  activePerToken: number;
}

export interface ModelCount {
  architecture: string;
  components: Components;
  /** Routed-expert parameters one token passes through (summed over layers). */
  activeRoutedExperts: number;
  /** Modules reported separately and excluded from the total (e.g. multi-token prediction). */
  extra: { mtp?: number };
  tiedEmbeddings: boolean;
  experts: ExpertCounts | null;
  attentionLayers: AttentionLayer[];
  /** Assumptions and caveats worth showing next to the figures. */
  notes: string[];
}

function emptyComponents(): Components {
  return {
    embeddings: 0,
    attention: 0,
    denseMlp: 0,
    routedExperts: 0,
    sharedExperts: 0,
    router: 0,
    norms: 0,
    lmHead: 0,
    vision: 0,
  };
}

/** Accumulates a model count layer by layer. */
export class ModelCounter {
  readonly components = emptyComponents();
  activeRoutedExperts = 0;
  readonly attentionLayers: AttentionLayer[] = [];
  readonly notes: string[] = [];
  readonly extra: { mtp?: number } = {};
  experts: ExpertCounts | null = null;
  tiedEmbeddings = false;

  constructor(readonly architecture: string) {}

  add(component: ComponentName, n: number): void {
    this.components[component] += n;
  }

  /** Input embedding and output head; the head costs nothing extra when tied. */
  embeddings(vocab: number, hidden: number, tied: boolean): void {
    this.tiedEmbeddings = tied;
    this.components.embeddings += vocab * hidden;
    if (!tied) this.components.lmHead += vocab * hidden;
  }

  /** One MoE layer's routed experts: `perExpert` parameters each, `active` of `count` used per token. */
  routed(count: number, perExpert: number, active: number): void {
    this.components.routedExperts += count * perExpert;
    this.activeRoutedExperts += active * perExpert;
  }

  /** One layer's attention block: its parameters, and its shape for the KV-cache figures. */
  attention(block: AttentionBlock): void {
    this.components.attention += block.params;
    this.attentionLayers.push(block.layer);
  }

  done(): ModelCount {
    return {
      architecture: this.architecture,
      components: this.components,
      activeRoutedExperts: this.activeRoutedExperts,
      extra: this.extra,
      tiedEmbeddings: this.tiedEmbeddings,
      experts: this.experts,
      attentionLayers: this.attentionLayers,
      notes: this.notes,
    };
  }
}
