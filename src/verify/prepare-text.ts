/**
 * The text the verifier reads: HTML tags skipped (block tags become line breaks, `<script>`/`<style>` content
 * dropped), character references decoded, full-width ASCII folded to ASCII, no-break spaces and dashes unified.
 * Every UTF-16 unit of `text` maps back to the code points of the input it came from, so that offsets given to the
 * caller index the input as given (`Array.from(input)`).
 */
export interface PreparedText {
  /** The cleaned text (UTF-16). */
  text: string;
  /** `lower[i]` is `text[i]` lower-cased (same length), ё as е. */
  lower: string;
  /** For each UTF-16 unit of `text`: the first input code point it comes from. */
  from: Int32Array;
  /** For each UTF-16 unit of `text`: the input code point after the last one it comes from. */
  to: Int32Array;
  /** The input's code points. */
  input: string[];
}

const BLOCK_TAGS = new Set([
  'p',
  'div',
  'br',
  'li',
  'ul',
  'ol',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'tr',
  'td',
  'th',
  'table',
  'section',
  'article',
  'header',
  'footer',
  'blockquote',
  'pre',
  'hr',
  'figcaption',
  'title',
  'dd',
  'dt',
]);
const SKIP_CONTENT = new Set(['script', 'style', 'noscript', 'template']);
const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  laquo: '«',
  raquo: '»',
  middot: '·',
  times: '×',
  shy: '',
  thinsp: ' ',
  ensp: ' ',
  emsp: ' ',
  zwj: '',
  zwnj: '',
  copy: '©',
  reg: '®',
  deg: '°',
  percnt: '%',
};
/** How far a tag or a character reference may run before `<` or `&` is taken as plain text. */
const MAX_TAG = 2000;
const MAX_ENTITY = 12;

/** Maps one code point to what the matcher reads (full-width forms, odd spaces and dashes unified). */
function foldChar(ch: string): string {
  const c = ch.codePointAt(0) ?? 0;
  if (c >= 0xff01 && c <= 0xff5e) {
    const ascii = String.fromCodePoint(c - 0xfee0);
    // Keep the CJK sentence marks the splitter reads: full-width ！ ？ fold to ! ?, which it reads as well.
    return ascii;
  }
  if (c === 0x3000 || c === 0xa0 || (c >= 0x2000 && c <= 0x200a) || c === 0x202f || c === 0x205f) return ' ';
  if (c === 0x200b || c === 0x200c || c === 0x200d || c === 0xfeff || c === 0xad) return '';
  if (c === 0x2010 || c === 0x2011 || c === 0x2012 || c === 0x2212) return '-';
  if (c === 0) return ' ';
  // Devanagari digits read as ASCII digits; फ़ (one code point) as फ + nukta is left to the patterns.
  if (c >= 0x0966 && c <= 0x096f) return String.fromCharCode(0x30 + c - 0x0966);
  return ch;
}

function lowerOf(ch: string): string {
  if (ch === 'Ё' || ch === 'ё') return 'е';
  const l = ch.toLowerCase();
  return l.length === ch.length ? l : ch;
}

export function prepareText(input: string): PreparedText {
  const cps = Array.from(input);
  const parts: string[] = [];
  const from: number[] = [];
  const to: number[] = [];
  const emit = (s: string, a: number, b: number) => {
    for (let k = 0; k < s.length; k++) {
      from.push(a);
      to.push(b);
    }
    parts.push(s);
  };
  let skipUntil: string | null = null;
  let i = 0;
  while (i < cps.length) {
    const ch = cps[i] as string;
    if (ch === '<') {
      const tag = readTag(cps, i);
      if (tag) {
        if (skipUntil) {
          if (tag.closing && tag.name === skipUntil) skipUntil = null;
        } else if (!tag.closing && SKIP_CONTENT.has(tag.name) && !tag.selfClosing) {
          skipUntil = tag.name;
        } else if (BLOCK_TAGS.has(tag.name)) {
          emit('\n', i, tag.end);
        }
        i = tag.end;
        continue;
      }
    }
    if (skipUntil) {
      i++;
      continue;
    }
    if (ch === '&') {
      const ent = readEntity(cps, i);
      if (ent) {
        const folded = Array.from(ent.value).map(foldChar).join('');
        emit(folded, i, ent.end);
        i = ent.end;
        continue;
      }
    }
    emit(foldChar(ch), i, i + 1);
    i++;
  }
  const text = parts.join('');
  let lower = '';
  const lowerParts: string[] = [];
  for (const ch of text) lowerParts.push(lowerOf(ch));
  lower = lowerParts.join('');
  return { text, lower, from: Int32Array.from(from), to: Int32Array.from(to), input: cps };
}

function readTag(
  cps: string[],
  i: number,
): { name: string; closing: boolean; selfClosing: boolean; end: number } | null {
  const next = cps[i + 1];
  if (!next) return null;
  if (next === '!') {
    // A comment or a doctype.
    const comment = cps[i + 2] === '-' && cps[i + 3] === '-';
    const limit = Math.min(cps.length, i + (comment ? 100_000 : MAX_TAG));
    for (let j = i + 2; j < limit; j++) {
      if (cps[j] !== '>') continue;
      if (!comment || (cps[j - 1] === '-' && cps[j - 2] === '-' && j - 2 >= i + 4)) {
        return { name: '!', closing: false, selfClosing: true, end: j + 1 };
      }
    }
    return null;
  }
  const closing = next === '/';
  const nameStart = closing ? i + 2 : i + 1;
  if (!/^[A-Za-z]$/.test(cps[nameStart] ?? '')) return null;
  let j = nameStart;
  let name = '';
  while (j < cps.length && /^[A-Za-z0-9-]$/.test(cps[j] as string))
    name += (cps[j++] as string).toLowerCase();
  const limit = Math.min(cps.length, i + MAX_TAG);
  let quote: string | null = null;
  for (; j < limit; j++) {
    const c = cps[j];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '<') return null;
    else if (c === '>') return { name, closing, selfClosing: cps[j - 1] === '/', end: j + 1 };
  }
  return null;
}

function readEntity(cps: string[], i: number): { value: string; end: number } | null {
  let j = i + 1;
  let body = '';
  const limit = Math.min(cps.length, i + MAX_ENTITY);
  while (j < limit && cps[j] !== ';') {
    const c = cps[j] as string;
    if (!/^[A-Za-z0-9#]$/.test(c)) return null;
    body += c;
    j++;
  }
  if (cps[j] !== ';' || body === '') return null;
  const end = j + 1;
  if (body[0] === '#') {
    const hex = body[1] === 'x' || body[1] === 'X';
    const digits = body.slice(hex ? 2 : 1);
    if (!(hex ? /^[0-9a-fA-F]{1,6}$/ : /^[0-9]{1,7}$/).test(digits)) return null;
    const code = Number.parseInt(digits, hex ? 16 : 10);
    if (code <= 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return null;
    return { value: String.fromCodePoint(code), end };
  }
  const value = NAMED_ENTITIES[body] ?? NAMED_ENTITIES[body.toLowerCase()];
  return value === undefined ? null : { value, end };
}

/** The input code-point span of the cleaned text's UTF-16 range [start, end). */
export function inputSpan(
  p: PreparedText,
  start: number,
  end: number,
): { start: number; end: number; text: string } {
  const s = p.from[start] ?? p.input.length;
  const e = end > start ? (p.to[end - 1] ?? s) : s;
  return { start: s, end: e, text: p.input.slice(s, e).join('') };
}
