import type { AliasIndex, NameTarget } from './alias-index.ts';
import { isSeparator } from './alias-index.ts';
import type { PreparedText } from './prepare-text.ts';

/** A mention in prepared-text units (UTF-16 range of `PreparedText.text`). */
export interface RawMention {
  start: number;
  end: number;
  kind: NameTarget['kind'];
  id: string;
  /** The name goes on past what the catalog knows ("Qwen3-Max", "Qwen3 Max"): a model the catalog lacks. */
  partial?: boolean;
  /** Not named in the sentence: the model an earlier sentence named (see verifyText). */
  carried?: boolean;
}

const TIER = /^[\s-](?:max|plus|turbo|pro|ultra|flash|mini|lite|preview|omni)(?![a-z])/;

type Script = 'latin' | 'cyrillic' | 'devanagari' | 'han' | 'other' | 'none';

function scriptOf(c: string | undefined): Script {
  if (c === undefined) return 'none';
  const code = c.charCodeAt(0);
  if ((code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a))
    return 'latin';
  if (code < 0x80) return 'none';
  if (code >= 0x0400 && code <= 0x052f) return 'cyrillic';
  if (code >= 0x0900 && code <= 0x097f) return code === 0x0964 || code === 0x0965 ? 'none' : 'devanagari';
  if (
    (code >= 0x3040 && code <= 0x30ff) ||
    (code >= 0x3400 && code <= 0x9fff) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xac00 && code <= 0xd7af)
  )
    return 'han';
  if (code >= 0xd800 && code <= 0xdfff) return 'other';
  if ((code >= 0xc0 && code <= 0x24f) || (code >= 0x1e00 && code <= 0x1eff)) return 'latin';
  return /\p{L}|\p{M}|\p{N}/u.test(c) ? 'other' : 'none';
}

/** Whether the match may start at `i`: not inside a word of the same script (CJK needs no spaces). */
function leftOk(lower: string, i: number): boolean {
  const first = scriptOf(lower[i]);
  if (first === 'none') return false;
  if (first === 'han') return true;
  return scriptOf(lower[i - 1]) !== first;
}

/** How far past `end` the word goes on (a Russian ending: "DeepSeek" → no; "Алибаб|ы" → 1), or -1 when the match
 * ends inside a word. */
function rightExtension(lower: string, end: number, key: string): number {
  const last = scriptOf(lower[end - 1]);
  const next = lower[end];
  const ns = scriptOf(next);
  if (last === 'han') return 0;
  if (next !== undefined && /\p{M}/u.test(next)) return -1;
  if (ns === last) {
    if (last === 'cyrillic') {
      let k = end;
      while (k < lower.length && scriptOf(lower[k]) === 'cyrillic' && k - end < 4) k++;
      return scriptOf(lower[k]) === 'cyrillic' || k - end > 3 ? -1 : k - end;
    }
    return -1;
  }
  // "Qwen2" in "Qwen2.5" (when the trie has no Qwen2.5) is not a mention of Qwen2.
  if ((next === '.' || next === ',') && /\d/.test(lower[end + 1] ?? '') && /\d$/.test(key)) return -1;
  return 0;
}

/**
 * Names of the index in the text, longest first at each place, left to right without overlaps. A short form
 * counts once one of its makers was named before it; among its readings the most recently named maker wins.
 */
export function findMentions(p: PreparedText, index: AliasIndex): RawMention[] {
  const { lower } = p;
  const out: RawMention[] = [];
  const lastSeen = new Map<string, number>();
  const limit = index.maxKey * 2 + 8;
  let i = 0;
  while (i < lower.length) {
    if (isSeparator(lower[i]) || !leftOk(lower, i)) {
      i++;
      continue;
    }
    let node = index.root;
    let best: { end: number; targets: NameTarget[] } | null = null;
    let key = '';
    for (let j = i; j < lower.length && j - i < limit; j++) {
      const c = lower[j] as string;
      if (isSeparator(c)) {
        if (j === i) break;
        continue;
      }
      const n = node.next.get(c);
      if (!n) break;
      node = n;
      key += c;
      if (n.targets && !isSeparator(lower[j])) {
        const ext = rightExtension(lower, j + 1, key);
        if (ext >= 0) {
          const targets = n.targets.filter((t) => !t.context || t.context.some((o) => lastSeen.has(o)));
          if (targets.length) best = { end: j + 1 + ext, targets };
        }
      }
    }
    if (!best) {
      i++;
      continue;
    }
    const target = pick(best.targets, lastSeen);
    const after = lower.slice(best.end, best.end + 10);
    const partial = target.kind !== 'org' && (/^-[a-z0-9]/.test(after) || TIER.test(after));
    out.push({ start: i, end: best.end, kind: target.kind, id: target.id, ...(partial ? { partial } : {}) });
    if (target.kind === 'org') lastSeen.set(target.id, i);
    else for (const o of index.makers.get(target.id) ?? []) lastSeen.set(o, i);
    i = best.end;
  }
  return out;
}

function pick(targets: NameTarget[], lastSeen: Map<string, number>): NameTarget {
  const top = targets[0] as NameTarget;
  if (!top.context) return top;
  // Short forms: the reading whose maker was named most recently.
  let best = top;
  let bestAt = -1;
  for (const t of targets) {
    if (t.rank !== top.rank) break;
    const at = Math.max(...(t.context ?? []).map((o) => lastSeen.get(o) ?? -1));
    if (at > bestAt) {
      best = t;
      bestAt = at;
    }
  }
  return best;
}
