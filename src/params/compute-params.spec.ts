import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParamReport } from '../domain/param-report.ts';
import { computeParams, SUPPORTED_ARCHITECTURES } from './compute-params.ts';
import { InvalidConfigError, UnsupportedArchitectureError } from './errors.ts';

function fixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8'));
}

function report(name: string, context?: number): ParamReport {
  const r = computeParams(fixture(name), context === undefined ? {} : { context });
  return ParamReport.parse(r);
}

function within(actual: number, expected: number, tolerance: number): void {
  expect(Math.abs(actual - expected) / expected).toBeLessThanOrEqual(tolerance);
}

describe('computeParams: exact Hub totals for dense models', () => {
  const exact: [string, number][] = [
    ['llama-2-7b', 6_738_415_616],
    ['llama-3.1-8b', 8_030_261_248],
    ['llama-3.2-3b', 3_212_749_824],
    ['mistral-7b-v0.1', 7_241_732_096],
    ['qwen2.5-7b', 7_615_616_512],
    ['qwen2.5-0.5b', 494_032_768],
    ['qwen3-8b', 8_190_735_360],
    ['gemma-2-9b', 9_241_705_984],
    ['gemma-3-4b', 4_300_079_472],
    ['phi-3-mini', 3_821_079_552],
  ];
  for (const [name, total] of exact) {
    it(`${name} has ${total.toLocaleString('en')} parameters`, () => {
      const r = report(name);
      expect(r.total).toBe(total);
      expect(r.experts).toBeNull();
    });
  }

  it('dense text models are fully active', () => {
    const r = report('llama-3.1-8b');
    expect(r.active).toBe(r.total);
    expect(r.activeExcludingInputEmbedding).toBe(r.total - 128_256 * 4096);
  });

  it('tied embeddings count once and leave no lm_head', () => {
    const r = report('llama-3.2-3b');
    expect(r.tiedEmbeddings).toBe(true);
    expect(r.components.lmHead).toBe(0);
    expect(r.embedding).toBe(128_256 * 3072);
    expect(r.nonEmbedding).toBe(r.total - r.embedding);
  });

  it('qwen2 counts q/k/v biases, llama none', () => {
    const q = report('qwen2.5-7b');
    const biases = 28 * (3584 + 2 * 512);
    const weights = 28 * (2 * 3584 * 3584 + 2 * 3584 * 512);
    expect(q.components.attention).toBe(weights + biases);
    const l = report('llama-2-7b');
    expect(l.components.attention).toBe(32 * 4 * 4096 * 4096);
  });

  it('components sum to the total', () => {
    for (const name of ['gemma-3-4b', 'deepseek-v3', 'gpt-oss-20b', 'llama-4-scout', 'qwen3-next-80b-a3b']) {
      const r = report(name);
      const sum = Object.values(r.components).reduce((a, b) => a + b, 0);
      expect(sum).toBe(r.total);
    }
  });

  it('gemma-3 counts its SigLIP vision tower but not as active', () => {
    const r = report('gemma-3-4b');
    expect(r.components.vision).toBe(416_866_032 + 2_950_272);
    expect(r.active).toBe(r.total - r.components.vision);
  });
});

describe('computeParams: MoE models against makers’ figures', () => {
  it('Mixtral 8x7B: exact Hub total, 12.9B active', () => {
    const r = report('mixtral-8x7b');
    expect(r.total).toBe(46_702_792_704);
    within(r.active, 12.9e9, 0.02);
    expect(r.experts).toEqual({ routed: 8, shared: 0, activePerToken: 2 });
  });

  it('Qwen3-30B-A3B: exact Hub total, 3.3B active', () => {
    const r = report('qwen3-30b-a3b');
    expect(r.total).toBe(30_532_122_624);
    within(r.active, 3.3e9, 0.02);
    expect(r.active).toBeLessThan(r.total);
  });

  it('Qwen1.5-MoE-A2.7B: 14.3B total, 2.7B active with a shared expert', () => {
    const r = report('qwen1.5-moe-a2.7b');
    within(r.total, 14.3e9, 0.005);
    within(r.active, 2.7e9, 0.02);
    expect(r.experts).toEqual({ routed: 60, shared: 1, activePerToken: 4 });
  });

  it('DeepSeek-V3: 671B total and 37B active with the MTP module reported separately', () => {
    const r = report('deepseek-v3');
    within(r.total, 671e9, 0.005);
    within(r.active, 37e9, 0.02);
    expect(r.extra.mtp).toBeDefined();
    within(r.extra.mtp ?? 0, 11.5e9, 0.02);
    // Hub total (684.5B) = main model + MTP + the MTP's own copies of embedding and head + FP8 scales
    within(r.total + (r.extra.mtp ?? 0) + 2 * r.components.embeddings, 684.5e9, 0.005);
    expect(r.experts).toEqual({ routed: 256, shared: 1, activePerToken: 8 });
    // MLA caches kv_lora_rank + qk_rope_head_dim per layer
    expect(r.kvCacheBytesPerToken.bf16).toBe(61 * (512 + 64) * 2);
  });

  it("DeepSeek's native inference config gives the same counts", () => {
    const native = report('deepseek-native-671b');
    const hf = report('deepseek-v3');
    expect(native.architecture).toBe('deepseek_native');
    expect(native.total).toBe(hf.total);
    expect(native.active).toBe(hf.active);
  });

  it('DeepSeek-V2-Lite (no q_lora_rank): 15.7B total, 2.4B active without the input embedding', () => {
    const r = report('deepseek-v2-lite');
    within(r.total, 15.7e9, 0.005);
    within(r.activeExcludingInputEmbedding, 2.4e9, 0.03);
  });

  it('Kimi K2: about 1.04T total and 32B active', () => {
    const r = report('kimi-k2');
    within(r.total, 1.04e12, 0.02);
    within(r.active, 32e9, 0.03);
    expect(r.extra.mtp).toBeUndefined();
  });

  it('gpt-oss-20b: 20.9B total, 3.6B active without the input embedding', () => {
    const r = report('gpt-oss-20b');
    within(r.total, 20.91e9, 0.001);
    within(r.activeExcludingInputEmbedding, 3.61e9, 0.005);
    // sinks: one per head per layer
    expect(r.components.attention % 64).toBe(0);
    expect(r.kvCacheBytesPerToken.bf16).toBeLessThan(r.kvCacheBytesPerToken.bf16NoWindow);
  });

  it('Llama 4 Scout: 109B total with vision, 17B active', () => {
    const r = report('llama-4-scout');
    within(r.total, 109e9, 0.005);
    within(r.active, 17e9, 0.02);
    expect(r.components.vision).toBeGreaterThan(0);
    expect(r.experts).toEqual({ routed: 16, shared: 1, activePerToken: 1 });
  });

  it('GLM-4.5-Air: 106B total, 12B active without embeddings, MTP separate', () => {
    const r = report('glm-4.5-air');
    within(r.total, 106e9, 0.01);
    within(r.active - r.embedding, 12e9, 0.02);
    expect(r.extra.mtp).toBeGreaterThan(0);
  });

  it('MiniMax-Text-01: 456B total, 45.9B active without embeddings; lightning layers cache nothing', () => {
    const r = report('minimax-text-01');
    within(r.total, 456e9, 0.005);
    within(r.active - r.embedding, 45.9e9, 0.02);
    expect(r.kvCacheBytesPerToken.bf16).toBe(10 * 2 * 8 * 128 * 2);
  });

  it('MiniMax-M2: 230B total, 10B active without embeddings', () => {
    const r = report('minimax-m2');
    within(r.total, 230e9, 0.01);
    within(r.active - r.embedding, 10e9, 0.02);
  });

  it('Qwen3-Next-80B-A3B: 80B total', () => {
    const r = report('qwen3-next-80b-a3b');
    within(r.total, 80e9, 0.01);
    expect(r.active).toBeLessThan(4e9);
  });
});

describe('computeParams: derived figures', () => {
  it('memory is 2, 1, 1 and 0.5 bytes per parameter', () => {
    const r = report('llama-2-7b');
    expect(r.memory).toEqual({
      bf16: 2 * r.total,
      fp8: r.total,
      int8: r.total,
      int4: Math.ceil(r.total / 2),
    });
  });

  it('GQA KV cache is 2 × layers × kv_heads × head_dim × 2 bytes', () => {
    expect(report('llama-3.1-8b').kvCacheBytesPerToken.bf16).toBe(2 * 32 * 8 * 128 * 2);
    expect(report('llama-2-7b').kvCacheBytesPerToken.bf16).toBe(2 * 32 * 32 * 128 * 2);
  });

  it('sliding windows shrink the average KV cache at long context only', () => {
    const short = report('mistral-7b-v0.1', 4096);
    const long = report('mistral-7b-v0.1', 32768);
    expect(short.kvCacheBytesPerToken.bf16).toBe(short.kvCacheBytesPerToken.bf16NoWindow);
    expect(long.kvCacheBytesPerToken.bf16).toBe(long.kvCacheBytesPerToken.bf16NoWindow / 8);
  });

  it('hybrid sliding/global layers (Gemma 2) average the window over the context', () => {
    const r = report('gemma-2-9b', 8192);
    const perLayer = 2 * 8 * 256 * 2;
    expect(r.kvCacheBytesPerToken.bf16NoWindow).toBe(42 * perLayer);
    expect(r.kvCacheBytesPerToken.bf16).toBe(21 * perLayer + 21 * perLayer * (4096 / 8192));
  });

  it('linear-attention layers (Qwen3-Next) add no per-token cache', () => {
    const r = report('qwen3-next-80b-a3b');
    expect(r.kvCacheBytesPerToken.bf16).toBe(12 * 2 * 2 * 256 * 2);
  });

  it('Llama 4 chunked layers stop growing at the chunk size', () => {
    const r = report('llama-4-scout', 65536);
    const perLayer = 2 * 8 * 128 * 2;
    expect(r.kvCacheBytesPerToken.bf16).toBe(12 * perLayer + 36 * perLayer * (8192 / 65536));
  });

  it('FLOPs are 2 × active (no embedding lookup) plus the attention term', () => {
    const r = report('llama-2-7b', 8192);
    expect(r.context).toBe(8192);
    expect(r.flopsPerToken).toBe(2 * (r.total - 32000 * 4096) + 2 * 32 * 8192 * (128 + 128) * 32);
    expect(report('llama-2-7b', 16384).flopsPerToken).toBeGreaterThan(r.flopsPerToken);
  });

  it('rejects a nonsensical context', () => {
    expect(() => computeParams(fixture('llama-2-7b'), { context: 0 })).toThrow(InvalidConfigError);
    expect(() => computeParams(fixture('llama-2-7b'), { context: 1.5 })).toThrow(InvalidConfigError);
  });
});

describe('computeParams: hostile and unsupported input', () => {
  it('throws unsupported_architecture for unknown model types', () => {
    const err = (() => {
      try {
        computeParams({ model_type: 'rwkv7', hidden_size: 10 });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(UnsupportedArchitectureError);
    expect((err as UnsupportedArchitectureError).code).toBe('unsupported_architecture');
    expect((err as Error).message).toBe('unsupported architecture: rwkv7');
  });

  it('lists what it supports', () => {
    for (const t of [
      'llama',
      'qwen3_moe',
      'deepseek_v3',
      'kimi_k2',
      'gpt_oss',
      'llama4',
      'gemma3',
      'minimax_m2',
    ]) {
      expect(SUPPORTED_ARCHITECTURES).toContain(t);
    }
  });

  const base = fixture('llama-2-7b');
  const bad: [string, unknown, RegExp][] = [
    ['a non-object', 'hello', /must be a JSON object/],
    ['null', null, /must be a JSON object/],
    ['an array', [1, 2], /must be a JSON object/],
    ['no model_type', { ...base, model_type: undefined }, /"model_type"/],
    ['no hidden_size', { ...base, hidden_size: undefined }, /missing required field "hidden_size"/],
    ['a negative width', { ...base, intermediate_size: -5 }, /"intermediate_size" must be positive/],
    ['an absurd width', { ...base, hidden_size: 2_000_000 }, /"hidden_size" is absurdly large/],
    ['absurd layers', { ...base, num_hidden_layers: 20_000 }, /"num_hidden_layers" is absurdly large/],
    ['a fractional size', { ...base, hidden_size: 4096.5 }, /"hidden_size" must be an integer/],
    ['a string size', { ...base, vocab_size: '32000' }, /"vocab_size" must be an integer/],
    ['indivisible heads', { ...base, num_attention_heads: 33 }, /not divisible/],
    ['top-k above experts', { ...fixture('mixtral-8x7b'), num_experts_per_tok: 9 }, /exceeds/],
    [
      'a nested field',
      { ...fixture('llama-4-scout'), text_config: { hidden_size: -1 } },
      /text_config.hidden_size/,
    ],
  ];
  for (const [what, config, message] of bad) {
    it(`rejects ${what} with invalid_config`, () => {
      expect(() => computeParams(config)).toThrow(message);
      try {
        computeParams(config);
      } catch (e) {
        expect((e as InvalidConfigError).code).toBe('invalid_config');
      }
    });
  }
});

describe('computeParams: properties', () => {
  const dims = fc.record({
    heads: fc.integer({ min: 1, max: 32 }),
    headDim: fc.integer({ min: 1, max: 128 }),
    kvDivisor: fc.constantFrom(1, 2, 4),
    layers: fc.integer({ min: 1, max: 64 }),
    intermediate: fc.integer({ min: 1, max: 20_000 }),
    vocab: fc.integer({ min: 1, max: 200_000 }),
    tied: fc.boolean(),
    modelType: fc.constantFrom('llama', 'mistral', 'qwen2', 'qwen3', 'gemma2', 'phi3', 'glm4'),
  });
  type Dims = typeof dims extends fc.Arbitrary<infer T> ? T : never;
  const dense = (d: Dims) => ({
    model_type: d.modelType,
    hidden_size: d.heads * d.headDim,
    head_dim: d.headDim,
    num_attention_heads: d.heads * d.kvDivisor,
    num_key_value_heads: d.heads,
    num_hidden_layers: d.layers,
    intermediate_size: d.intermediate,
    vocab_size: d.vocab,
    tie_word_embeddings: d.tied,
  });

  it('dense models: active = total, and totals grow with layers and widths', () => {
    fc.assert(
      fc.property(dims, (d) => {
        const r = computeParams(dense(d));
        expect(r.active).toBe(r.total);
        expect(r.experts).toBeNull();
        expect(computeParams(dense({ ...d, layers: d.layers + 1 })).total).toBeGreaterThan(r.total);
        expect(computeParams(dense({ ...d, intermediate: d.intermediate + 1 })).total).toBeGreaterThan(
          r.total,
        );
        expect(computeParams(dense({ ...d, headDim: d.headDim + 1 })).total).toBeGreaterThan(r.total);
        expect(computeParams(dense({ ...d, vocab: d.vocab + 1 })).total).toBeGreaterThan(r.total);
      }),
      { numRuns: 200 },
    );
  });

  it('MoE models: active ≤ total, growing with top-k and staying put when experts are added', () => {
    const moe = fc.record({
      hidden: fc.integer({ min: 8, max: 4096 }).map((h) => h * 8),
      layers: fc.integer({ min: 1, max: 48 }),
      experts: fc.integer({ min: 2, max: 256 }),
      k: fc.integer({ min: 1, max: 2 }),
      moeI: fc.integer({ min: 1, max: 4096 }),
      modelType: fc.constantFrom('mixtral', 'qwen3_moe', 'gpt_oss', 'deepseek_v3'),
    });
    const cfg = (m: {
      hidden: number;
      layers: number;
      experts: number;
      k: number;
      moeI: number;
      modelType: string;
    }) => ({
      model_type: m.modelType,
      hidden_size: m.hidden,
      num_hidden_layers: m.layers,
      num_attention_heads: 8,
      num_key_value_heads: 8,
      vocab_size: 1000,
      intermediate_size: m.moeI,
      moe_intermediate_size: m.moeI,
      num_local_experts: m.experts,
      num_experts: m.experts,
      n_routed_experts: m.experts,
      n_shared_experts: 1,
      num_experts_per_tok: m.k,
      first_k_dense_replace: 0,
      kv_lora_rank: 64,
      q_lora_rank: 96,
      qk_nope_head_dim: 16,
      qk_rope_head_dim: 8,
      v_head_dim: 16,
    });
    fc.assert(
      fc.property(moe, (m) => {
        const r = computeParams(cfg(m));
        expect(r.active).toBeLessThanOrEqual(r.total);
        expect(r.activeExcludingInputEmbedding).toBeLessThanOrEqual(r.active);
        const more = computeParams(cfg({ ...m, experts: m.experts + 1 }));
        expect(more.total).toBeGreaterThan(r.total);
        expect(more.active - more.components.router).toBe(r.active - r.components.router);
        if (m.k < m.experts) {
          expect(computeParams(cfg({ ...m, k: m.k + 1 })).active).toBeGreaterThan(r.active);
        }
      }),
      { numRuns: 200 },
    );
  });
});
