/**
 * Numbers with their scale in the four scripts the verifier reads: "671 billion", "671B", "6710亿", "1.5万亿",
 * "32 अरब", "32 млрд", "32,5 млрд", percentages and "20 times". Read on the prepared text (Devanagari digits are
 * already ASCII there). `precision` is the unit of the last digit written, times the scale: the tolerance of a
 * figure is half of it ("32B" holds for 31.5B to 32.5B).
 */
export interface Quantity {
  /** UTF-16 range in the prepared text, unit included. */
  start: number;
  end: number;
  value: number;
  precision: number;
  kind: 'count' | 'percent' | 'times' | 'plain';
  /** The scale word or letter as written ("billion", "亿", "B"), empty for a bare number. */
  unit: string;
}

const SCALES: [RegExp, number][] = [
  [/^(?:trillion|tn|万亿|萬億|兆|ट्रिलियन|ख़रब|खरब|трлн|триллион\p{L}*)/u, 1e12],
  [/^(?:千亿|千億)/u, 1e11],
  [/^(?:百亿|百億)/u, 1e10],
  [/^(?:billion|bn|बिलियन|अरब|млрд|миллиард\p{L}*)/u, 1e9],
  [/^(?:亿|億)/u, 1e8],
  [/^(?:करोड़|करोड|करोड\u093c)/u, 1e7],
  [/^(?:million|mn|मिलियन|млн|миллион\p{L}*)/u, 1e6],
  [/^(?:लाख)/u, 1e5],
  [/^(?:万|萬)/u, 1e4],
  [/^(?:thousand|हज़ार|हजार|हज\u093cार|тыс\p{L}*)/u, 1e3],
];
// "खरब" is 10^11 in the Indian system; articles use it loosely, so it is read as such only when written alone.
const KHARAB = /^(?:ख़रब|खरब)/u;
const LETTER_SCALES: Record<string, number> = { t: 1e12, b: 1e9, m: 1e6, k: 1e3 };
const PERCENT =
  /^(?:%|％|\s?percent\b|\s?per cent\b|\s?pct\b|\s?प्रतिशत|\s?फ़ीसदी|\s?फीसदी|\s?फ\u093cीसदी|\s?процент\p{L}*)/u;
const TIMES = /^(?:\s?(?:times\b|x\b|×|倍|गुना|раза?\b|раз(?=\P{L}|$)))/u;
const WORD_TRILLION =
  /(?<![\d.,]\s?)(?:\b(?:a|one)\s+)?(?<![a-z])trillion(?=[\s-]+param)|(?<![\d.,]\s?)триллион\p{L}*(?=\s+параметр)/gu;
const NUMBER = /\d+(?:[.,]\d+)*/g;

const isLetter = (c: string | undefined) => c !== undefined && /\p{L}/u.test(c);

/** Every number of `text` (the prepared, lower-cased text) with what follows it. */
export function readQuantities(lower: string): Quantity[] {
  const out: Quantity[] = [];
  NUMBER.lastIndex = 0;
  for (let m = NUMBER.exec(lower); m; m = NUMBER.exec(lower)) {
    const start = m.index;
    // A number glued to letters before it (V3, R1, Qwen2) is part of a name.
    if (/[a-z\u00c0-\u024f\u0400-\u04ff_]/.test(lower[start - 1] ?? '')) continue;
    let raw = m[0];
    let end = start + raw.length;
    // A trailing separator is punctuation, not part of the number ("in 2025." / "32,").
    while (/[.,]$/.test(raw)) {
      raw = raw.slice(0, -1);
      end--;
    }
    const rest = lower.slice(end, end + 24);
    const cyrillicUnit = /^\s?[а-я]/.test(rest);
    const parsed = parseNumber(raw, cyrillicUnit);
    if (!parsed) continue;
    let { value, precision } = parsed;
    let kind: Quantity['kind'] = 'plain';
    let unit = '';
    let unitLen = 0;
    const pct = PERCENT.exec(rest);
    const times = pct ? null : TIMES.exec(rest);
    if (pct) {
      kind = 'percent';
      unit = '%';
      unitLen = pct[0].length;
    } else if (times) {
      kind = 'times';
      unit = 'x';
      unitLen = times[0].length;
    } else {
      const gap = /^[\s-]?/.exec(rest)?.[0].length ?? 0;
      const after = rest.slice(gap);
      let scale = 0;
      for (const [re, s] of SCALES) {
        const u = re.exec(after);
        if (u) {
          scale = KHARAB.test(after) ? 1e11 : s;
          unit = u[0];
          unitLen = gap + u[0].length;
          break;
        }
      }
      if (!scale && gap <= 1) {
        const letter = after[0];
        if (letter && LETTER_SCALES[letter] && !isLetter(after[1]) && !/^\d/.test(after.slice(1))) {
          scale = LETTER_SCALES[letter] as number;
          unit = letter;
          unitLen = gap + 1;
        }
      }
      if (scale) {
        // "1.5万亿", "6710亿": the scale multiplies what is written.
        value *= scale;
        precision *= scale;
        kind = 'count';
      }
    }
    out.push({ start, end: end + unitLen, value, precision, kind, unit });
    NUMBER.lastIndex = end + unitLen;
  }
  // "a trillion parameters", "trillion-parameter", "с триллионом параметров": the scale word alone is one of it.
  WORD_TRILLION.lastIndex = 0;
  for (let m = WORD_TRILLION.exec(lower); m; m = WORD_TRILLION.exec(lower)) {
    const start = m.index;
    if (out.some((q) => q.end >= start && q.start <= start)) continue;
    out.push({
      start,
      end: start + m[0].length,
      value: 1e12,
      precision: 1e12,
      kind: 'count',
      unit: 'trillion',
    });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** "6,710" is 6710; "32,5" is 32.5 before a Cyrillic unit or where the group is not three digits. */
function parseNumber(raw: string, commaDecimal = false): { value: number; precision: number } | null {
  let s = raw;
  const groups = s.split(/[.,]/);
  if (groups.length > 2 || (groups.length === 2 && s.includes(','))) {
    const thousands = /^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/.test(s);
    if (thousands && !commaDecimal) s = s.replace(/,/g, '');
    else if (/^\d+,\d+$/.test(s)) s = s.replace(',', '.');
    else if (/^\d{1,3}(?:\.\d{3})+,\d+$/.test(s)) s = s.replace(/\./g, '').replace(',', '.');
    else if (/^\d{1,3}(?:\.\d{3}){2,}$/.test(s)) s = s.replace(/\./g, '');
    else if (!/^\d+\.\d+$/.test(s)) return null;
  }
  const value = Number(s);
  if (!Number.isFinite(value)) return null;
  const dot = s.indexOf('.');
  const decimals = dot < 0 ? 0 : s.length - dot - 1;
  return { value, precision: 10 ** -decimals };
}
