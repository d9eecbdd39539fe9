import { type Kysely, sql, type Transaction } from 'kysely';
import type { BoardRow, BoardSnapshot } from '../domain/board.ts';
import { BadRequestError } from '../domain/errors.ts';
import type { BoardDatabase, BoardMetaRow, BoardRowRow, BoardSnapshotRow } from './board-tables.ts';

/** A board as the API lists it: its row. */
export type BoardInfo = BoardMetaRow;

/** A snapshot without its rows. */
export interface SnapshotInfo {
  board: string;
  at: string;
  origin: 'bundled' | 'import';
  format: string;
  file: string;
  rows: number;
  source: { url: string; title: string; note?: string };
  /** Where a bundled file was obtained (repo, path, commit, licence…), as its manifest says. */
  provenance: Record<string, string> | null;
  loadedAt: string;
}

/** How a snapshot came to the store. */
export interface SnapshotOrigin {
  origin: 'bundled' | 'import';
  format: string;
  file: string;
  provenance?: Record<string, string> | null;
}

/** A bundled board read from `boards/<id>/`: its description and its snapshots, each already parsed. */
export interface BundledBoard {
  board: Omit<BoardInfo, 'origin'>;
  snapshots: {
    snapshot: BoardSnapshot;
    format: string;
    file: string;
    provenance: Record<string, string> | null;
  }[];
}

export interface BundledLoad {
  changed: boolean;
  boards: number;
  snapshots: number;
  rows: number;
  /** Bundled snapshots not loaded because an imported snapshot of the same board and day stands in the store. */
  shadowed: { board: string; at: string }[];
}

/** Advisory lock key for loads of the bundled boards on PostgreSQL (the catalog's is 0x6f6d6f01). */
const BOARDS_LOCK = 0x6f6d6f05;
const HASH_KEY = 'boards_hash';

function snapshotInfo(r: BoardSnapshotRow): SnapshotInfo {
  return {
    board: r.board,
    at: r.at,
    origin: r.origin,
    format: r.format,
    file: r.file,
    rows: Number(r.row_count),
    source: { url: r.source_url, title: r.source_title, ...(r.source_note ? { note: r.source_note } : {}) },
    provenance: r.provenance ? (JSON.parse(r.provenance) as Record<string, string>) : null,
    loadedAt: r.loaded_at,
  };
}

function boardRow(r: BoardRowRow): BoardRow {
  return {
    rank: Number(r.rank),
    name: r.name,
    score: r.score === null ? null : Number(r.score),
    ci: r.ci,
    votes: r.votes === null ? null : Number(r.votes),
    org: r.org,
    license: r.license,
    scores: JSON.parse(r.scores) as Record<string, number>,
  };
}

/**
 * A snapshot checked against the domain schema: a caller's mistake is a clear error, never a half-written row. The
 * schema (zod) is loaded when a snapshot is written, not by every command that opens the store.
 */
async function checked(snapshot: BoardSnapshot): Promise<BoardSnapshot> {
  const { BoardSnapshot } = await import('../domain/board.ts');
  const r = BoardSnapshot.safeParse(snapshot);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  throw new BadRequestError(
    'invalid_leaderboard',
    `snapshot ${snapshot.board} ${snapshot.at}: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`,
  );
}

async function insertSnapshot(
  trx: Transaction<BoardDatabase>,
  s: BoardSnapshot,
  from: SnapshotOrigin,
  now: Date,
): Promise<void> {
  await trx
    .insertInto('board_snapshots')
    .values({
      board: s.board,
      at: s.at,
      origin: from.origin,
      format: from.format,
      file: from.file,
      source_url: s.source.url,
      source_title: s.source.title,
      source_note: s.source.note ?? null,
      provenance: from.provenance ? JSON.stringify(from.provenance) : null,
      row_count: s.rows.length,
      loaded_at: now.toISOString(),
    })
    .execute();
  // 11 columns a row: 200 rows a statement stay far under SQLite's and PostgreSQL's limits on bound parameters.
  for (let i = 0; i < s.rows.length; i += 200) {
    await trx
      .insertInto('board_rows')
      .values(
        s.rows.slice(i, i + 200).map((r, k) => ({
          board: s.board,
          at: s.at,
          position: i + k,
          rank: r.rank,
          name: r.name,
          score: r.score,
          ci: r.ci,
          votes: r.votes,
          org: r.org,
          license: r.license,
          scores: JSON.stringify(r.scores),
        })),
      )
      .execute();
  }
}

async function deleteSnapshot(trx: Transaction<BoardDatabase>, board: string, at: string): Promise<boolean> {
  await trx.deleteFrom('board_rows').where('board', '=', board).where('at', '=', at).execute();
  const r = await trx
    .deleteFrom('board_snapshots')
    .where('board', '=', board)
    .where('at', '=', at)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Boards that have snapshots but no description get a minimal one (an import of a board omo does not bundle). */
async function describeOrphans(trx: Transaction<BoardDatabase>): Promise<void> {
  const orphans = await trx
    .selectFrom('board_snapshots')
    .select('board')
    .distinct()
    .where('board', 'not in', trx.selectFrom('boards').select('id'))
    .execute();
  if (orphans.length === 0) return;
  await trx
    .insertInto('boards')
    .values(
      orphans.map(({ board }) => ({
        id: board,
        name: board,
        url: null,
        kind: null,
        description: null,
        score: null,
        origin: 'import' as const,
      })),
    )
    .execute();
}

/**
 * The leaderboards in the store: boards, their dated snapshots and rows. Writes are whole snapshots in one
 * transaction, so a reader sees a snapshot entirely or not at all, and a failed write changes nothing.
 */
export function boardRepo(db: Kysely<BoardDatabase>, dialect: 'sqlite' | 'postgres' = 'sqlite') {
  async function listBoards(): Promise<BoardInfo[]> {
    const rows = await db.selectFrom('boards').selectAll().orderBy('id').execute();
    return rows.map((r: BoardMetaRow) => ({ ...r }));
  }

  async function getBoard(id: string): Promise<BoardInfo | null> {
    const r = await db.selectFrom('boards').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? { ...r } : null;
  }

  /** Every snapshot (of one board when given), oldest first within a board. */
  async function listSnapshots(board?: string): Promise<SnapshotInfo[]> {
    let q = db.selectFrom('board_snapshots').selectAll();
    if (board !== undefined) q = q.where('board', '=', board);
    const rows = await q.orderBy('board').orderBy('at').execute();
    return rows.map(snapshotInfo);
  }

  /** The board's latest snapshot on or before `atOrBefore` (YYYY-MM-DD), or its latest; null when none. */
  async function snapshotAt(board: string, atOrBefore?: string): Promise<SnapshotInfo | null> {
    let q = db.selectFrom('board_snapshots').selectAll().where('board', '=', board);
    if (atOrBefore !== undefined) q = q.where('at', '<=', atOrBefore);
    const r = await q.orderBy('at', 'desc').limit(1).executeTakeFirst();
    return r ? snapshotInfo(r) : null;
  }

  /** The rows of one snapshot in the board's order; empty when there is no such snapshot. */
  async function rows(board: string, at: string): Promise<BoardRow[]> {
    const r = await db
      .selectFrom('board_rows')
      .selectAll()
      .where('board', '=', board)
      .where('at', '=', at)
      .orderBy('position')
      .execute();
    return r.map(boardRow);
  }

  /**
   * Makes the store hold this snapshot for its board and day, replacing any it held (an earlier import, or the
   * bundled one), in one transaction. `replaced` says whether one was there.
   */
  async function replaceSnapshot(
    snapshot: BoardSnapshot,
    from: Omit<SnapshotOrigin, 'origin'> & { origin?: 'import' },
    now: Date = new Date(),
  ): Promise<{ replaced: boolean; rows: number }> {
    const s = await checked(snapshot);
    const replaced = await db.transaction().execute(async (trx) => {
      const had = await deleteSnapshot(trx, s.board, s.at);
      await insertSnapshot(trx, s, { ...from, origin: 'import' }, now);
      await describeOrphans(trx);
      return had;
    });
    return { replaced, rows: s.rows.length };
  }

  /** The hash of the bundled boards the store last loaded, or null. */
  async function bundledHash(): Promise<string | null> {
    const r = await db.selectFrom('meta').select('value').where('key', '=', HASH_KEY).executeTakeFirst();
    return r?.value ?? null;
  }

  /**
   * Makes the store's bundled boards exactly these, in one transaction: every earlier bundled snapshot and board
   * description goes, these come in. Imported snapshots stay, and a bundled snapshot of the same board and day
   * as an imported one is not loaded (`shadowed`). Loading the same hash twice changes nothing.
   */
  async function replaceBundled(
    boards: readonly BundledBoard[],
    hash: string,
    now: Date = new Date(),
  ): Promise<BundledLoad> {
    const snapshots = await Promise.all(
      boards.flatMap((b) => b.snapshots.map(async (s) => ({ ...s, snapshot: await checked(s.snapshot) }))),
    );
    const result: BundledLoad = {
      changed: false,
      boards: boards.length,
      snapshots: 0,
      rows: 0,
      shadowed: [],
    };
    await db.transaction().execute(async (trx) => {
      // Servers starting together on one PostgreSQL database load one at a time; SQLite's first write takes its
      // write lock before the read of the hash, as the catalog's load does.
      if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(${BOARDS_LOCK})`.execute(trx);
      else await trx.deleteFrom('meta').where('key', '=', 'boards_lock').execute();
      const current = await trx
        .selectFrom('meta')
        .select('value')
        .where('key', '=', HASH_KEY)
        .executeTakeFirst();
      if (current?.value === hash) return;
      await trx
        .deleteFrom('board_rows')
        .where(({ exists, selectFrom }) =>
          exists(
            selectFrom('board_snapshots as s')
              .select('s.board')
              .whereRef('s.board', '=', 'board_rows.board')
              .whereRef('s.at', '=', 'board_rows.at')
              .where('s.origin', '=', 'bundled'),
          ),
        )
        .execute();
      await trx.deleteFrom('board_snapshots').where('origin', '=', 'bundled').execute();
      const ids = boards.map((b) => b.board.id);
      await trx.deleteFrom('boards').where('origin', '=', 'bundled').execute();
      if (ids.length > 0) await trx.deleteFrom('boards').where('id', 'in', ids).execute();
      if (boards.length > 0) {
        await trx
          .insertInto('boards')
          .values(boards.map((b) => ({ ...b.board, origin: 'bundled' as const })))
          .execute();
      }
      const imported = new Set(
        (await trx.selectFrom('board_snapshots').select(['board', 'at']).execute()).map(
          (r) => `${r.board} ${r.at}`,
        ),
      );
      for (const s of snapshots) {
        if (imported.has(`${s.snapshot.board} ${s.snapshot.at}`)) {
          result.shadowed.push({ board: s.snapshot.board, at: s.snapshot.at });
          continue;
        }
        await insertSnapshot(
          trx,
          s.snapshot,
          { origin: 'bundled', format: s.format, file: s.file, provenance: s.provenance },
          now,
        );
        result.snapshots++;
        result.rows += s.snapshot.rows.length;
      }
      await describeOrphans(trx);
      await trx.deleteFrom('meta').where('key', '=', HASH_KEY).execute();
      await trx.insertInto('meta').values({ key: HASH_KEY, value: hash }).execute();
      result.changed = true;
    });
    return result;
  }

  return {
    listBoards,
    getBoard,
    listSnapshots,
    snapshotAt,
    rows,
    replaceSnapshot,
    bundledHash,
    replaceBundled,
  };
}
