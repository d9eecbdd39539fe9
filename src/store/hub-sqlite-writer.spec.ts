import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  MODEL_COLUMNS,
  RowChunkBuilder,
  type SnapshotRecord,
  SqliteSnapshotWriter,
  ValuesSink,
} from './hub-sqlite-writer.ts';
import { migrate, openStore } from './open-store.ts';

// The SQLite snapshot writer on a real store file: rows sent as chunks of UTF-8 text and numbers come out of
// SQLite exactly as they went in, whatever the text and however the rows fall into chunks and statements.

const SNAPSHOT: SnapshotRecord = {
  id: 0,
  takenAt: '2026-07-01T00:00:00.000Z',
  takenOn: '2026-07-01',
  source: 'test',
  models: 0,
  edges: 0,
  skipped: 0,
  contentHash: 'abc',
  issues: {
    selfReferences: 0,
    cycles: 0,
    cycleExamples: [],
    modelsOnCycles: 0,
    danglingReferences: 0,
    danglingExamples: [],
  },
  ingestedAt: '2026-07-02T00:00:00.000Z',
};

/** A model row in MODEL_COLUMNS order; `k` varies every value. */
function modelRow(k: number, text: (k: number) => string | null): unknown[] {
  return [
    `Acct-${String(k).padStart(4, '0')}/M`,
    k % 13,
    k % 3 === 0 ? null : 1_735_787_045_000 + k,
    k * 1_000_003,
    k % 2 === 0 ? null : 2 ** 53 - 1 - k,
    k,
    k % 5 === 0 ? null : `[["base/${k}","merge"]]`,
    text(k + 1),
    k % 4 === 0 ? null : k + 2,
    k % 7,
    k,
    0,
    k % 11,
    1,
    k % 6,
    text(k + 3),
  ];
}

const TRICKY = [
  'plain-ascii',
  '',
  'münchen-lab',
  '清华大学/模型',
  'emoji 🤗 and more 🚀',
  'tab\there, "quotes", back\\slash, new\nline',
  `${'x'.repeat(40)}é${'y'.repeat(40)}`,
  'a'.repeat(3 << 20), // longer than the chunk's first buffer: it has to grow
];
const tricky = (k: number) => (k % 9 === 8 ? null : (TRICKY[k % TRICKY.length] ?? ''));

describe('SqliteSnapshotWriter', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'omo-writer-'));
    file = path.join(dir, 'omo.sqlite');
    const store = openStore({ url: file });
    await migrate(store);
    await store.close();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A table's rows without snapshot_id and taken_on (hub_models: the columns a row gives, not the key). */
  function rowsOf(
    table: string,
    order: string,
    sql = `select * from ${table} order by ${order}`,
  ): unknown[][] {
    const db = new SqliteDatabase(file, { readonly: true });
    try {
      return db
        .prepare(sql)
        .raw()
        .all()
        .map((r) => (r as unknown[]).slice(2));
    } finally {
      db.close();
    }
  }
  const modelRows = () =>
    rowsOf(
      'hub_models',
      '',
      `select snapshot_id, taken_on, ${MODEL_COLUMNS.join(', ')} from hub_models order by id`,
    );

  it.each([1, 3, 32, 4096])('writes every value as given, in chunks of %i rows', (capacity) => {
    const n = 77; // not a multiple of a chunk nor of the rows per INSERT: the last rows go one by one
    const rows = Array.from({ length: n }, (_, k) => modelRow(k, tricky));
    const writer = new SqliteSnapshotWriter(file);
    try {
      expect(writer.begin(SNAPSHOT)).toEqual({ id: 1 });
      const builder = new RowChunkBuilder('hub_models', capacity);
      const values = new ValuesSink(new Array(MODEL_COLUMNS.length));
      for (const row of rows) {
        // Text given whole, and the parent list in pieces, as the ingest writes it; the same calls into a
        // ValuesSink (what the PostgreSQL writer takes) give the row back.
        values.at = 0;
        for (const sink of [builder, values])
          for (const [j, v] of row.entries()) {
            if (MODEL_COLUMNS[j] === 'parent_ids' && typeof v === 'string') {
              sink.open();
              for (let i = 0; i < v.length; i += 5) sink.piece(v.slice(i, i + 5));
              sink.close();
            } else if (typeof v === 'number') sink.number(v);
            else if (
              v === null &&
              ['created_at', 'downloads_all_time', 'root_author_no'].includes(MODEL_COLUMNS[j] ?? '')
            )
              sink.number(null);
            else sink.text(v as string | null);
          }
        expect(values.values).toEqual(row);
        if (builder.endRow()) writer.rows(builder.take());
      }
      if (builder.rows > 0) writer.rows(builder.take());
      expect(writer.finish()).toEqual({ changed: true, replaced: false });
    } finally {
      writer.close();
    }
    expect(modelRows()).toEqual(rows);
  });

  it('the other snapshot tables go through the same chunks', () => {
    const writer = new SqliteSnapshotWriter(file);
    try {
      writer.begin(SNAPSHOT);
      const authors = new RowChunkBuilder('hub_authors', 4);
      authors.number(0);
      authors.text('münchen-lab');
      authors.endRow();
      authors.number(1);
      authors.text('tab\tand "quotes"');
      authors.endRow();
      writer.rows(authors.take());
      const top = new RowChunkBuilder('hub_top', 2);
      const trend = new RowChunkBuilder('hub_trend', 2);
      for (let i = 0; i < 5; i++) {
        top.text('downloads');
        top.number(i);
        top.text(`k/${i}`);
        if (top.endRow()) writer.rows(top.take());
      }
      writer.rows(top.take());
      trend.text('2025-06');
      trend.text('münchen-lab');
      trend.text('adapter');
      trend.number(7);
      trend.endRow();
      writer.rows(trend.take());
      writer.finish();
    } finally {
      writer.close();
    }
    expect(rowsOf('hub_top', 'position')).toEqual([0, 1, 2, 3, 4].map((i) => ['downloads', i, `k/${i}`]));
    expect(rowsOf('hub_trend', 'period')).toEqual([['2025-06', 'münchen-lab', 'adapter', 7]]);
    expect(rowsOf('hub_authors', 'author_no')).toEqual([
      [0, 'münchen-lab'],
      [1, 'tab\tand "quotes"'],
    ]);
  });

  it('a failed write leaves nothing behind, and the same dump again is recognised', () => {
    const writer = new SqliteSnapshotWriter(file);
    try {
      writer.begin(SNAPSHOT);
      const builder = new RowChunkBuilder('hub_models', 8);
      const row = modelRow(1, () => 'x');
      for (const v of row) typeof v === 'number' ? builder.number(v) : builder.text(v as string | null);
      builder.endRow();
      writer.rows(builder.take());
      // The same id twice, in another case (the key compares ids case-insensitively): SQLite refuses the second
      // row when the pending rows are flushed.
      const twin = [String(row[0]).toLowerCase(), ...row.slice(1)];
      for (const v of twin) typeof v === 'number' ? builder.number(v) : builder.text(v as string | null);
      builder.endRow();
      writer.rows(builder.take());
      expect(() => writer.finish()).toThrow(/UNIQUE constraint failed/);
      writer.abort();
    } finally {
      writer.close();
    }
    expect(rowsOf('hub_snapshots', 'id')).toEqual([]);
    expect(modelRows()).toEqual([]);

    const again = new SqliteSnapshotWriter(file);
    try {
      again.begin(SNAPSHOT);
      again.finish();
      expect(again.begin({ ...SNAPSHOT, takenAt: '2026-08-01T00:00:00.000Z' })).toEqual({
        existing: expect.objectContaining({ id: 1, contentHash: 'abc' }),
      });
    } finally {
      again.close();
    }
  });
});
