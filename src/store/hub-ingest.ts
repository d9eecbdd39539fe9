import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { computeLineage, type LineageIssues } from '../analysis/lineage.ts';
import { type RankMetric, topK } from '../analysis/rank.ts';
import { BadRequestError } from '../domain/errors.ts';
import { startTsWorker } from '../domain/ts-worker.ts';
import { type BadLine, HubDumpError } from '../sources/hf-hub/errors.ts';
import { type HubColumnBatch, sortedIndexes } from '../sources/hf-hub/hub-column-batch.ts';
import { type HubColumnsSummary, readHubDumpColumns } from '../sources/hf-hub/read-hub-dump-columns.ts';
import { HUB_RELATIONS } from '../sources/hf-hub/to-hub-model.ts';
import {
  type HubSnapshotInfo,
  type RowChunk,
  RowChunkBuilder,
  type RowSink,
  SNAPSHOT_COLUMNS,
  SNAPSHOT_SELECT,
  SNAPSHOT_TABLE_COLUMNS,
  type SnapshotRecord,
  type SnapshotTable,
  SqliteSnapshotWriter,
  snapshotInfo,
  snapshotValues,
  ValuesSink,
  type WriteOutcome,
} from './hub-sqlite-writer.ts';
import type { WriterReply, WriterRequest } from './hub-sqlite-writer-worker.ts';
import { HUB_PARTITIONED_TABLES, HUB_TOP_SIZE } from './hub-tables.ts';
import { KeyTable } from './key-table.ts';
import { postgresPool, type Store } from './open-store.ts';

// `omo ingest hub`: a dump of the Hub's /api/models items becomes one snapshot.
//
// 1. read: the dump streams through `readHubDumpColumns` (parsing worker threads; one chunk in memory each); each
//    model's fields go into compact columns (typed arrays plus id strings) — the snapshot's graph has to be whole
//    before its lineage can be computed, and these columns are the smallest form it takes. Duplicates are found
//    and parents resolved as items arrive, while the workers are still parsing;
// 2. order and lineage: models renumbered in key order (merging the workers' sorted halves), then roots, depths and
//    derivative counts for every model (src/analysis/lineage.ts); meanwhile a split file is hashed on a thread of
//    its own and, for SQLite, the writer's thread starts;
// 3. write: one transaction — rows in primary-key order (sequential B-tree appends): on SQLite built here into
//    chunks and inserted by the writer's thread (hub-sqlite-writer.ts) as the next ones are built, the top-K lists
//    and monthly trend cells computed while waiting for it; on PostgreSQL streamed with COPY. A crash or a kill at
//    any moment leaves the last committed state.
// Nothing is written before the whole dump has been read and checked, so a bad file changes nothing either.

export interface IngestProgress {
  phase: 'reading' | 'lineage' | 'writing' | 'done';
  records: number;
  bytesRead: number;
  /** Rows written so far in the writing phase, and how many there are. */
  written?: number;
  toWrite?: number;
}

export interface IngestHubOptions {
  input: string | Readable;
  /** What the input is, for messages and the snapshot record (default: the path, or "stdin"). */
  source?: string;
  /** The snapshot's time (default: now). */
  at?: Date;
  /** Skip bad lines (and report them) instead of refusing the dump. */
  skipInvalid?: boolean;
  /** Record a snapshot of no models on purpose; without it a dump with no models is refused (exit 2). */
  allowEmpty?: boolean;
  onProgress?: (p: IngestProgress) => void;
  signal?: AbortSignal;
}

export type { HubSnapshotInfo };

export interface IngestHubResult {
  /** False when the store already held this exact dump: nothing was written. */
  changed: boolean;
  /** True when a snapshot with the same time but other content was replaced. */
  replaced: boolean;
  snapshot: HubSnapshotInfo;
  skipped: { count: number; lines: BadLine[] };
  issues: LineageIssues;
}

const REPORTED_BAD_LINES = 20;
/** Model rows per chunk sent to the SQLite writer. */
const CHUNK_ROWS = 4096;
/** Chunks sent to the SQLite writer and not yet written, at most: bounds the memory they take (~1.5 MB each). */
const CHUNKS_IN_FLIGHT = 16;

type Column =
  | Int32Array<ArrayBuffer>
  | Float64Array<ArrayBuffer>
  | Uint16Array<ArrayBuffer>
  | Uint8Array<ArrayBuffer>;

/** The column itself when it holds `need` values, else a copy at least twice as long. */
function grow<T extends Column>(a: T, need: number): T {
  if (need <= a.length) return a;
  const b = new (a.constructor as new (length: number) => T)(Math.max(need, a.length * 2));
  b.set(a as ArrayLike<number>);
  return b;
}
/** `to[k] = from[order[k]]` for every k: a column in a new order. */
function gather<T extends Column>(from: T, order: Int32Array, to: T): T {
  for (let k = 0; k < order.length; k++) to[k] = from[order[k] ?? 0] ?? 0;
  return to;
}
/** What follows a parent's id in `parent_ids`, by relation code: `","<relation>"]`. */
const RELATION_SUFFIX = HUB_RELATIONS.map((r) => `","${r}"]`);
function monthText(code: number): string {
  const m = (code - 1) % 12;
  return `${1970 + (code - 1 - m) / 12}-${String(m + 1).padStart(2, '0')}`;
}

/** The snapshot's models as columns, indexed by model number (order of appearance in the dump). */
class SnapshotColumns {
  n = 0;
  ids: string[] = [];
  keys: string[] = [];
  /** keyHash of each key. */
  keyHashes = new Int32Array(1024);
  index = new KeyTable(this.keys, () => this.keyHashes);
  /** createdAt in ms since the epoch (NaN when unknown): a number, not a string, to keep the columns small. */
  created = new Float64Array(1024);
  /** Month of createdAt: (year − 1970) × 12 + month, 0 when unknown. */
  month = new Uint16Array(1024);
  /** Accounts of the models whose id has no owner part (legacy ids); the others' account is their owner part. */
  legacyAuthor = new Map<number, string>();
  line = new Int32Array(1024);
  downloads = new Float64Array(1024);
  downloadsAllTime = new Float64Array(1024);
  likes = new Float64Array(1024);
  parentStart = new Int32Array(1025);
  parentIds: string[] = [];
  /** Per edge: the parent's item number when it was already read, else −1 (resolved after reading). */
  parentItem = new Int32Array(1024);
  /** keyHash of each parent's key. */
  parentHashes = new Int32Array(1024);
  edgeRelation = new Uint8Array(1024);
  edges = 0;
  selfReferences = 0;
  /** Runs of models sorted by key (model numbers), as their readers sorted them; merged by `keyOrder`. */
  runs: Int32Array[] = [];
  /** The current run: each of its models in reading order → model number, or −1 for a dropped duplicate. */
  private runModels = new Int32Array(1024);
  private runCount = 0;
  private runStart = 0;

  /** Adds a batch of models; returns the bad lines (the batch's own, and duplicate ids), in line order. */
  addBatch(b: HubColumnBatch): BadLine[] {
    const bad: BadLine[] = b.errors.map((e) => ({ line: e.line, reason: e.reason }));
    const need = this.n + b.count;
    this.created = grow(this.created, need);
    this.month = grow(this.month, need);
    this.line = grow(this.line, need);
    this.downloads = grow(this.downloads, need);
    this.downloadsAllTime = grow(this.downloadsAllTime, need);
    this.likes = grow(this.likes, need);
    this.parentStart = grow(this.parentStart, need + 1);
    this.edgeRelation = grow(this.edgeRelation, this.edges + b.parentIds.length);
    this.parentItem = grow(this.parentItem, this.edges + b.parentIds.length);
    this.parentHashes = grow(this.parentHashes, this.edges + b.parentIds.length);
    this.keyHashes = grow(this.keyHashes, need);
    this.runModels = grow(this.runModels, this.runCount + b.count);
    let e = 0;
    for (let j = 0; j < b.count; j++) {
      const id = b.ids[j] ?? '';
      const parents = b.parentCounts[j] ?? 0;
      const key = id.toLowerCase();
      const hash = b.idHashes[j] ?? 0;
      const found = this.index.find(hash, key, true);
      const seen = found < 0 ? undefined : found;
      this.runModels[this.runCount++] = seen === undefined ? this.n : -1;
      if (seen !== undefined) {
        bad.push({
          line: b.lines[j] ?? 0,
          reason: `id: duplicate id "${id}" (first on line ${this.line[seen]})`,
        });
        e += parents;
        continue;
      }
      const i = this.n++;
      this.ids.push(id);
      this.keys.push(key);
      this.keyHashes[i] = hash;
      this.index.add(i);
      this.created[i] = b.created[j] ?? Number.NaN;
      this.month[i] = b.month[j] ?? 0;
      this.line[i] = b.lines[j] ?? 0;
      this.downloads[i] = b.downloads[j] ?? 0;
      this.downloadsAllTime[i] = b.downloadsAllTime[j] ?? Number.NaN;
      this.likes[i] = b.likes[j] ?? 0;
      for (let k = 0; k < parents; k++, e++) {
        // Parents are mostly read before their derivatives: resolving them here, while the parsing threads are
        // still busy, leaves only the rest for after reading.
        const parentId = b.parentIds[e] ?? '';
        const parentHash = b.parentHashes[e] ?? 0;
        this.parentIds.push(parentId);
        this.parentHashes[this.edges] = parentHash;
        this.parentItem[this.edges] = this.index.find(parentHash, parentId, false);
        this.edgeRelation[this.edges++] = b.parentRelations[e] ?? 0;
      }
      this.parentStart[i + 1] = this.edges;
    }
    for (const [j, account] of b.legacyAuthors) {
      const i = this.runModels[this.runCount - b.count + j] ?? -1;
      if (i >= 0) this.legacyAuthor.set(i, account);
    }
    this.selfReferences += b.selfReferences;
    if (b.runOrder) this.endRun(b.runOrder);
    return bad.sort((x, y) => x.line - y.line);
  }

  /** Closes the current run with its reader's order (its models in reading order, sorted), or sorts it here. */
  endRun(runOrder?: Int32Array): void {
    if (this.runCount === 0) return;
    const sorted = new Int32Array(this.n - this.runStart);
    if (runOrder) {
      let o = 0;
      for (const local of runOrder) {
        const i = this.runModels[local] ?? -1;
        if (i >= 0) sorted[o++] = i;
      }
    } else {
      const order = sortedIndexes(this.keys.slice(this.runStart));
      for (let o = 0; o < order.length; o++) sorted[o] = (order[o] ?? 0) + this.runStart;
    }
    this.runs.push(sorted);
    this.runStart = this.n;
    this.runCount = 0;
  }

  /** Every model number, in key order: the sorted runs merged (keys are unique: duplicates were dropped). */
  keyOrder(): Int32Array {
    this.endRun();
    const keys = this.keys;
    let merged = this.runs[0] ?? new Int32Array(0);
    for (const next of this.runs.slice(1)) {
      const out = new Int32Array(merged.length + next.length);
      let a = 0;
      let b = 0;
      let o = 0;
      while (a < merged.length && b < next.length) {
        const x = merged[a] ?? 0;
        const y = next[b] ?? 0;
        if ((keys[y] ?? '') < (keys[x] ?? '')) {
          out[o++] = y;
          b++;
        } else {
          out[o++] = x;
          a++;
        }
      }
      out.set(merged.subarray(a), o);
      out.set(next.subarray(b), o + merged.length - a);
      merged = out;
    }
    return merged;
  }
}

/** The account of a repo id: its owner, lower-cased ('' for legacy ids without one). */
function ownerOf(id: string): string {
  const slash = id.indexOf('/');
  return slash > 0 ? id.slice(0, slash).toLowerCase() : '';
}

/** Parents missing from a snapshot, with the keys of the models that name them (a JSON list). */
interface MissingRow {
  key: string;
  id: string;
  child_keys: string;
}
interface TopList {
  metric: RankMetric;
  keys: string[];
}
interface TrendCell {
  period: string;
  root_author: string;
  relation: string;
  models: number;
}

interface Rankings {
  top: TopList[];
  trend: TrendCell[];
}

/** Runs the rest of a stepwise computation and gives its result. */
function finish<T>(steps: Generator<void, T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** A snapshot table's rows: how many, and row i's values in SNAPSHOT_TABLE_COLUMNS order into a sink. */
interface TableRows {
  table: SnapshotTable;
  count: number;
  row(i: number, sink: RowSink): void;
}

/** The snapshot tables after hub_models, for either engine's writer. */
function otherTables(p: Prepared, rankings: Rankings): TableRows[] {
  const top = rankings.top.flatMap((t) =>
    t.keys.map((key, position) => ({ metric: t.metric, position, key })),
  );
  const trend = rankings.trend;
  return [
    {
      table: 'hub_authors',
      count: p.authors.length,
      row(i, sink) {
        sink.number(i);
        sink.text(p.authors[i] ?? '');
      },
    },
    {
      table: 'hub_missing',
      count: p.missing.length,
      row(i, sink) {
        const m = p.missing[i] as MissingRow;
        sink.text(m.key);
        sink.text(m.id);
        sink.text(m.child_keys);
      },
    },
    {
      table: 'hub_top',
      count: top.length,
      row(i, sink) {
        const t = top[i] as (typeof top)[number];
        sink.text(t.metric);
        sink.number(t.position);
        sink.text(t.key);
      },
    },
    {
      table: 'hub_trend',
      count: trend.length,
      row(i, sink) {
        const t = trend[i] as TrendCell;
        sink.text(t.period);
        sink.text(t.root_author);
        sink.text(t.relation);
        sink.number(t.models);
      },
    },
  ];
}

interface Prepared {
  snapshot: SnapshotRecord;
  models: number;
  edges: number;
  /** Model row k (key order), in MODEL_COLUMNS order. */
  modelRow(k: number, sink: RowSink): void;
  /** The accounts the model rows refer to by number (hub_authors). */
  authors: readonly string[];
  /** Parents missing from the snapshot, in key order. */
  missing: MissingRow[];
  /**
   * The top-K lists and the trend cells, computed in steps (each `next()` does one, the last returns them): not
   * needed for the model rows, so the SQLite write runs these steps whenever it waits for the writer's thread.
   */
  rankings(): Generator<void, Rankings>;
}

export async function ingestHub(store: Store, opts: IngestHubOptions): Promise<IngestHubResult> {
  const source =
    opts.source ?? (typeof opts.input === 'string' ? (opts.input === '-' ? 'stdin' : opts.input) : 'stream');
  const at = opts.at ?? new Date();
  if (Number.isNaN(at.getTime()) || !/^\d{4}-\d{2}-\d{2}T/.test(at.toISOString()))
    throw new HubDumpError([], 0, `${source}: invalid snapshot time (years 0000 to 9999)`);
  const progress = opts.onProgress ?? (() => {});

  // 1. Read.
  const cols = new SnapshotColumns();
  const bad: BadLine[] = [];
  let badCount = 0;
  const summary: HubColumnsSummary = {};
  let bytesRead = 0;
  for await (const batch of readHubDumpColumns({
    input: opts.input,
    summary,
    ...(opts.signal ? { signal: opts.signal } : {}),
  })) {
    for (const b of cols.addBatch(batch)) {
      badCount++;
      if (bad.length < REPORTED_BAD_LINES) bad.push(b);
    }
    bytesRead = batch.bytesRead;
    progress({ phase: 'reading', records: cols.n, bytesRead });
  }
  if (badCount > 0 && !opts.skipInvalid) throw new HubDumpError(bad, badCount, source);
  if (cols.n === 0 && !opts.allowEmpty) {
    throw new BadRequestError(
      'empty_dump',
      `no models in ${source}; nothing was ingested (--allow-empty records an empty snapshot on purpose)`,
    );
  }

  // 2. Lineage. The SQLite writer's thread starts first: its start-up overlaps the ordering and lineage.
  const writer = store.dialect === 'sqlite' ? startSqliteWriter(store.location) : null;
  try {
    progress({ phase: 'lineage', records: cols.n, bytesRead });
    const prepared = prepare(cols, { takenAt: at.toISOString(), source, skipped: badCount });
    prepared.snapshot.contentHash = summary.hash ?? (await summary.hashing) ?? '';

    // 3. Write.
    const report = (written: number) =>
      progress({
        phase: 'writing',
        records: cols.n,
        bytesRead,
        written,
        toWrite: prepared.models,
      });
    const outcome = writer
      ? await writeSqlite(writer, prepared, report)
      : await writePostgres(postgresPool(store), prepared, report);
    progress({ phase: 'done', records: cols.n, bytesRead });
    const { takenOn: _t, issues: _i, ingestedAt: _a, ...snapshot } = prepared.snapshot;
    return {
      changed: outcome.changed,
      replaced: outcome.replaced,
      snapshot: outcome.existing ?? snapshot,
      skipped: { count: badCount, lines: bad },
      issues: prepared.snapshot.issues,
    };
  } finally {
    await writer?.close();
  }
}

/**
 * Numbers the accounts: the account is the owner part of the key, and an account's models are contiguous in key
 * order, so there is one map lookup per account rather than per model.
 */
function numberAccounts(
  keys: readonly string[],
  order: ArrayLike<number>,
  legacyAuthor: ReadonlyMap<number, string>,
): { author: Int32Array; authors: string[]; authorIndex: Map<string, number> } {
  const n = keys.length;
  const author = new Int32Array(n);
  const authors: string[] = [];
  const authorIndex = new Map<string, number>();
  let lastOwner = '';
  let a = -1;
  for (let k = 0; k < n; k++) {
    const key = keys[k] ?? '';
    const slash = key.indexOf('/');
    if (slash <= 0 || a < 0 || slash !== lastOwner.length || !key.startsWith(lastOwner)) {
      const name = slash > 0 ? key.slice(0, slash) : (legacyAuthor.get(order[k] ?? 0) ?? '');
      a = authorIndex.get(name) ?? -1;
      if (a < 0) {
        a = authors.length;
        authors.push(name);
        authorIndex.set(name, a);
      }
      lastOwner = slash > 0 ? name : '';
    }
    author[k] = a;
  }
  return { author, authors, authorIndex };
}

/** The edges in the new order; parents not yet read when their derivative was are resolved now. */
function renumberEdges(
  cols: SnapshotColumns,
  order: ArrayLike<number>,
  renumbered: Int32Array,
): {
  parentStart: Int32Array;
  parentRef: Int32Array;
  edgeRelation: Uint8Array;
  parentIds: string[];
  danglingIds: string[];
} {
  const n = cols.n;
  const parentStart = new Int32Array(n + 1);
  for (let k = 0; k < n; k++) {
    const i = order[k] ?? 0;
    parentStart[k + 1] = (parentStart[k] ?? 0) + (cols.parentStart[i + 1] ?? 0) - (cols.parentStart[i] ?? 0);
  }
  const parentRef = new Int32Array(cols.edges);
  const edgeRelation = new Uint8Array(cols.edges);
  const parentIds: string[] = new Array(cols.edges);
  const danglingIds: string[] = [];
  const danglingIndex = new Map<string, number>();
  for (let k = 0; k < n; k++) {
    const i = order[k] ?? 0;
    let e2 = parentStart[k] ?? 0;
    for (let e = cols.parentStart[i] ?? 0; e < (cols.parentStart[i + 1] ?? 0); e++, e2++) {
      const id = cols.parentIds[e] ?? '';
      parentIds[e2] = id;
      edgeRelation[e2] = cols.edgeRelation[e] ?? 0;
      let found = cols.parentItem[e] ?? -1;
      const key = found < 0 ? id.toLowerCase() : '';
      if (found < 0) found = cols.index.find(cols.parentHashes[e] ?? 0, key, true);
      if (found >= 0) parentRef[e2] = renumbered[found] ?? 0;
      else {
        let d = danglingIndex.get(key);
        if (d === undefined) {
          d = danglingIds.length;
          danglingIds.push(id);
          danglingIndex.set(key, d);
        }
        parentRef[e2] = -1 - d;
      }
    }
  }
  return { parentStart, parentRef, edgeRelation, parentIds, danglingIds };
}

/**
 * The children of each model (counting sort by parent: children come out in key order), and the parents missing
 * from the snapshot with their children, in key order (children already are).
 */
function childLists(
  keys: readonly string[],
  parentStart: Int32Array,
  parentRef: Int32Array,
  parentIds: readonly string[],
  danglingIds: readonly string[],
): { childStart: Int32Array; children: Int32Array; missing: MissingRow[] } {
  const n = keys.length;
  const edges = parentRef.length;
  const childStart = new Int32Array(n + 1);
  for (let e = 0; e < edges; e++) {
    const p = parentRef[e] ?? -1;
    if (p >= 0) childStart[p + 1] = (childStart[p + 1] ?? 0) + 1;
  }
  for (let i = 0; i < n; i++) childStart[i + 1] = (childStart[i + 1] ?? 0) + (childStart[i] ?? 0);
  const fill = childStart.slice(0, n);
  const children = new Int32Array(childStart[n] ?? 0);
  const danglingEdges: { parentKey: string; child: number; edge: number }[] = [];
  for (let k = 0; k < n; k++) {
    for (let e = parentStart[k] ?? 0; e < (parentStart[k + 1] ?? 0); e++) {
      const p = parentRef[e] ?? -1;
      if (p >= 0) {
        const at = fill[p] ?? 0;
        children[at] = k;
        fill[p] = at + 1;
      } else danglingEdges.push({ parentKey: (danglingIds[-1 - p] ?? '').toLowerCase(), child: k, edge: e });
    }
  }
  danglingEdges.sort((x, y) =>
    x.parentKey < y.parentKey ? -1 : x.parentKey > y.parentKey ? 1 : x.child - y.child,
  );
  const missingChildren: { key: string; id: string; children: string[] }[] = [];
  for (const d of danglingEdges) {
    const last = missingChildren.at(-1);
    const childKey = keys[d.child] ?? '';
    if (last && last.key === d.parentKey) last.children.push(childKey);
    else missingChildren.push({ key: d.parentKey, id: parentIds[d.edge] ?? '', children: [childKey] });
  }
  const missing = missingChildren.map((m) => ({
    key: m.key,
    id: m.id,
    child_keys: JSON.stringify(m.children),
  }));
  return { childStart, children, missing };
}

/** Numbers the owners of missing parents (some are roots) after the snapshot's own accounts. */
function numberOwners(
  danglingIds: readonly string[],
  authors: string[],
  authorIndex: Map<string, number>,
): Int32Array {
  const danglingAuthor = new Int32Array(danglingIds.length);
  for (let d = 0; d < danglingIds.length; d++) {
    const owner = ownerOf(danglingIds[d] ?? '');
    let a = authorIndex.get(owner);
    if (a === undefined) {
      a = authors.length;
      authors.push(owner);
      authorIndex.set(owner, a);
    }
    danglingAuthor[d] = a;
  }
  return danglingAuthor;
}

/** What the writers need from the read columns: models renumbered in key order, accounts, edges and lineage. */
function prepare(
  cols: SnapshotColumns,
  meta: { takenAt: string; source: string; skipped: number },
): Prepared {
  const n = cols.n;
  // Renumber the models in key order — the order rows are written in (sequential B-tree appends) — so that every
  // later pass, and building each row, reads the columns front to back instead of hopping through memory.
  const order = cols.keyOrder(); // new number → number in the dump
  // Each column is gathered in a pass of its own: a tight loop of independent loads keeps many cache misses in
  // flight at once, where one loop over every column (with string work between) waits for each in turn.
  const keys: string[] = new Array(n);
  const ids: string[] = new Array(n);
  const renumbered = new Int32Array(n); // number in the dump → new number
  for (let k = 0; k < n; k++) {
    const i = order[k] ?? 0;
    keys[k] = cols.keys[i] ?? '';
    ids[k] = cols.ids[i] ?? '';
    renumbered[i] = k;
  }
  const downloads = gather(cols.downloads, order, new Float64Array(n));
  const downloadsAllTime = gather(cols.downloadsAllTime, order, new Float64Array(n));
  const likes = gather(cols.likes, order, new Float64Array(n));
  const created = gather(cols.created, order, new Float64Array(n));
  const month = gather(cols.month, order, new Uint16Array(n));
  const { author, authors, authorIndex } = numberAccounts(keys, order, cols.legacyAuthor);
  const { parentStart, parentRef, edgeRelation, parentIds, danglingIds } = renumberEdges(
    cols,
    order,
    renumbered,
  );
  const lineage = computeLineage(
    { n, keys, parentStart, parentRef, edgeRelation, danglingIds },
    cols.selfReferences,
  );

  const { childStart, children, missing } = childLists(keys, parentStart, parentRef, parentIds, danglingIds);

  const rootId = (k: number) => {
    const r = lineage.root[k] ?? k;
    return r >= 0 ? (ids[r] ?? '') : (danglingIds[-1 - r] ?? '');
  };
  const danglingAuthor = numberOwners(danglingIds, authors, authorIndex);
  /** The account number of model k's root (its own for a model that is its own root). */
  const rootAuthor = (k: number) => {
    const r = lineage.root[k] ?? k;
    return r >= 0 ? (author[r] ?? 0) : (danglingAuthor[-1 - r] ?? 0);
  };

  /**
   * Row k (key order), its values in MODEL_COLUMNS order into `sink`. The JSON lists go in as pieces — repo ids
   * have nothing JSON escapes (toHubModel only accepts letters, digits, `_`, `.`, `-` and one `/`), so quoting them
   * is enough — and no string is built for them.
   */
  function modelRow(k: number, sink: RowSink): void {
    const start = parentStart[k] ?? 0;
    const parents = (parentStart[k + 1] ?? 0) - start;
    const dla = downloadsAllTime[k] ?? Number.NaN;
    const selfRoot = (lineage.root[k] ?? k) === k;
    sink.text(ids[k] ?? '');
    sink.number(author[k] ?? 0);
    const c = created[k] ?? Number.NaN;
    sink.number(Number.isNaN(c) ? null : c);
    sink.number(downloads[k] ?? 0);
    sink.number(Number.isNaN(dla) ? null : dla);
    sink.number(likes[k] ?? 0);
    if (parents > 0) {
      sink.open();
      for (let e = start; e < start + parents; e++) {
        sink.piece(e > start ? ',["' : '[["');
        sink.piece(parentIds[e] ?? '');
        sink.piece(RELATION_SUFFIX[edgeRelation[e] ?? 0] ?? '","finetune"]');
      }
      sink.piece(']');
      sink.close();
    } else sink.text(null);
    sink.text(selfRoot ? null : rootId(k));
    sink.number(selfRoot ? null : rootAuthor(k));
    sink.number(lineage.depth[k] ?? 0);
    sink.number(lineage.byRelation[0][k] ?? 0);
    sink.number(lineage.byRelation[1][k] ?? 0);
    sink.number(lineage.byRelation[2][k] ?? 0);
    sink.number(lineage.byRelation[3][k] ?? 0);
    sink.number(lineage.maxDepth[k] ?? 0);
    const cs = childStart[k] ?? 0;
    const ce = childStart[k + 1] ?? 0;
    if (ce > cs) {
      sink.open();
      for (let j = cs; j < ce; j++) {
        sink.piece(j > cs ? ',"' : '["');
        sink.piece(keys[children[j] ?? 0] ?? '');
        sink.piece('"');
      }
      sink.piece(']');
      sink.close();
    } else sink.text(null);
  }

  return {
    snapshot: {
      id: 0,
      takenAt: meta.takenAt,
      takenOn: meta.takenAt.slice(0, 10),
      source: meta.source,
      models: n,
      edges: cols.edges,
      skipped: meta.skipped,
      contentHash: '', // the dump's hash, set by the caller once it is known
      issues: lineage.issues,
      ingestedAt: new Date().toISOString(),
    },
    models: n,
    edges: cols.edges,
    modelRow,
    authors,
    missing,
    *rankings() {
      const dlAll = downloadsAllTime.map((v) => (Number.isNaN(v) ? 0 : v));
      const metricValues: [RankMetric, ArrayLike<number>][] = [
        ['downloads', downloads],
        ['downloadsAllTime', dlAll],
        ['likes', likes],
        ['derivatives', lineage.total],
      ];
      const top: TopList[] = [];
      for (const [metric, values] of metricValues) {
        yield;
        // Model numbers are in key order.
        top.push({ metric, keys: topK(values, null, HUB_TOP_SIZE).map((i) => keys[i] ?? '') });
      }
      return {
        top,
        trend: yield* trendCells(n, parentStart, edgeRelation, month, rootAuthor, authors),
      };
    },
  };
}

/**
 * New derivatives (models with a parent and a createdAt) per month, root account and relation, in primary-key
 * order. Each derivative becomes one number — (month × accounts + the account's rank by name) × 4 + relation — so
 * counting is a numeric sort and one pass, with no string keys.
 */
function* trendCells(
  n: number,
  parentStart: Int32Array,
  edgeRelation: Uint8Array,
  month: Uint16Array,
  rootAuthor: (k: number) => number,
  names: readonly string[],
): Generator<void, TrendCell[]> {
  yield;
  const codes: number[] = [];
  for (let k = 0; k < n; k++) {
    const start = parentStart[k] ?? 0;
    if ((parentStart[k + 1] ?? 0) === start || (month[k] ?? 0) === 0) continue;
    codes.push(rootAuthor(k) * 4 + (edgeRelation[start] ?? 0));
    codes.push(month[k] ?? 0);
  }
  // Rank accounts by name, so that sorted codes come out in (period, root_author, relation) order.
  const byName = Array.from(names.keys()).sort((x, y) =>
    (names[x] ?? '') < (names[y] ?? '') ? -1 : (names[x] ?? '') > (names[y] ?? '') ? 1 : 0,
  );
  const rank = new Int32Array(names.length);
  for (const [r, a] of byName.entries()) rank[a] = r;
  const width = names.length * 4;
  const sorted = new Float64Array(codes.length / 2);
  for (let j = 0; j < sorted.length; j++) {
    const accountRel = codes[2 * j] ?? 0;
    const rel = accountRel % 4;
    sorted[j] = (codes[2 * j + 1] ?? 0) * width + (rank[(accountRel - rel) / 4] ?? 0) * 4 + rel;
  }
  yield;
  sorted.sort();
  yield;
  const cells: TrendCell[] = [];
  for (let j = 0; j < sorted.length; ) {
    const code = sorted[j] ?? 0;
    let end = j + 1;
    while (end < sorted.length && sorted[end] === code) end++;
    const rel = code % 4;
    const accountRank = ((code - rel) / 4) % names.length;
    const m = (code - rel - accountRank * 4) / width;
    cells.push({
      period: monthText(m),
      root_author: names[byName[accountRank] ?? 0] ?? '',
      relation: HUB_RELATIONS[rel] ?? 'finetune',
      models: end - j,
    });
    j = end;
  }
  return cells;
}

/** Where an ingest's SQLite write runs: a thread of its own, or this one (`OMO_HUB_WORKER=0`). */
interface SqliteWriterPort {
  /** Opens the transaction; `existing` when the store already holds this dump (nothing is written then). */
  begin(s: SnapshotRecord): Promise<{ id: number } | { existing: HubSnapshotInfo }>;
  /**
   * Sends a chunk of rows; resolves once few enough chunks wait to be written. Meanwhile it runs `meanwhile` (a
   * step of other work; false when there is none left) rather than sit idle.
   */
  rows(chunk: RowChunk, meanwhile?: () => boolean): Promise<void>;
  /** Writes the rows still pending and commits. */
  finish(): Promise<WriteOutcome>;
  /** Rolls back an unfinished write and stops the writer. */
  close(): Promise<void>;
}

function startSqliteWriter(file: string): SqliteWriterPort {
  if (process.env.OMO_HUB_WORKER === '0') {
    let writer: SqliteSnapshotWriter | null = null;
    const open = () => {
      writer ??= new SqliteSnapshotWriter(file);
      return writer;
    };
    return {
      begin: async (s) => open().begin(s),
      rows: async (chunk) => open().rows(chunk),
      finish: async () => open().finish(),
      close: async () => writer?.close(),
    };
  }
  const worker = startTsWorker(new URL('./hub-sqlite-writer-worker.ts', import.meta.url), { file });
  // Replies come in request order; row chunks are acknowledged apart, as room for more.
  const waiting: { resolve: (r: WriterReply) => void; reject: (e: Error) => void }[] = [];
  let failure: Error | null = null;
  let inFlight = 0;
  let room: (() => void) | null = null;
  const fail = (e: Error) => {
    failure ??= e;
    for (const w of waiting.splice(0)) w.reject(failure);
    room?.();
  };
  worker.on('message', (m: WriterReply) => {
    if (m.type === 'error') fail(Object.assign(new Error(m.message), m.code ? { code: m.code } : {}));
    else if (m.type === 'written') {
      inFlight--;
      room?.();
      room = null;
    } else waiting.shift()?.resolve(m);
  });
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the SQLite writer stopped (exit code ${code})`)));
  const request = (m: WriterRequest) =>
    new Promise<WriterReply>((resolve, reject) => {
      if (failure) reject(failure);
      else {
        waiting.push({ resolve, reject });
        worker.postMessage(m);
      }
    });
  return {
    async begin(snapshot) {
      const r = await request({ type: 'begin', snapshot });
      if (r.type === 'same') return { existing: r.existing };
      if (r.type === 'begun') return { id: r.id };
      throw new Error(`unexpected reply from the SQLite writer: ${r.type}`);
    },
    async rows(chunk, meanwhile) {
      if (failure) throw failure;
      inFlight++;
      worker.postMessage({ type: 'rows', chunk } satisfies WriterRequest, [
        chunk.bytes.buffer,
        chunk.lengths.buffer,
        chunk.numbers.buffer,
      ]);
      while (inFlight >= CHUNKS_IN_FLIGHT && !failure) {
        // A step of other work, then a turn of the event loop for the writer's acknowledgements.
        if (meanwhile?.()) await new Promise<void>((resolve) => setImmediate(resolve));
        else await new Promise<void>((resolve) => (room = resolve));
      }
      if (failure) throw failure;
    },
    async finish() {
      const r = await request({ type: 'finish' });
      if (r.type !== 'finished') throw new Error(`unexpected reply from the SQLite writer: ${r.type}`);
      return r.outcome;
    },
    async close() {
      if (!failure) await request({ type: 'close' }).catch(() => {});
      await worker.terminate();
    },
  };
}

/**
 * SQLite: the model rows are built here in key order and written by the writer (its own connection, one IMMEDIATE
 * transaction) in chunks, so building the next rows overlaps inserting the last ones.
 */
async function writeSqlite(
  writer: SqliteWriterPort,
  p: Prepared,
  report: (written: number) => void,
): Promise<WriteOutcome> {
  const begun = await writer.begin(p.snapshot);
  if ('existing' in begun) return { changed: false, replaced: false, existing: begun.existing };
  p.snapshot.id = begun.id;
  report(0);
  // The rankings are computed a step at a time whenever the writer has enough chunks queued.
  const rankingSteps = p.rankings();
  let rankings: Rankings | null = null;
  const rankingStep = (): boolean => {
    if (rankings) return false;
    const r = rankingSteps.next();
    if (r.done) rankings = r.value;
    return true;
  };
  const send = async (
    table: SnapshotTable,
    count: number,
    row: (i: number, sink: RowSink) => void,
  ): Promise<void> => {
    const builder = new RowChunkBuilder(table, CHUNK_ROWS);
    for (let i = 0; i < count; i++) {
      row(i, builder);
      if (builder.endRow()) {
        await writer.rows(builder.take(), rankingStep);
        if (table === 'hub_models' && (i + 1) % (CHUNK_ROWS * 16) === 0) report(i + 1);
      }
    }
    if (builder.rows > 0) await writer.rows(builder.take());
  };
  await send('hub_models', p.models, p.modelRow);
  for (const t of otherTables(p, rankings ?? finish(rankingSteps))) await send(t.table, t.count, t.row);
  const outcome = await writer.finish();
  report(p.models);
  return outcome;
}

/** The month partition `[first of month, first of next month)` of a date. */
function monthRange(day: string): { name: string; from: string; to: string } {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7));
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  return { name: `y${y}m${String(m).padStart(2, '0')}`, from: `${day.slice(0, 7)}-01`, to: next };
}

/** A value in COPY's text format: `\N` for null; backslash, tab, newline and carriage return escaped. */
function copyText(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'number') return String(v);
  const text = String(v);
  return /[\\\t\n\r]/.test(text)
    ? text.replace(/[\\\t\n\r]/g, (c) =>
        c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
      )
    : text;
}

/** Streams rows into a table with COPY … FROM STDIN (text format), encoded straight into 256 KiB buffers. */
async function copyInto(
  client: pg.PoolClient,
  table: string,
  columns: readonly string[],
  rows: Iterable<unknown[]>,
): Promise<void> {
  const SIZE = 1 << 18;
  function* chunks(): Generator<Buffer> {
    let buf = Buffer.allocUnsafe(SIZE);
    let at = 0;
    for (const row of rows) {
      for (let j = 0; j < row.length; j++) {
        const text = copyText(row[j]);
        // A value never takes more than 3 UTF-8 bytes per UTF-16 unit; start a new buffer when it might not fit.
        if (at + text.length * 3 + 2 > buf.length) {
          if (at > 0) yield buf.subarray(0, at);
          buf = Buffer.allocUnsafe(Math.max(SIZE, text.length * 3 + 2));
          at = 0;
        }
        at += buf.write(text, at);
        buf[at++] = j === row.length - 1 ? 0x0a : 0x09;
      }
    }
    if (at > 0) yield buf.subarray(0, at);
  }
  await pipeline(
    Readable.from(chunks()),
    client.query(copyFrom(`copy ${table} (${columns.join(', ')}) from stdin`)),
  );
}

/**
 * PostgreSQL: one transaction on a client of its own (COPY needs the raw connection), rows streamed with COPY into
 * the snapshot's monthly partitions, which are created inside the same transaction so a failed ingest leaves none.
 */
async function writePostgres(
  pool: pg.Pool,
  p: Prepared,
  report: (written: number) => void,
): Promise<WriteOutcome> {
  const s = p.snapshot;
  const range = monthRange(s.takenOn);
  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query('lock table hub_snapshots in share row exclusive mode');
    const same = await client.query<Parameters<typeof snapshotInfo>[0]>(
      `${SNAPSHOT_SELECT} where content_hash = $1 order by id limit 1`,
      [s.contentHash],
    );
    const existing = same.rows[0];
    if (existing) {
      await client.query('rollback');
      return { changed: false, replaced: false, existing: snapshotInfo(existing) };
    }
    for (const table of HUB_PARTITIONED_TABLES)
      await client.query(
        `create table if not exists ${table}_${range.name} partition of ${table} for values from ('${range.from}') to ('${range.to}')`,
      );
    const old = await client.query<{ id: number }>('select id from hub_snapshots where taken_at = $1', [
      s.takenAt,
    ]);
    const oldId = old.rows[0]?.id;
    if (oldId !== undefined) {
      for (const table of HUB_PARTITIONED_TABLES)
        await client.query(`delete from ${table} where snapshot_id = $1`, [oldId]);
      await client.query('delete from hub_snapshots where id = $1', [oldId]);
    }
    const next = await client.query<{ next: number }>(
      'select coalesce(max(id), 0) + 1 as next from hub_snapshots',
    );
    const id = Number(next.rows[0]?.next ?? 1);
    s.id = id;
    await client.query(
      `insert into hub_snapshots (${SNAPSHOT_COLUMNS.join(', ')}) values (${SNAPSHOT_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})`,
      snapshotValues(s, id),
    );
    // Every row starts with the snapshot's id and day, then its table's columns.
    function* values(count: number, row: (i: number, sink: RowSink) => void, progress = false) {
      const values: unknown[] = [id, s.takenOn];
      const sink = new ValuesSink(values);
      for (let i = 0; i < count; i++) {
        sink.at = 2;
        row(i, sink);
        if (progress && i % 50_000 === 0) report(i);
        yield values;
      }
    }
    const columns = (table: SnapshotTable) => ['snapshot_id', 'taken_on', ...SNAPSHOT_TABLE_COLUMNS[table]];
    await copyInto(client, 'hub_models', columns('hub_models'), values(p.models, p.modelRow, true));
    for (const t of otherTables(p, finish(p.rankings())))
      await copyInto(client, t.table, columns(t.table), values(t.count, t.row));
    await client.query('commit');
    report(p.models);
    return { changed: true, replaced: oldId !== undefined };
  } catch (e) {
    await client.query('rollback').catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}
