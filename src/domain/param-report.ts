import { z } from 'zod';

const Count = z.number().int().nonnegative();

/**
 * Parameter, memory, KV-cache and compute figures for one model, computed from its config.
 *
 * Conventions:
 * - `total` counts every weight, bias and norm weight of the model as transformers builds it (plus the
 *   vision tower when the config describes one), EXCLUDING separately reported modules in `extra`
 *   (multi-token-prediction layers): makers' totals exclude them while Hub safetensors totals include them.
 * - `active` is what one text token touches: everything except unused routed experts and the vision
 *   tower, INCLUDING the input embedding and output head (DeepSeek's and Qwen's convention).
 *   `activeExcludingInputEmbedding` drops the embedding lookup (OpenAI's gpt-oss convention; a tied
 *   matrix still counts once, as the head).
 * - `embedding` is the input embedding plus the output head (once when tied); `nonEmbedding` the rest.
 */
export const ParamReport = z.object({
  architecture: z.string(),
  total: Count,
  active: Count,
  activeExcludingInputEmbedding: Count,
  embedding: Count,
  nonEmbedding: Count,
  tiedEmbeddings: z.boolean(),
  extra: z.object({
    /** Multi-token-prediction modules, not counting the embedding and head they share. */
    mtp: Count.optional(),
  }),
  components: z.object({
    embeddings: Count,
    attention: Count,
    denseMlp: Count,
    routedExperts: Count,
    sharedExperts: Count,
    router: Count,
    norms: Count,
    lmHead: Count,
    vision: Count,
  }),
  experts: z
    .object({
      routed: Count,
      shared: Count,
      activePerToken: Count,
    })
    .nullable(),
  /**
   * Weight memory in bytes for `total` parameters at 2, 1, 1 and 0.5 bytes each. `int4` ignores the
   * per-group scales and zero points of real 4-bit formats (GPTQ/AWQ at group size 128 with fp16
   * scales add roughly 3%; GGUF Q4_K_M averages about 4.8 bits per weight).
   */
  memory: z.object({
    bf16: Count,
    fp8: Count,
    int8: Count,
    int4: Count,
  }),
  /**
   * KV-cache bytes per token at bf16. `bf16` is the average over a sequence of `context` tokens:
   * sliding-window and chunked layers stop growing at their window, linear-attention layers keep a fixed
   * state and add nothing per token. `bf16NoWindow` is the cost per token if every softmax layer kept
   * the whole context. MLA layers cache kv_lora_rank + qk_rope_head_dim values per token.
   */
  kvCacheBytesPerToken: z.object({
    bf16: z.number().nonnegative(),
    bf16NoWindow: Count,
  }),
  /**
   * Forward FLOPs for one token at position `context`: 2 × activeExcludingInputEmbedding (the
   * matrix multiplies, head included) + Σ over softmax-attention layers of
   * 2 × heads × (qk dim + v dim) × min(context, window).
   */
  flopsPerToken: z.number().nonnegative(),
  context: z.number().int().positive(),
  notes: z.array(z.string()),
});
export type ParamReport = z.infer<typeof ParamReport>;
