import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { BadRequestError, ParseError } from '../../domain/errors.ts';
import { HubItemScanner } from './scan-hub-item.ts';
import { HubItemError, type HubModel, toHubModel } from './to-hub-model.ts';

export type HubDumpEntry = { line: number; model: HubModel } | { line: number; error: string };

export interface HubDumpBatch {
  entries: HubDumpEntry[];
  /** Bytes of the input read so far (compressed bytes for gzip), for progress against the file size. */
  bytesRead: number;
}

export interface HubDumpSummary {
  /** SHA-256 of the uncompressed content: the same dump gives the same hash however it was compressed. */
  hash: string;
  format: 'jsonl' | 'json-array';
  gzip: boolean;
  /** Lines read (complete ones, ended by a newline). */
  lines: number;
}

/** The reference reading of one item's text: JSON.parse, then toHubModel. */
export function parseItem(text: string, line: number): HubDumpEntry {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { line, error: `not JSON: ${(e as Error).message}` };
  }
  try {
    return { line, model: toHubModel(value) };
  } catch (e) {
    if (e instanceof HubItemError) return { line, error: e.message };
    throw e;
  }
}

/**
 * Where the first byte that is not JSON whitespace (nor, with `bom`, a leading byte order mark) lies in `b`, and how
 * many newlines come before it; `at` is `b.length` when there is none.
 */
function skipBlank(b: Uint8Array, bom: boolean): { at: number; newlines: number } {
  let i = bom && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
  let newlines = 0;
  for (; i < b.length; i++) {
    const c = b[i];
    if (c === 0x0a) newlines++;
    else if (c !== 0x20 && c !== 0x0d && c !== 0x09) break;
  }
  return { at: i, newlines };
}

const BOM_STRIPPING = new TextDecoder('utf-8', { fatal: false });
const BOM_KEEPING = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/** Decompressed bytes a gzip dump may reach before its ratio is checked (small files are never refused). */
const GZIP_RATIO_FLOOR = 16 * 2 ** 20;
/** A Hub dump's JSON compresses about tenfold; a file of newlines a thousandfold. */
const DEFAULT_GZIP_RATIO = 100;

/**
 * Whitespace a dump may open with before it is refused as no Hub dump: a real one starts with its first item, and a
 * file of nothing but blanks is refused after reading this much of it, however large it is.
 */
const LEADING_BLANK_LIMIT = 16 * 2 ** 20;

/** How many times its size a gzip dump may decompress to: `OMO_HUB_MAX_GZIP_RATIO`, default 100. */
function gzipRatioLimit(): number {
  const v = Number(process.env.OMO_HUB_MAX_GZIP_RATIO);
  return Number.isFinite(v) && v >= 1 ? v : DEFAULT_GZIP_RATIO;
}

/**
 * One JSON Lines line (its bytes, without the newline), or null when it is blank: through the byte scanner when it
 * can read it, else through `parseItem` on the decoded text — so the answer, errors included, is parseItem's.
 * `first`: the file's first line, where a byte order mark is dropped as text decoding does.
 */
export function parseLine(
  scanner: HubItemScanner,
  bytes: Uint8Array,
  start: number,
  end: number,
  line: number,
  first: boolean,
): HubDumpEntry | null {
  const item = scanner.scan(bytes, start, end);
  if (item === null) return null;
  if (item !== undefined) {
    try {
      return { line, model: toHubModel(item) };
    } catch (e) {
      if (!(e instanceof HubItemError)) throw e;
      // The reference path words the error (it sees every tag, with its index).
    }
  }
  const text = (first ? BOM_STRIPPING : BOM_KEEPING).decode(bytes.subarray(start, end));
  return text.trim() === '' ? null : parseItem(text, line);
}

/**
 * Reads a dump of the Hub's `/api/models` items — JSON Lines or one JSON array, optionally gzip-compressed (found by
 * its magic bytes) — from a file path, `-` (standard input) or a stream. Streams with constant memory: it holds one
 * chunk and the item being read. Yields batches of entries, each a translated model or the reason its line is bad
 * (line numbers count from 1; in an array, the line where the element starts). `summary` is filled at the end.
 */
export async function* readHubDump(opts: {
  input: string | Readable;
  summary?: Partial<HubDumpSummary>;
  signal?: AbortSignal;
  /** A byte range of a JSON Lines file (start at a line's first byte; end exclusive), for parallel readers. */
  range?: { start: number; end: number };
  /** Hash the content (default true; a parallel reader's caller hashes the whole file instead). */
  hash?: boolean;
}): AsyncGenerator<HubDumpBatch> {
  const raw: Readable =
    typeof opts.input !== 'string'
      ? opts.input
      : opts.input === '-'
        ? process.stdin
        : createReadStream(opts.input, {
            highWaterMark: 1 << 20,
            ...(opts.range ? { start: opts.range.start, end: opts.range.end - 1 } : {}),
          });
  const hashing = opts.hash !== false;
  let bytesRead = 0;
  raw.on('data', (chunk: Buffer) => {
    bytesRead += chunk.length;
  });
  const hash = createHash('sha256');
  const summary = opts.summary ?? {};
  summary.gzip = false;
  const name = typeof opts.input === 'string' ? (opts.input === '-' ? 'stdin' : opts.input) : 'stream';

  // Peek at the first bytes for the gzip magic number, then decode text from the right stream.
  const iterator = raw[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const first = await iterator.next();
  if (first.done) {
    if (hashing) summary.hash = hash.digest('hex');
    summary.format = 'jsonl';
    summary.lines = 0;
    return;
  }
  const head = first.value as Buffer;
  async function* rawChunks(): AsyncGenerator<Buffer> {
    yield head;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value as Buffer;
    }
  }
  let source: AsyncIterable<Buffer> = rawChunks();
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) {
    summary.gzip = true;
    const gunzip = createGunzip();
    const feed = async () => {
      try {
        for await (const c of rawChunks())
          if (!gunzip.write(c)) await new Promise((r) => gunzip.once('drain', r));
        gunzip.end();
      } catch (e) {
        gunzip.destroy(e as Error);
      }
    };
    void feed();
    // A broken gzip stream is a file that cannot be read, worded as the worker's caller words it.
    source = (async function* () {
      try {
        yield* gunzip;
      } catch (e) {
        throw new ParseError(`cannot read ${name}: ${(e as Error).message}`);
      }
    })();
  }

  const decoder = new TextDecoder('utf-8', { fatal: false });
  let format: 'jsonl' | 'json-array' | null = null;
  let rest = '';
  let line = 1;
  // JSON-array scanner state.
  let depth = 0;
  let inString = false;
  let escaped = false;
  let elementStart = -1;
  let elementLine = 0;
  let arrayClosed = false;

  const scanner = new HubItemScanner();
  // The file's first line, where a byte order mark is dropped (never in a range that starts mid-file).
  const fileStart = opts.range && opts.range.start > 0 ? 0 : 1;
  // JSON Lines are split and read as bytes (see parseLine); a JSON array is decoded and split as text.
  let pending: Buffer = Buffer.alloc(0);
  // Further chunks of a line longer than one chunk, joined once its newline comes (joining each time is quadratic).
  let held: Buffer[] = [];
  const maxRatio = gzipRatioLimit();
  let inflated = 0;
  // Leading whitespace read so far: counted (its newlines too) and dropped, never held.
  let blank = 0;
  for await (const whole of source) {
    if (opts.signal?.aborted) throw opts.signal.reason;
    let chunk = whole;
    if (summary.gzip) {
      inflated += chunk.length;
      if (inflated > GZIP_RATIO_FLOOR && inflated > bytesRead * maxRatio) {
        throw new BadRequestError(
          'invalid_dump',
          `${name}: decompresses to more than ${maxRatio} times its size (${inflated.toLocaleString('en-US')} bytes from ${bytesRead.toLocaleString('en-US')}), not a Hub dump; nothing was ingested (OMO_HUB_MAX_GZIP_RATIO raises the limit)`,
        );
      }
    }
    if (hashing) hash.update(chunk);
    const entries: HubDumpEntry[] = [];
    // Everything before `scanned` was already looked at by the array scanner (it keeps a partial element).
    let scanned = 0;
    // True when `pending` already holds this chunk (the format was found in it).
    let merged = false;
    if (format === null) {
      // Blanks before the first item are dropped as they come (holding them made a file of blanks quadratic);
      // a line's leading blanks mean nothing to JSON, and the newlines among them still count as lines.
      const skipped = skipBlank(chunk, blank === 0 && fileStart === 1);
      blank += skipped.at;
      line += skipped.newlines;
      if (skipped.at === chunk.length) {
        if (blank > LEADING_BLANK_LIMIT)
          throw new BadRequestError(
            'invalid_dump',
            `${name}: nothing but whitespace in its first ${LEADING_BLANK_LIMIT / 2 ** 20} MiB, not a Hub dump; nothing was ingested`,
          );
        continue;
      }
      chunk = chunk.subarray(skipped.at);
      format = chunk[0] === 0x5b ? 'json-array' : 'jsonl';
      if (format === 'json-array') rest = decoder.decode(chunk, { stream: true });
      else {
        pending = chunk;
        merged = true;
      }
    } else if (format !== 'jsonl') {
      scanned = rest.length;
      rest += decoder.decode(chunk, { stream: true });
    }
    if (format === 'jsonl') {
      let bytes = chunk;
      let start = 0;
      if (merged) bytes = pending;
      else if (pending.length > 0) {
        // Only the line that straddles two chunks is copied; the rest is read where it lies.
        const nl = chunk.indexOf(10);
        if (nl < 0) {
          held.push(chunk);
          continue;
        }
        const straddling = Buffer.concat([pending, ...held, chunk.subarray(0, nl)]);
        held = [];
        const entry = parseLine(scanner, straddling, 0, straddling.length, line, line === fileStart);
        if (entry) entries.push(entry);
        line++;
        start = nl + 1;
      }
      for (;;) {
        const nl = bytes.indexOf(10, start);
        if (nl < 0) break;
        const entry = parseLine(scanner, bytes, start, nl, line, line === fileStart);
        if (entry) entries.push(entry);
        line++;
        start = nl + 1;
      }
      pending = bytes.subarray(start);
    } else {
      // Split top-level array elements: track strings, escapes and nesting; each element is parsed on its own.
      const text = rest;
      for (let i = scanned; i < text.length; i++) {
        const ch = text.charCodeAt(i);
        if (ch === 10) line++;
        if (inString) {
          if (escaped) escaped = false;
          else if (ch === 92) escaped = true;
          else if (ch === 34) inString = false;
          continue;
        }
        if (ch === 34) {
          inString = true;
          if (depth === 1 && elementStart < 0) {
            elementStart = i;
            elementLine = line;
          }
        } else if (ch === 123 || ch === 91) {
          if (depth === 1 && elementStart < 0) {
            elementStart = i;
            elementLine = line;
          }
          depth++;
        } else if (ch === 125 || ch === 93) {
          depth--;
          if (depth === 0) {
            if (elementStart >= 0) {
              entries.push(parseItem(text.slice(elementStart, i), elementLine));
              elementStart = -1;
            }
            arrayClosed = true;
          } else if (depth === 1 && elementStart >= 0) {
            entries.push(parseItem(text.slice(elementStart, i + 1), elementLine));
            elementStart = -1;
          }
        } else if (ch === 44 && depth === 1) {
          if (elementStart >= 0) {
            entries.push(parseItem(text.slice(elementStart, i), elementLine));
            elementStart = -1;
          }
        } else if (depth === 1 && elementStart < 0 && ch > 32) {
          elementStart = i;
          elementLine = line;
        } else if (depth === 0 && ch > 32 && arrayClosed) {
          entries.push({ line, error: 'text after the end of the JSON array' });
          arrayClosed = false;
        }
      }
      rest = elementStart >= 0 ? text.slice(elementStart) : '';
      if (elementStart >= 0) elementStart = 0;
    }
    if (entries.length > 0) yield { entries, bytesRead };
  }
  const entries: HubDumpEntry[] = [];
  if (format === 'jsonl' && pending.length > 0) {
    if (held.length > 0) pending = Buffer.concat([pending, ...held]);
    const entry = parseLine(scanner, pending, 0, pending.length, line, line === fileStart);
    if (entry) entries.push(entry);
  }
  if (format === 'json-array' && (depth !== 0 || inString))
    entries.push({ line, error: 'the JSON array is not closed (file cut short?)' });
  if (entries.length > 0) yield { entries, bytesRead };
  if (hashing) summary.hash = hash.digest('hex');
  summary.format = format ?? 'jsonl';
  summary.lines = line - 1;
}
