import { z } from 'zod';

/**
 * The answer of `omo verify` and `POST /api/verify` (issue 15). Offsets are Unicode code-point offsets into the
 * text as given (indices of `Array.from(text)`), `end` exclusive; `text` equals that slice.
 */

export const VERIFY_LANGUAGES = ['en', 'hi', 'zh', 'ru'] as const;
export const VerifyLanguage = z.enum(['en', 'hi', 'zh', 'ru', 'mixed', 'unknown']);
export type VerifyLanguage = z.infer<typeof VerifyLanguage>;

export const MentionKind = z.enum(['org', 'model', 'family']);
export type MentionKind = z.infer<typeof MentionKind>;

/** A name the text uses for an organisation, a model or a family (`family:<slug>`). */
export const Mention = z.object({
  text: z.string(),
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  kind: MentionKind,
  id: z.string(),
});
export type Mention = z.infer<typeof Mention>;

export const ClaimType = z.enum([
  'release_date',
  'parameters',
  'parameter_ratio',
  'open_weights',
  'licence',
  'benchmark',
  'ranking_share',
]);
export type ClaimType = z.infer<typeof ClaimType>;

export const Verdict = z.enum(['supported', 'contradicted', 'partly', 'unverifiable']);
export type Verdict = z.infer<typeof Verdict>;

/** One catalog fact a verdict rests on, with the source the catalog cites for it. */
export const Evidence = z.object({
  /** The catalog id the fact belongs to (a model, an organisation, a licence). */
  id: z.string(),
  /** Which fact, e.g. `released`, `parameters.total`, `benchmarks.MMLU`, `weights`, `license`. */
  field: z.string(),
  value: z.unknown(),
  source: z.object({ url: z.string(), title: z.string() }),
});
export type Evidence = z.infer<typeof Evidence>;

/** One atomic checkable statement of the text and how it compares with the catalog. */
export const Claim = z.object({
  text: z.string(),
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  type: ClaimType,
  /** The catalog ids the claim is about (models, organisations, `family:<slug>`). */
  subjects: z.array(z.string()),
  /** What the text states, normalised (e.g. `{ date: "2025-01-20", precision: "day" }`, `{ total: 6.71e11 }`). */
  stated: z.record(z.string(), z.unknown()),
  verdict: Verdict,
  evidence: z.array(Evidence),
  explanation: z.string(),
});
export type Claim = z.infer<typeof Claim>;

export const VerifyResult = z.object({
  language: VerifyLanguage,
  mentions: z.array(Mention),
  claims: z.array(Claim),
});
export type VerifyResult = z.infer<typeof VerifyResult>;

/** Options of a verification: the article's publication date (for relative dates) and its language. */
export const VerifyOptions = z.object({
  /** YYYY-MM-DD; relative dates ("last month") are resolved against it. */
  date: z.string().optional(),
  /** `auto` (the default) detects the language from the script. */
  lang: z.enum(['auto', 'en', 'hi', 'zh', 'ru']).optional(),
});
export type VerifyOptions = z.infer<typeof VerifyOptions>;
