import SqliteDatabase from 'better-sqlite3';
import type { LineageIssues } from '../analysis/lineage.ts';
import { HUB_PARTITIONED_TABLES, type HubModelRow } from './hub-tables.ts';

// Writing one Hub snapshot into a SQLite store, on whichever thread runs it: `hub-ingest` builds the model rows and
// sends them here in chunks — on a worker thread of its own (hub-sqlite-writer-worker.ts) SQLite's inserts run
// beside the building of the next rows instead of after it. A chunk carries its rows' text values as UTF-8 bytes
// with their lengths, and their numbers in a Float64Array: moved between threads without a copy, decoded here in
// one call and cut back into values with `substring` — far less than building them costs.

/** The snapshot's row of hub_snapshots and what the writer reports back. */
export interface HubSnapshotInfo {
  id: number;
  takenAt: string;
  source: string;
  models: number;
  edges: number;
  skipped: number;
  contentHash: string;
}

export type SnapshotRecord = HubSnapshotInfo & { takenOn: string; issues: LineageIssues; ingestedAt: string };

export interface WriteOutcome {
  changed: boolean;
  replaced: boolean;
  existing?: HubSnapshotInfo;
}

/** A model row before its snapshot columns are added. */
/** What a model row gives (PostgreSQL generates `key` from `id`). */
export type ModelTuple = Omit<HubModelRow, 'snapshot_id' | 'taken_on' | 'key'>;
/** hub_models' own columns, in the order rows give them, with what each holds. */
const MODEL_COLUMN_KINDS = {
  id: 'text',
  author_no: 'number',
  created_at: 'number',
  downloads: 'number',
  downloads_all_time: 'number',
  likes: 'number',
  parent_ids: 'text',
  root_id: 'text',
  root_author_no: 'number',
  depth: 'number',
  d_finetune: 'number',
  d_adapter: 'number',
  d_quantized: 'number',
  d_merge: 'number',
  max_depth: 'number',
  child_keys: 'text',
} as const satisfies Record<keyof ModelTuple, 'text' | 'number'>;
export const MODEL_COLUMNS = Object.keys(MODEL_COLUMN_KINDS) as (keyof ModelTuple)[];

/** The snapshot tables' own columns (after snapshot_id and taken_on), in the order rows give them. */
export const SNAPSHOT_TABLE_COLUMNS = {
  hub_models: MODEL_COLUMNS as readonly string[],
  hub_authors: ['author_no', 'author'],
  hub_missing: ['key', 'id', 'child_keys'],
  hub_top: ['metric', 'position', 'key'],
  hub_trend: ['period', 'root_author', 'relation', 'models'],
} as const;
export type SnapshotTable = keyof typeof SNAPSHOT_TABLE_COLUMNS;
/** The snapshot tables' columns that hold numbers; the others hold text. */
const NUMBER_COLUMNS = new Set<string>([
  ...MODEL_COLUMNS.filter((c) => MODEL_COLUMN_KINDS[c] === 'number'),
  'author_no',
  'position',
  'models',
]);

/** Per table: whether each column holds text, as a row gives them. */
function textFlags(table: SnapshotTable): boolean[] {
  return SNAPSHOT_TABLE_COLUMNS[table].map((c) => !NUMBER_COLUMNS.has(c));
}

/** Receives a row's values in column order; a text value can also come in pieces (open, piece…, close). */
export interface RowSink {
  text(v: string | null): void;
  number(v: number | null): void;
  open(): void;
  piece(s: string): void;
  close(): void;
}

/** A row's values into an array from `offset` (pieces joined), for writers that take values. */
export class ValuesSink implements RowSink {
  at = 0;
  private current = '';
  constructor(readonly values: unknown[]) {}
  text(v: string | null): void {
    this.values[this.at++] = v;
  }
  number(v: number | null): void {
    this.values[this.at++] = v;
  }
  open(): void {
    this.current = '';
  }
  piece(s: string): void {
    this.current += s;
  }
  close(): void {
    this.values[this.at++] = this.current;
  }
}

/**
 * Rows of a snapshot table in transit: their texts as UTF-8 bytes one after the other (`lengths` in UTF-16 units,
 * −1 for null), their numbers in order (NaN for null).
 */
export interface RowChunk {
  table: SnapshotTable;
  rows: number;
  bytes: Uint8Array<ArrayBuffer>;
  byteLength: number;
  lengths: Int32Array<ArrayBuffer>;
  numbers: Float64Array<ArrayBuffer>;
}

/**
 * Collects rows of one table into chunks, writing text straight into bytes: no string is built for a row (lists
 * of ids are written piece by piece), and the chunk's arrays move to the writer's thread without a copy.
 */
export class RowChunkBuilder implements RowSink {
  private bytes: Buffer = Buffer.allocUnsafeSlow(1 << 20);
  private at = 0;
  private lengths: Int32Array<ArrayBuffer>;
  private numbers: Float64Array<ArrayBuffer>;
  private t = 0;
  private n = 0;
  private chars = 0;
  rows = 0;

  constructor(
    readonly table: SnapshotTable,
    readonly capacity: number,
  ) {
    const texts = textFlags(table).filter(Boolean).length;
    this.lengths = new Int32Array(capacity * texts);
    this.numbers = new Float64Array(capacity * (SNAPSHOT_TABLE_COLUMNS[table].length - texts));
  }

  /** Room for `units` more UTF-16 units (at most 3 bytes each). */
  private room(units: number): void {
    if (this.at + units * 3 <= this.bytes.length) return;
    const bigger = Buffer.allocUnsafeSlow(Math.max(this.bytes.length * 2, this.at + units * 3));
    this.bytes.copy(bigger, 0, 0, this.at);
    this.bytes = bigger;
  }

  private write(s: string): void {
    this.room(s.length);
    const b = this.bytes;
    if (s.length <= 32) {
      // Short ASCII text byte by byte: cheaper than a call into the encoder.
      let at = this.at;
      for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) {
          this.at += b.write(s, this.at);
          return;
        }
        b[at++] = c;
      }
      this.at = at;
    } else this.at += b.write(s, this.at);
  }

  text(v: string | null): void {
    if (v === null) this.lengths[this.t++] = -1;
    else {
      this.write(v);
      this.lengths[this.t++] = v.length;
    }
  }
  number(v: number | null): void {
    this.numbers[this.n++] = v === null ? Number.NaN : v;
  }
  open(): void {
    this.chars = 0;
  }
  piece(s: string): void {
    this.write(s);
    this.chars += s.length;
  }
  close(): void {
    this.lengths[this.t++] = this.chars;
  }
  /** Ends a row; true when the chunk is full. */
  endRow(): boolean {
    return ++this.rows === this.capacity;
  }

  /** The rows since the last call, as a chunk; the builder starts afresh. */
  take(): RowChunk {
    const chunk: RowChunk = {
      table: this.table,
      rows: this.rows,
      bytes: new Uint8Array(this.bytes.buffer as ArrayBuffer, this.bytes.byteOffset, this.bytes.length),
      byteLength: this.at,
      lengths: this.lengths.slice(0, this.t),
      numbers: this.numbers.slice(0, this.n),
    };
    this.bytes = Buffer.allocUnsafeSlow(this.bytes.length);
    this.at = 0;
    this.t = 0;
    this.n = 0;
    this.rows = 0;
    return chunk;
  }
}

/** A snapshot's row of hub_snapshots: columns, and its values in that order. */
export const SNAPSHOT_COLUMNS = [
  'id',
  'taken_at',
  'taken_on',
  'content_hash',
  'source',
  'models',
  'edges',
  'skipped',
  'issues',
  'ingested_at',
] as const;
export function snapshotValues(s: SnapshotRecord, id: number): unknown[] {
  return [
    id,
    s.takenAt,
    s.takenOn,
    s.contentHash,
    s.source,
    s.models,
    s.edges,
    s.skipped,
    JSON.stringify(s.issues),
    s.ingestedAt,
  ];
}

export const SNAPSHOT_SELECT =
  'select id, taken_at, source, models, edges, skipped, content_hash from hub_snapshots';

export function snapshotInfo(r: {
  id: number;
  taken_at: string;
  source: string;
  models: number;
  edges: number;
  skipped: number;
  content_hash: string;
}): HubSnapshotInfo {
  return {
    id: Number(r.id),
    takenAt: r.taken_at,
    source: r.source,
    models: Number(r.models),
    edges: Number(r.edges),
    skipped: Number(r.skipped),
    contentHash: r.content_hash,
  };
}

/** Parameters per multi-row INSERT: 40 model rows, more for narrower tables (SQLite allows 32,766). */
const PARAMETERS_PER_INSERT = 640;

/** Inserting into one snapshot table: one statement for many rows and one for a single row, and the rows pending. */
interface TableInsert {
  isText: boolean[];
  width: number;
  perInsert: number;
  many: SqliteDatabase.Statement;
  one: SqliteDatabase.Statement;
  values: unknown[];
  /** Values of the pending rows in `values`. */
  filled: number;
}

/**
 * One snapshot's write into a SQLite store: its own connection to the file and one IMMEDIATE transaction, opened
 * by `begin`, fed by `rows` (each table's rows in its primary-key order), closed by `finish` (commit) or `abort`
 * (rollback). synchronous=NORMAL is safe in WAL mode: a crash loses no committed transaction and never corrupts the
 * file; only a power cut may lose the last commit.
 */
export class SqliteSnapshotWriter {
  private readonly db: SqliteDatabase.Database;
  private inserts = new Map<SnapshotTable, TableInsert>();
  private snapshot: { id: number; takenOn: string } | null = null;
  private replaced = false;

  constructor(file: string) {
    this.db = new SqliteDatabase(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 10000');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('cache_size = -65536');
    this.db.pragma('temp_store = MEMORY');
  }

  /**
   * Opens the transaction and adds the snapshot's record, replacing a snapshot taken at the same time. When the
   * store already holds a dump with the same content nothing is written: the answer names that snapshot.
   */
  begin(s: SnapshotRecord): { id: number } | { existing: HubSnapshotInfo } {
    const db = this.db;
    db.exec('begin immediate');
    try {
      const same = db
        .prepare(`${SNAPSHOT_SELECT} where content_hash = ? order by id limit 1`)
        .get(s.contentHash) as Parameters<typeof snapshotInfo>[0] | undefined;
      if (same) {
        db.exec('rollback');
        return { existing: snapshotInfo(same) };
      }
      const old = db.prepare('select id from hub_snapshots where taken_at = ?').get(s.takenAt) as
        | { id: number }
        | undefined;
      if (old) {
        for (const table of HUB_PARTITIONED_TABLES)
          db.prepare(`delete from ${table} where snapshot_id = ?`).run(old.id);
        db.prepare('delete from hub_snapshots where id = ?').run(old.id);
      }
      this.replaced = old !== undefined;
      const { next } = db.prepare('select coalesce(max(id), 0) + 1 as next from hub_snapshots').get() as {
        next: number;
      };
      db.prepare(
        `insert into hub_snapshots (${SNAPSHOT_COLUMNS.join(', ')}) values (${SNAPSHOT_COLUMNS.map(() => '?').join(', ')})`,
      ).run(snapshotValues(s, next));
      this.snapshot = { id: next, takenOn: s.takenOn };
      return { id: next };
    } catch (e) {
      this.abort();
      throw e;
    }
  }

  /**
   * The statements for a table. Several rows per statement: fewer calls into SQLite for the same B-tree appends.
   * The snapshot's id and day are the same on every row, so they are literals of the statement (both made by the
   * ingest, never read from the dump: an integer and a YYYY-MM-DD date).
   */
  private insert(table: SnapshotTable): TableInsert {
    const known = this.inserts.get(table);
    if (known) return known;
    const s = this.snapshot;
    if (!s) throw new Error('rows before begin');
    const columns = SNAPSHOT_TABLE_COLUMNS[table];
    const width = columns.length;
    const perInsert = Math.max(1, Math.floor(PARAMETERS_PER_INSERT / width));
    const tuple = `(${Number(s.id)}, '${s.takenOn.replace(/[^\d-]/g, '')}', ${columns.map(() => '?').join(', ')})`;
    const into = `insert into ${table} (snapshot_id, taken_on, ${columns.join(', ')}) values `;
    const insert: TableInsert = {
      isText: textFlags(table),
      width,
      perInsert,
      many: this.db.prepare(into + new Array(perInsert).fill(tuple).join(', ')),
      one: this.db.prepare(into + tuple),
      values: new Array(width * perInsert),
      filled: 0,
    };
    this.inserts.set(table, insert);
    return insert;
  }

  /**
   * Inserts a chunk of rows (in their table's primary-key order, after the previous chunk's). Its text is decoded
   * in one call and cut into values with `substring`, which shares the characters.
   */
  rows(c: RowChunk): void {
    const ins = this.insert(c.table);
    const { isText, values } = ins;
    const full = ins.width * ins.perInsert;
    const text = Buffer.from(c.bytes.buffer, c.bytes.byteOffset, c.byteLength).toString('utf8');
    let at = 0;
    let t = 0;
    let n = 0;
    let o = ins.filled;
    for (let r = 0; r < c.rows; r++) {
      for (let j = 0; j < isText.length; j++) {
        if (isText[j]) {
          const length = c.lengths[t++] ?? -1;
          if (length < 0) values[o++] = null;
          else {
            values[o++] = text.substring(at, at + length);
            at += length;
          }
        } else {
          const v = c.numbers[n++] ?? Number.NaN;
          values[o++] = Number.isNaN(v) ? null : v;
        }
      }
      if (o === full) {
        ins.many.run(values);
        o = 0;
      }
    }
    ins.filled = o;
  }

  /** Inserts the rows still pending and commits. */
  finish(): WriteOutcome {
    for (const ins of this.inserts.values()) {
      const one = new Array<unknown>(ins.width);
      for (let o = 0; o < ins.filled; o += ins.width) {
        for (let j = 0; j < ins.width; j++) one[j] = ins.values[o + j];
        ins.one.run(one);
      }
      ins.filled = 0;
    }
    this.db.exec('commit');
    this.snapshot = null;
    this.inserts.clear();
    return { changed: true, replaced: this.replaced };
  }

  /** Rolls back whatever was written (nothing happens when no transaction is open). */
  abort(): void {
    if (this.db.inTransaction) this.db.exec('rollback');
    this.snapshot = null;
    this.inserts.clear();
  }

  close(): void {
    this.abort();
    this.db.close();
  }
}
