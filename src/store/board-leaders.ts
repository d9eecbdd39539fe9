import type { BoardMetaRow } from '../boards/board-tables.ts';
import {
  type BestOfSnapshot,
  bestOfSnapshot,
  type GroupShare,
  type LeaderGroup,
  leaderShares,
  type PlacedRow,
  placeRows,
  type UnresolvedRow,
} from '../boards/leaders.ts';
import { closestNames, didYouMean } from '../domain/closest-names.ts';
import { NotFoundError } from '../domain/errors.ts';
import type { Deps } from './deps.ts';

// The questions `omo leaders` and /api/leaders answer, over the store: which snapshot, its rows placed and resolved
// (src/boards/leaders.ts, pure), and the answer in the shape the API returns (snake_case, as JSON is written).

export interface LeadersQuery {
  board: string;
  top: number;
  group: LeaderGroup;
  /** Count only the open-weight rows among the top N. */
  open: boolean;
  /** The board's latest snapshot at or before this day (YYYY-MM-DD); the latest without it. */
  at?: string | undefined;
}

export interface LeadersAnswer {
  board: string;
  at: string;
  top: number;
  group: LeaderGroup;
  open: boolean;
  rows: GroupShare[];
  unresolved: UnresolvedRow[];
  resolved: { model: number; org: number; total: number };
  source: { url: string; title: string; note?: string };
}

export interface LeadersSeries {
  board: string;
  top: number;
  group: LeaderGroup;
  open: boolean;
  series: { at: string; rows: GroupShare[]; unresolved: number; total: number }[];
}

export interface BestAnswer {
  board: string;
  snapshots: ({ at: string } & BestOfSnapshot)[];
}

export interface BoardsAnswer {
  boards: (Omit<BoardMetaRow, 'origin'> & {
    snapshots: {
      at: string;
      rows: number;
      origin: 'bundled' | 'import';
      source: { url: string; title: string; note?: string };
    }[];
  })[];
}

/** The board, or a not-found error naming the closest boards. */
async function requireBoard(deps: Deps, board: string): Promise<void> {
  if (await deps.boards.getBoard(board)) return;
  const ids = (await deps.boards.listBoards()).map((b) => b.id);
  const close = closestNames(
    board,
    ids.map((id) => ({ value: id, names: [id] })),
  );
  throw new NotFoundError(
    `no board "${board}" in the store${didYouMean(close)}${ids.length ? ` (boards: ${ids.join(', ')})` : ' (no boards loaded)'}`,
    { suggestions: close },
  );
}

async function placed(deps: Deps, board: string, at: string): Promise<PlacedRow[]> {
  const [rows, index] = await Promise.all([deps.boards.rows(board, at), deps.boardNames.index()]);
  return placeRows(rows, board, index);
}

/** Shares of the board's top N in one snapshot: the latest, or the latest at or before `at`. */
export async function leadersAt(deps: Deps, q: LeadersQuery): Promise<LeadersAnswer> {
  await requireBoard(deps, q.board);
  const snapshot = await deps.boards.snapshotAt(q.board, q.at);
  if (!snapshot) {
    throw new NotFoundError(
      q.at
        ? `board "${q.board}" has no snapshot on or before ${q.at}`
        : `board "${q.board}" has no snapshots`,
    );
  }
  const shares = leaderShares(await placed(deps, q.board, snapshot.at), q);
  return {
    board: q.board,
    at: snapshot.at,
    top: q.top,
    group: q.group,
    open: q.open,
    ...shares,
    source: snapshot.source,
  };
}

/** The same shares in every snapshot of the board, oldest first (`at` is ignored: the series is all of them). */
export async function leadersOverTime(deps: Deps, q: Omit<LeadersQuery, 'at'>): Promise<LeadersSeries> {
  await requireBoard(deps, q.board);
  const series: LeadersSeries['series'] = [];
  for (const s of await deps.boards.listSnapshots(q.board)) {
    const shares = leaderShares(await placed(deps, q.board, s.at), q);
    series.push({
      at: s.at,
      rows: shares.rows,
      unresolved: shares.unresolved.length,
      total: shares.resolved.total,
    });
  }
  return { board: q.board, top: q.top, group: q.group, open: q.open, series };
}

/** Per snapshot, oldest first: the best model of each country, the best open and closed, and their gap. */
export async function leadersBest(deps: Deps, board: string): Promise<BestAnswer> {
  await requireBoard(deps, board);
  const snapshots: BestAnswer['snapshots'] = [];
  for (const s of await deps.boards.listSnapshots(board)) {
    snapshots.push({ at: s.at, ...bestOfSnapshot(await placed(deps, board, s.at)) });
  }
  return { board, snapshots };
}

/** Every board with its snapshots (oldest first), their row counts, origins and sources. */
export async function listBoards(deps: Deps): Promise<BoardsAnswer> {
  const [boards, snapshots] = await Promise.all([deps.boards.listBoards(), deps.boards.listSnapshots()]);
  return {
    boards: boards.map((b) => ({
      id: b.id,
      name: b.name,
      url: b.url,
      kind: b.kind,
      description: b.description,
      score: b.score,
      snapshots: snapshots
        .filter((s) => s.board === b.id)
        .map((s) => ({ at: s.at, rows: s.rows, origin: s.origin, source: s.source })),
    })),
  };
}
