// A fast path for one JSON Lines item of a Hub dump, read straight from its UTF-8 bytes: it checks the whole line is
// JSON but builds only the fields `toHubModel` reads (id, modelId, author, createdAt, the counters, the base-model
// tags, `cardData.base_model[_relation]`) and skips the rest — other tags, siblings, card metadata — without
// decoding or allocating it. JSON.parse builds every item whole, which is most of what reading a dump costs.
//
// It is sound rather than complete: whenever a line holds something it does not read exactly as JSON.parse
// would — an escape or a non-ASCII byte in a string it keeps or in a member name, a counter with a sign, fraction or
// exponent, a field given twice, anything malformed — it answers `undefined` and the caller takes the reference
// path (decode, JSON.parse, toHubModel), which also words the error. So for every line it accepts, the object it
// returns holds the values JSON.parse would give for the fields toHubModel reads (tags: only `base_model:` ones,
// after checking that every tag is a string).
//
// Plain functions over (bytes, index) returning the next index, or −1 to give up: this is the hottest loop of an
// ingest.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const MINUS = 0x2d;
const ZERO = 0x30;
const NINE = 0x39;
const LOWER_N = 0x6e;
const MAX_DEPTH = 512;
const GIVE_UP = -1;

function skipSpace(b: Uint8Array, i: number, end: number): number {
  while (i < end) {
    const c = b[i] as number;
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
    i++;
  }
  return i;
}

function isHex(c: number): boolean {
  return (c >= ZERO && c <= NINE) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

function isDigit(c: number): boolean {
  return c >= ZERO && c <= NINE;
}

/** At a quote: the index after the JSON string (escapes and control characters checked), or −1. */
function skipString(b: Uint8Array, i: number, end: number): number {
  i++;
  while (i < end) {
    const c = b[i] as number;
    if (c === QUOTE) return i + 1;
    if (c < 0x20) return GIVE_UP;
    if (c === BACKSLASH) {
      const n = i + 1 < end ? (b[i + 1] as number) : 0;
      if (n === 0x75) {
        if (
          i + 5 >= end ||
          !isHex(b[i + 2] as number) ||
          !isHex(b[i + 3] as number) ||
          !isHex(b[i + 4] as number) ||
          !isHex(b[i + 5] as number)
        )
          return GIVE_UP;
        i += 6;
      } else if (
        n === QUOTE ||
        n === BACKSLASH ||
        n === 0x2f ||
        n === 0x62 ||
        n === 0x66 ||
        n === LOWER_N ||
        n === 0x72 ||
        n === 0x74
      )
        i += 2;
      else return GIVE_UP;
    } else i++;
  }
  return GIVE_UP;
}

/** At a quote: the index of the closing quote of a string of printable ASCII without escapes, or −1. */
function plainStringEnd(b: Uint8Array, i: number, end: number): number {
  i++;
  while (i < end) {
    const c = b[i] as number;
    if (c === QUOTE) return i;
    if (c < 0x20 || c >= 0x7f || c === BACKSLASH) return GIVE_UP;
    i++;
  }
  return GIVE_UP;
}

/** The index after a JSON number (grammar checked), or −1. */
function skipNumber(b: Uint8Array, i: number, end: number): number {
  if (b[i] === MINUS) i++;
  if (i >= end) return GIVE_UP;
  if (b[i] === ZERO) i++;
  else if (isDigit(b[i] as number)) while (i < end && isDigit(b[i] as number)) i++;
  else return GIVE_UP;
  if (i < end && b[i] === 0x2e) {
    const d = ++i;
    while (i < end && isDigit(b[i] as number)) i++;
    if (i === d) return GIVE_UP;
  }
  if (i < end && (b[i] === 0x65 || b[i] === 0x45)) {
    i++;
    if (i < end && (b[i] === 0x2b || b[i] === MINUS)) i++;
    const d = i;
    while (i < end && isDigit(b[i] as number)) i++;
    if (i === d) return GIVE_UP;
  }
  return i;
}

function literalEnd(b: Uint8Array, i: number, end: number, word: string): number {
  if (i + word.length > end) return GIVE_UP;
  for (let k = 0; k < word.length; k++) if (b[i + k] !== word.charCodeAt(k)) return GIVE_UP;
  return i + word.length;
}

/** The index after any JSON value, or −1. */
function skipValue(b: Uint8Array, i: number, end: number, depth: number): number {
  if (i >= end) return GIVE_UP;
  const c = b[i] as number;
  if (c === QUOTE) return skipString(b, i, end);
  if (c === OPEN_BRACE || c === OPEN_BRACKET) {
    if (depth >= MAX_DEPTH) return GIVE_UP;
    const object = c === OPEN_BRACE;
    const close = object ? CLOSE_BRACE : CLOSE_BRACKET;
    i = skipSpace(b, i + 1, end);
    if (i < end && b[i] === close) return i + 1;
    for (;;) {
      if (object) {
        if (i >= end || b[i] !== QUOTE) return GIVE_UP;
        i = skipString(b, i, end);
        if (i < 0) return GIVE_UP;
        i = skipSpace(b, i, end);
        if (i >= end || b[i] !== COLON) return GIVE_UP;
        i = skipSpace(b, i + 1, end);
      }
      i = skipValue(b, i, end, depth + 1);
      if (i < 0) return GIVE_UP;
      i = skipSpace(b, i, end);
      if (i >= end) return GIVE_UP;
      const d = b[i];
      if (d === close) return i + 1;
      if (d !== COMMA) return GIVE_UP;
      i = skipSpace(b, i + 1, end);
    }
  }
  if (c === MINUS || isDigit(c)) return skipNumber(b, i, end);
  if (c === 0x74) return literalEnd(b, i, end, 'true');
  if (c === 0x66) return literalEnd(b, i, end, 'false');
  if (c === LOWER_N) return literalEnd(b, i, end, 'null');
  return GIVE_UP;
}

/** Bytes [s, e) equal to an ASCII literal. */
function bytesAre(b: Uint8Array, s: number, e: number, name: string): boolean {
  if (e - s !== name.length || e > b.length) return false;
  for (let k = 0; k < name.length; k++) if (b[s + k] !== name.charCodeAt(k)) return false;
  return true;
}

type TopField =
  | 'id'
  | 'modelId'
  | 'author'
  | 'createdAt'
  | 'downloads'
  | 'downloadsAllTime'
  | 'likes'
  | 'tags'
  | 'cardData';

/** The top-level member names toHubModel reads, by length first. */
function topField(b: Uint8Array, s: number, e: number): TopField | null {
  switch (e - s) {
    case 2:
      return bytesAre(b, s, e, 'id') ? 'id' : null;
    case 4:
      return bytesAre(b, s, e, 'tags') ? 'tags' : null;
    case 5:
      return bytesAre(b, s, e, 'likes') ? 'likes' : null;
    case 6:
      return bytesAre(b, s, e, 'author') ? 'author' : null;
    case 7:
      return bytesAre(b, s, e, 'modelId') ? 'modelId' : null;
    case 8:
      return bytesAre(b, s, e, 'cardData') ? 'cardData' : null;
    case 9:
      return bytesAre(b, s, e, 'createdAt')
        ? 'createdAt'
        : bytesAre(b, s, e, 'downloads')
          ? 'downloads'
          : null;
    case 16:
      return bytesAre(b, s, e, 'downloadsAllTime') ? 'downloadsAllTime' : null;
    default:
      return null;
  }
}

/** The `cardData` member names toHubModel reads. */
function cardField(b: Uint8Array, s: number, e: number): string | null {
  return bytesAre(b, s, e, 'base_model')
    ? 'base_model'
    : bytesAre(b, s, e, 'base_model_relation')
      ? 'base_model_relation'
      : null;
}

/** Reads kept values; `next` is where the last one ended. One instance serves a whole dump. */
export class HubItemScanner {
  private next = 0;
  private readonly decoder = new TextDecoder('latin1');

  private ascii(b: Uint8Array, s: number, e: number): string {
    // Buffer's latin1Slice (what toString('latin1') calls, without its argument checks) when it has one.
    const slice = (b as Partial<{ latin1Slice: (s: number, e: number) => string }>).latin1Slice;
    return slice ? slice.call(b, s, e) : this.decoder.decode(b.subarray(s, e));
  }

  /**
   * The item on bytes [start, end) (one line, without its newline) as the fields toHubModel reads; null for a line
   * of JSON whitespace; undefined when the reference path must read the line.
   */
  scan(b: Uint8Array, start: number, end: number): Record<string, unknown> | null | undefined {
    const i = skipSpace(b, start, end);
    if (i === end) return null;
    const item = this.object(b, i, end, 1, topField, (field, at) =>
      field === 'tags'
        ? this.strings(b, at, end, true)
        : field === 'cardData'
          ? this.cardData(b, at, end)
          : field === 'downloads' || field === 'downloadsAllTime' || field === 'likes'
            ? this.counter(b, at, end)
            : this.stringOrNull(b, at, end),
    );
    return item && skipSpace(b, this.next, end) === end ? item : undefined;
  }

  /**
   * At `{`: walks an object's members, reading the values of the members `kept` names (each at most once) with
   * `read` and skipping the others; `next` is set after the closing brace.
   */
  private object(
    b: Uint8Array,
    i: number,
    end: number,
    depth: number,
    kept: (b: Uint8Array, s: number, e: number) => string | null,
    read: (field: string, at: number) => unknown,
  ): Record<string, unknown> | undefined {
    if (i >= end || b[i] !== OPEN_BRACE) return undefined;
    const out: Record<string, unknown> = {};
    i = skipSpace(b, i + 1, end);
    if (i < end && b[i] === CLOSE_BRACE) {
      this.next = i + 1;
      return out;
    }
    for (;;) {
      if (i >= end || b[i] !== QUOTE) return undefined;
      const nameEnd = plainStringEnd(b, i, end);
      if (nameEnd < 0) return undefined;
      const field = kept(b, i + 1, nameEnd);
      i = skipSpace(b, nameEnd + 1, end);
      if (i >= end || b[i] !== COLON) return undefined;
      i = skipSpace(b, i + 1, end);
      if (field === null) i = skipValue(b, i, end, depth);
      else {
        if (field in out) return undefined;
        const v = read(field, i);
        if (v === undefined) return undefined;
        out[field] = v;
        i = this.next;
      }
      if (i < 0) return undefined;
      i = skipSpace(b, i, end);
      if (i >= end) return undefined;
      const d = b[i++];
      if (d === CLOSE_BRACE) {
        this.next = i;
        return out;
      }
      if (d !== COMMA) return undefined;
      i = skipSpace(b, i, end);
    }
  }

  private nullAt(b: Uint8Array, i: number, end: number): null | undefined {
    this.next = literalEnd(b, i, end, 'null');
    return this.next < 0 ? undefined : null;
  }

  private stringOrNull(b: Uint8Array, i: number, end: number): string | null | undefined {
    if (i >= end) return undefined;
    const c = b[i];
    if (c === QUOTE) {
      const e = plainStringEnd(b, i, end);
      if (e < 0) return undefined;
      this.next = e + 1;
      return this.ascii(b, i + 1, e);
    }
    return c === LOWER_N ? this.nullAt(b, i, end) : undefined;
  }

  /** A whole number ≥ 0 of at most 15 digits, or null; anything else gives up. */
  private counter(b: Uint8Array, i: number, end: number): number | null | undefined {
    if (i >= end) return undefined;
    const c = b[i] as number;
    if (c === LOWER_N) return this.nullAt(b, i, end);
    const s = i;
    let v = 0;
    while (i < end && isDigit(b[i] as number)) v = v * 10 + ((b[i++] as number) - ZERO);
    const digits = i - s;
    if (digits === 0 || digits > 15 || (digits > 1 && c === ZERO)) return undefined;
    if (i < end && (b[i] === 0x2e || b[i] === 0x65 || b[i] === 0x45)) return undefined;
    this.next = i;
    return v;
  }

  /**
   * An array of strings: all of them kept (they must be plain), or with `onlyBaseModelTags` only the ones starting
   * with `base_model:` (the other tags are checked and skipped).
   */
  private strings(b: Uint8Array, i: number, end: number, onlyBaseModelTags: boolean): string[] | undefined {
    if (i >= end || b[i] !== OPEN_BRACKET) return undefined;
    const kept: string[] = [];
    i = skipSpace(b, i + 1, end);
    if (i < end && b[i] === CLOSE_BRACKET) {
      this.next = i + 1;
      return kept;
    }
    for (;;) {
      if (i >= end || b[i] !== QUOTE) return undefined;
      if (!onlyBaseModelTags || bytesAre(b, i + 1, i + 12, 'base_model:')) {
        const e = plainStringEnd(b, i, end);
        if (e < 0) return undefined;
        kept.push(this.ascii(b, i + 1, e));
        i = e + 1;
      } else {
        i = skipString(b, i, end);
        if (i < 0) return undefined;
      }
      i = skipSpace(b, i, end);
      if (i >= end) return undefined;
      const d = b[i];
      i = skipSpace(b, i + 1, end);
      if (d === CLOSE_BRACKET) {
        this.next = i;
        return kept;
      }
      if (d !== COMMA) return undefined;
    }
  }

  /** `cardData.base_model`: a string, a list of strings, or null. */
  private baseModel(b: Uint8Array, i: number, end: number): string | string[] | null | undefined {
    return i < end && b[i] === OPEN_BRACKET ? this.strings(b, i, end, false) : this.stringOrNull(b, i, end);
  }

  /** `cardData`: an object (of which base_model and base_model_relation are kept) or null. */
  private cardData(b: Uint8Array, i: number, end: number): Record<string, unknown> | null | undefined {
    if (i < end && b[i] === LOWER_N) return this.nullAt(b, i, end);
    return this.object(b, i, end, 2, cardField, (field, at) =>
      field === 'base_model' ? this.baseModel(b, at, end) : this.stringOrNull(b, at, end),
    );
  }
}
