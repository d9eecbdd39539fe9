import { distance } from 'fastest-levenshtein';

// "Did you mean": the names closest to what a user typed, for lookups (`omo show deepsek-r1`) and for filter
// values (`--org deepsek`, `--country China`). Pure; the callers say which names exist.

/** Lower case, no accents, and separators (space, -, _, ., /) dropped: "DeepSeek-R1" and "deepseek r1" meet. */
export function foldName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\s\-_./]+/g, '');
}

export interface Candidate {
  /** What the suggestion shows (an id, or a name). */
  value: string;
  /** Every name the candidate answers to (its id, name, aliases…); the best-matching one counts. */
  names: readonly string[];
}

function score(typed: string, name: string): number {
  const n = foldName(name);
  if (!n) return Number.POSITIVE_INFINITY;
  if (n === typed) return 0;
  // A name that contains what was typed ("kimi" in "kimik2instruct"), or the reverse, ranks before a typo,
  // shorter names first.
  if (n.includes(typed) || typed.includes(n)) return 0.5 + Math.abs(n.length - typed.length) / 1000;
  const d = distance(typed, n);
  // A typo: at most a third of the typed length, and at most 3 edits.
  return d <= Math.min(3, Math.max(1, Math.floor(typed.length / 3))) ? d : Number.POSITIVE_INFINITY;
}

/**
 * Up to `limit` candidates closest to `typed`, best first (exact after folding, then containment, then edit
 * distance), ties in the candidates' order. Empty when nothing is close.
 */
export function closestNames(typed: string, candidates: readonly Candidate[], limit = 5): string[] {
  const t = foldName(typed);
  if (!t) return [];
  const scored: { value: string; score: number; index: number }[] = [];
  candidates.forEach((c, index) => {
    let best = Number.POSITIVE_INFINITY;
    for (const name of c.names) best = Math.min(best, score(t, name));
    if (Number.isFinite(best)) scored.push({ value: c.value, score: best, index });
  });
  scored.sort((a, b) => a.score - b.score || a.index - b.index);
  const seen = new Set<string>();
  const out: string[] = [];
  for (const s of scored) {
    if (seen.has(s.value)) continue;
    seen.add(s.value);
    out.push(s.value);
    if (out.length === limit) break;
  }
  return out;
}

/** The candidate whose value or one of whose names `typed` is, after folding case and separators; null if none. */
export function matchName(typed: string, candidates: readonly Candidate[]): string | null {
  const folded = foldName(typed);
  if (!folded) return null;
  for (const c of candidates) if (c.value === typed) return c.value;
  for (const c of candidates) if (c.names.some((n) => foldName(n) === folded)) return c.value;
  return null;
}

/** ` (did you mean "a", "b"?)`, or '' when there is nothing to suggest: appended to a not-found message. */
export function didYouMean(suggestions: readonly string[]): string {
  if (suggestions.length === 0) return '';
  return ` (did you mean ${suggestions.map((s) => JSON.stringify(s)).join(', ')}?)`;
}
