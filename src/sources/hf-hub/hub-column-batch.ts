import type { HubDumpBatch } from './read-hub-dump.ts';
import { digits, isCanonicalTime } from './to-hub-model.ts';

/**
 * A batch of translated models as columns: what crosses from the parsing worker to the ingest (typed arrays move
 * without copying), and what the ingest's in-thread path builds from `readHubDump` batches too.
 */
export interface HubColumnBatch {
  bytesRead: number;
  count: number;
  lines: Int32Array;
  ids: string[];
  /** keyHash of each lower-cased id: computed where the item is parsed, so the ingest's id table hashes nothing. */
  idHashes: Int32Array;
  /** [model's index in the batch, its account] for ids without an owner part (legacy ids such as `gpt2`). */
  legacyAuthors: [number, string][];
  /** createdAt in ms since the epoch; NaN when unknown. */
  created: Float64Array;
  /** (year − 1970) × 12 + month of createdAt; 0 when unknown. */
  month: Uint16Array;
  downloads: Float64Array;
  /** NaN when unknown. */
  downloadsAllTime: Float64Array;
  likes: Float64Array;
  parentCounts: Uint16Array;
  parentIds: string[];
  /** keyHash of each lower-cased parent id. */
  parentHashes: Int32Array;
  /** RELATION_CODE of each parent. */
  parentRelations: Uint8Array;
  selfReferences: number;
  errors: { line: number; reason: string }[];
  /**
   * Sent after the last batch of a run (the batches one reader produced) by a reader that sorted it: the run's
   * models, numbered in reading order, sorted by lower-cased id. The ingest then merges sorted runs instead of
   * sorting every id on its own thread.
   */
  runOrder?: Int32Array;
}

/** Indexes of `keys` sorted by key (UTF-16 code units: BINARY collation order for the ASCII of repo ids). */
export function sortedIndexes(keys: readonly string[]): Int32Array {
  const order = new Int32Array(keys.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return order.sort((a, b) => {
    const x = keys[a] ?? '';
    const y = keys[b] ?? '';
    return x < y ? -1 : x > y ? 1 : a - b;
  });
}

/**
 * A 32-bit hash of a repo id compared case-insensitively (ASCII letters folded, as repo ids are ASCII): FNV-1a,
 * then a finaliser so that the low bits, which pick a table slot, mix all the characters.
 */
export function keyHash(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    let c = id.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5a) c += 0x20;
    h = Math.imul(h ^ c, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

const RELATION_CODE = { finetune: 0, adapter: 1, quantized: 2, merge: 3 } as const;

/**
 * A createdAt as toHubModel gives it, as [ms since the epoch, (year − 1970) × 12 + month]: a canonical time is read
 * digit by digit (a third of Date.parse's cost, once per model); anything else (a year past 9999) goes through
 * Date.parse, and its month is the instant's — [NaN, 0] when Date.parse finds none.
 */
export function createdAtColumns(iso: string): [number, number] {
  const y = digits(iso, 0, 4);
  // Years from 100: Date.UTC reads 0–99 as 1900–1999.
  if (y >= 100 && isCanonicalTime(iso)) {
    const m = digits(iso, 5, 2);
    const t = Date.UTC(
      y,
      m - 1,
      digits(iso, 8, 2),
      digits(iso, 11, 2),
      digits(iso, 14, 2),
      digits(iso, 17, 2),
      digits(iso, 20, 3),
    );
    return [t, (y - 1970) * 12 + m];
  }
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return [t, 0];
  const at = new Date(t);
  return [t, (at.getUTCFullYear() - 1970) * 12 + at.getUTCMonth() + 1];
}

export function toColumnBatch(batch: HubDumpBatch): HubColumnBatch {
  let count = 0;
  let parentCount = 0;
  for (const e of batch.entries)
    if ('model' in e) {
      count++;
      parentCount += e.model.parents.length;
    }
  const out: HubColumnBatch = {
    bytesRead: batch.bytesRead,
    count,
    lines: new Int32Array(count),
    ids: new Array(count),
    idHashes: new Int32Array(count),
    legacyAuthors: [],
    created: new Float64Array(count),
    month: new Uint16Array(count),
    downloads: new Float64Array(count),
    downloadsAllTime: new Float64Array(count),
    likes: new Float64Array(count),
    parentCounts: new Uint16Array(count),
    parentIds: new Array(parentCount),
    parentHashes: new Int32Array(parentCount),
    parentRelations: new Uint8Array(parentCount),
    selfReferences: 0,
    errors: [],
  };
  let i = 0;
  let p = 0;
  for (const e of batch.entries) {
    if (!('model' in e)) {
      out.errors.push({ line: e.line, reason: e.error });
      continue;
    }
    const m = e.model;
    out.lines[i] = e.line;
    out.ids[i] = m.id;
    out.idHashes[i] = keyHash(m.id);
    if (m.id.indexOf('/') < 0) out.legacyAuthors.push([i, m.author]);
    if (m.createdAt === null) {
      out.created[i] = Number.NaN;
      out.month[i] = 0;
    } else {
      const [ms, month] = createdAtColumns(m.createdAt);
      out.created[i] = ms;
      out.month[i] = month;
    }
    out.downloads[i] = m.downloads;
    out.downloadsAllTime[i] = m.downloadsAllTime ?? Number.NaN;
    out.likes[i] = m.likes;
    out.parentCounts[i] = m.parents.length;
    for (const parent of m.parents) {
      out.parentIds[p] = parent.id;
      out.parentHashes[p] = keyHash(parent.id);
      out.parentRelations[p++] = RELATION_CODE[parent.relation];
    }
    out.selfReferences += m.selfReferences;
    i++;
  }
  return out;
}

/** The typed arrays of a batch, to transfer rather than copy. */
export function transferables(b: HubColumnBatch): ArrayBuffer[] {
  return [
    ...(b.runOrder ? [b.runOrder] : []),
    b.lines,
    b.idHashes,
    b.parentHashes,
    b.created,
    b.month,
    b.downloads,
    b.downloadsAllTime,
    b.likes,
    b.parentCounts,
    b.parentRelations,
  ].map((a) => a.buffer as ArrayBuffer);
}
