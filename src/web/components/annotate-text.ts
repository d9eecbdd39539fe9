// Cuts an article into the pieces the verify page renders: regions covered by the same claims, and inside each
// region the runs of text that are (or are not) a mention. Offsets are code-point indices (`Array.from(text)`), as
// the API gives them; slicing by UTF-16 indices would cut an emoji in half and shift every later highlight.

interface Span {
  start: number;
  end: number;
}

/** A run of text inside a region: plain, or (part of) the mention at index `mention`. */
export interface Piece {
  text: string;
  start: number;
  end: number;
  mention: number | null;
}

/** A stretch of text covered by the same claims (indices, innermost first); `ending`: claims that end here. */
export interface Region {
  start: number;
  end: number;
  claims: number[];
  ending: number[];
  pieces: Piece[];
}

const valid = (s: Span, n: number) =>
  Number.isInteger(s.start) && Number.isInteger(s.end) && s.start >= 0 && s.start < s.end && s.end <= n;

/**
 * The regions of `text` between the claims' boundaries, in order, covering the whole text. Spans outside the text
 * or empty are left out; overlapping mentions keep the one that starts first (the longer one on a tie). Linear in
 * the text's length plus the spans (times the claims open at once, a handful).
 */
export function annotateText(text: string, mentions: readonly Span[], claims: readonly Span[]): Region[] {
  const chars = Array.from(text);
  const n = chars.length;
  if (n === 0) return [];
  type Indexed = Span & { i: number };
  const indexed = (spans: readonly Span[]): Indexed[] =>
    spans.flatMap((s, i) => (valid(s, n) ? [{ start: s.start, end: s.end, i }] : []));

  const cl = indexed(claims);
  const bounds = [...new Set([0, n, ...cl.flatMap((c) => [c.start, c.end])])].sort((a, b) => a - b);
  const opening = new Map<number, Indexed[]>();
  for (const c of cl) opening.set(c.start, [...(opening.get(c.start) ?? []), c]);

  const kept: Indexed[] = [];
  let reach = 0;
  for (const m of indexed(mentions).sort((a, b) => a.start - b.start || b.end - a.end)) {
    if (m.start < reach) continue;
    kept.push(m);
    reach = m.end;
  }

  const regions: Region[] = [];
  const size = (c: Indexed) => c.end - c.start;
  let open: Indexed[] = [];
  let next = 0;
  for (let b = 1; b < bounds.length; b++) {
    const start = bounds[b - 1] as number;
    const end = bounds[b] as number;
    open = [...open.filter((c) => c.end > start), ...(opening.get(start) ?? [])];
    const pieces: Piece[] = [];
    let pos = start;
    const push = (to: number, mention: number | null) => {
      if (to > pos) pieces.push({ text: chars.slice(pos, to).join(''), start: pos, end: to, mention });
      pos = to;
    };
    for (let m = kept[next]; m && m.start < end; m = kept[next]) {
      if (m.end > pos) {
        push(Math.max(pos, m.start), null);
        push(Math.min(end, m.end), m.i);
        if (m.end > end) break;
      }
      next++;
    }
    push(end, null);
    regions.push({
      start,
      end,
      claims: [...open].sort((x, y) => size(x) - size(y) || x.i - y.i).map((c) => c.i),
      ending: open
        .filter((c) => c.end === end)
        .sort((x, y) => x.start - y.start || x.i - y.i)
        .map((c) => c.i),
      pieces,
    });
  }
  return regions;
}
