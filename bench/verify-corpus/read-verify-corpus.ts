import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { Catalog } from '../../src/catalog/load-catalog.ts';
import { ClaimType, MentionKind, Verdict } from '../../src/domain/verify.ts';

/** Where the annotated articles live: one `<id>.json` each. */
const VERIFY_CORPUS_DIR = path.dirname(fileURLToPath(import.meta.url));

const Span = {
  text: z.string().min(1),
  start: z.number().int().nonnegative(),
  end: z.number().int().positive(),
};

export const GoldMention = z.strictObject({
  ...Span,
  kind: MentionKind,
  id: z.string().min(1),
  /**
   * Other ids that also count as right, for names that stand for a line and its maker alike: "通义千问" is the Qwen
   * line (`family:qwen`) and, in the catalog, an alias of Alibaba.
   */
  alt: z.array(z.string().min(1)).optional(),
});
export type GoldMention = z.infer<typeof GoldMention>;

export const GoldClaim = z.strictObject({
  ...Span,
  type: ClaimType,
  subjects: z.array(z.string().min(1)).min(1),
  /** What the text states, normalised as the engine's `stated` (e.g. `{ total: 6.71e11 }`). */
  stated: z.record(z.string(), z.unknown()),
  gold_verdict: Verdict,
  /** Why this verdict: which catalog fact it rests on, or why the catalog cannot settle it. */
  note: z.string().min(1),
});
export type GoldClaim = z.infer<typeof GoldClaim>;

/** One annotated article excerpt: a short quotation of a real public article, with its citation. */
export const CorpusArticle = z.strictObject({
  id: z.string().regex(/^[a-z]{2}-[a-z0-9-]+$/),
  url: z.url(),
  title: z.string().min(1),
  published: z.iso.date(),
  /** How the publication date is known (the page, the URL, or the text's own dateline). */
  published_note: z.string().optional(),
  language: z.enum(['en', 'hi', 'zh', 'ru']),
  /** `dev` articles may be used to tune the engine; `test` articles may not. */
  split: z.enum(['dev', 'test']),
  /** What was left out of the quotation ([…]) and any known errors of the article. */
  source_note: z.string().optional(),
  text: z.string().min(1),
  mentions: z.array(GoldMention),
  claims: z.array(GoldClaim),
});
export type CorpusArticle = z.infer<typeof CorpusArticle>;

/** Reads and validates every `<id>.json` of the corpus folder; throws naming the file and field on bad input. */
export function readVerifyCorpus(dir = VERIFY_CORPUS_DIR): CorpusArticle[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  return files.map((file) => {
    const raw: unknown = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
    const parsed = CorpusArticle.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`${file}: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
    }
    if (`${parsed.data.id}.json` !== file)
      throw new Error(`${file}: id "${parsed.data.id}" does not match the file name`);
    return parsed.data;
  });
}

/** The id of a catalog family: its name lower-cased, every run of other characters than letters and digits as `-`. */
function familyId(family: string): string {
  return `family:${family
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')}`;
}

/** A family's line: "Qwen2.5" → "Qwen", "Llama 3.1" → "Llama"; null when the name has no version to strip. */
function familyLine(family: string): string | null {
  const m = /^([A-Za-z][A-Za-z]+?)[\s-]?v?\d+(?:\.\d+)*(?:$|[\s-])/.exec(family);
  return m?.[1] && m[1].length >= 3 ? m[1] : null;
}

/**
 * Problems of the annotation, one line each (empty when all is well): spans whose `text` is not the code-point
 * slice `[start, end)` of the article, mention kinds and ids, and claim subjects that the catalog does not hold.
 */
export function checkVerifyCorpus(articles: readonly CorpusArticle[], catalog: Catalog): string[] {
  const models = new Set(catalog.models.map((m) => m.id));
  const orgs = new Set(catalog.organizations.map((o) => o.id));
  // Families are the catalog's `family` values and the lines they belong to ("Qwen" for Qwen2.5 and Qwen3).
  const families = new Set(
    catalog.models.flatMap((m) => {
      if (!m.family) return [];
      const line = familyLine(m.family);
      return line ? [familyId(m.family), familyId(line)] : [familyId(m.family)];
    }),
  );
  const kindOf = (id: string): 'org' | 'model' | 'family' | null =>
    families.has(id) ? 'family' : models.has(id) ? 'model' : orgs.has(id) ? 'org' : null;
  const problems: string[] = [];
  for (const a of articles) {
    const chars = Array.from(a.text);
    const where = (what: string, i: number) => `${a.id}: ${what}[${i}]`;
    const checkSpan = (what: string, i: number, s: { text: string; start: number; end: number }) => {
      if (s.end <= s.start || s.end > chars.length)
        problems.push(`${where(what, i)}: span ${s.start}-${s.end} out of range`);
      else if (chars.slice(s.start, s.end).join('') !== s.text)
        problems.push(
          `${where(what, i)}: text "${s.text}" is not the slice ${s.start}-${s.end} ("${chars.slice(s.start, s.end).join('')}")`,
        );
    };
    a.mentions.forEach((m, i) => {
      checkSpan('mentions', i, m);
      const kind = kindOf(m.id);
      if (kind === null) problems.push(`${where('mentions', i)}: "${m.id}" is not in the catalog`);
      else if (kind !== m.kind)
        problems.push(`${where('mentions', i)}: "${m.id}" is a ${kind}, annotated as ${m.kind}`);
    });
    const sorted = [...a.mentions].sort((x, y) => x.start - y.start);
    for (let i = 1; i < sorted.length; i++) {
      const prev = sorted[i - 1];
      const cur = sorted[i];
      if (prev && cur && cur.start < prev.end)
        problems.push(`${a.id}: mentions "${prev.text}" and "${cur.text}" overlap`);
    }
    a.claims.forEach((c, i) => {
      checkSpan('claims', i, c);
      for (const s of c.subjects)
        if (kindOf(s) === null) problems.push(`${where('claims', i)}: subject "${s}" is not in the catalog`);
    });
  }
  return problems;
}
