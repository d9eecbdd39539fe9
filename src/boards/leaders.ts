import type { BoardRow } from '../domain/board.ts';
import {
  type BoardNameIndex,
  type BoardRowResolution,
  type ResolveMethod,
  resolveBoardRow,
} from './resolve-name.ts';

// Who leads a board: the shares of its top N by country, maker, open or closed weights, or licence class; the
// same over its snapshots; and per snapshot the best model of each country and the best open and closed models
// with the score gap between them. Pure: snapshot rows and a name index in, answers out.
//
// Position, not rank. A board's rank has ties (LMArena ranks by confidence interval: several rows share rank 3,
// so "rank ≤ 100" may hold more than 100 rows). Rows are put in order by score, highest first, ties by the board's
// rank and then by the order the board lists them, and the top N are the first N in that order: exactly N rows
// (fewer when the board has fewer). A row without a score comes after every row with one, in the board's order.
//
// Open means the catalog's `weights = "open"` (the board's licence column only for a row the catalog cannot
// resolve, see resolve-name.ts). Rows the catalog cannot resolve to a model are counted in their maker's group
// (or in the null group when the maker is unknown too) and listed in `unresolved`, never dropped.

export const LEADER_GROUPS = ['country', 'org', 'weights', 'license_class'] as const;
export type LeaderGroup = (typeof LEADER_GROUPS)[number];

/** A board row with its place in score order and what it resolves to. */
export interface PlacedRow {
  /** 1-based place in score order (see above). */
  position: number;
  /** The rank the board gives (may be shared). */
  rank: number;
  name: string;
  score: number | null;
  /** The board's own maker column, as written. */
  boardOrg: string | null;
  resolution: BoardRowResolution;
}

export interface GroupShare {
  /** The country, organisation id, `open`/`closed` or licence class; null when unknown. */
  group: string | null;
  count: number;
  /** count / total, 0..1. */
  share: number;
}

export interface UnresolvedRow {
  rank: number;
  name: string;
  /** The maker found (from the board's column, a Hub owner or a glued provider), or null. */
  org: string | null;
  /** The board's own maker column, as written. */
  board_org: string | null;
  method: ResolveMethod;
}

export interface LeaderShares {
  rows: GroupShare[];
  /** Rows of the top N not resolved to a catalog model, in position order. */
  unresolved: UnresolvedRow[];
  /** How many of the rows counted resolved to a catalog model and to a maker, of `total`. */
  resolved: { model: number; org: number; total: number };
}

/** The board's rows in score order with their resolutions (`position` 1…n). */
export function placeRows(rows: readonly BoardRow[], board: string, index: BoardNameIndex): PlacedRow[] {
  const order = rows.map((row, i) => ({ row, i }));
  order.sort((a, b) => {
    const sa = a.row.score;
    const sb = b.row.score;
    if (sa !== null && sb !== null && sa !== sb) return sb - sa;
    if ((sa === null) !== (sb === null)) return sa === null ? 1 : -1;
    return a.row.rank - b.row.rank || a.i - b.i;
  });
  return order.map(({ row }, i) => ({
    position: i + 1,
    rank: row.rank,
    name: row.name,
    score: row.score,
    boardOrg: row.org,
    resolution: resolveBoardRow(row, board, index),
  }));
}

/** The value of a row's group. */
function groupValue(r: BoardRowResolution, group: LeaderGroup): string | null {
  switch (group) {
    case 'country':
      return r.country;
    case 'org':
      return r.org;
    case 'weights':
      return r.weights;
    case 'license_class':
      return r.licenseClass;
  }
}

export interface ShareOptions {
  top: number;
  group: LeaderGroup;
  /** Count only the open-weight rows among the top N (share of those). */
  open?: boolean;
}

/** The rows counted: the first `top` in position order, and of those only the open-weight ones with `open`. */
function topRows(placed: readonly PlacedRow[], opts: { top: number; open?: boolean }): PlacedRow[] {
  const top = placed.slice(0, opts.top);
  return opts.open ? top.filter((r) => r.resolution.weights === 'open') : top;
}

/**
 * Counts of the top N per group, largest first (ties by group name, the unknown group last). With `open`, only the
 * open-weight rows among the top N are counted, and shares are of them: "of the open models in the top 100, how
 * many are Chinese".
 */
export function leaderShares(placed: readonly PlacedRow[], opts: ShareOptions): LeaderShares {
  const rows = topRows(placed, opts);
  const counts = new Map<string | null, number>();
  for (const r of rows) {
    const g = groupValue(r.resolution, opts.group);
    counts.set(g, (counts.get(g) ?? 0) + 1);
  }
  const total = rows.length;
  const shares = [...counts]
    .map(([group, count]) => ({ group, count, share: total === 0 ? 0 : count / total }))
    .sort(
      (a, b) =>
        b.count - a.count ||
        Number(a.group === null) - Number(b.group === null) ||
        (a.group ?? '').localeCompare(b.group ?? ''),
    );
  return {
    rows: shares,
    unresolved: rows
      .filter((r) => r.resolution.model === null)
      .map((r) => ({
        rank: r.rank,
        name: r.name,
        org: r.resolution.org,
        board_org: r.boardOrg,
        method: r.resolution.method,
      })),
    resolved: {
      model: rows.filter((r) => r.resolution.model !== null).length,
      org: rows.filter((r) => r.resolution.org !== null).length,
      total,
    },
  };
}

/** The latest of `dates` (YYYY-MM-DD) at or before `at`, or the latest of all without `at`; null when none is. */
export function snapshotAtOrBefore(dates: readonly string[], at?: string): string | null {
  let best: string | null = null;
  for (const d of dates) if ((at === undefined || d <= at) && (best === null || d > best)) best = d;
  return best;
}

export interface BestModel {
  model: string | null;
  name: string;
  score: number | null;
  country: string | null;
}

interface CountryBest {
  country: string;
  model: string | null;
  name: string;
  score: number | null;
}

export interface BestOfSnapshot {
  /** The best-placed row of each country, best first; rows of no known country are left out. */
  by_country: CountryBest[];
  /** The best-placed open-weight row of each country, best first (what /leaders draws over time). */
  open_by_country: CountryBest[];
  best_open: BestModel | null;
  best_closed: BestModel | null;
  /** best_closed.score − best_open.score: positive while a closed model leads; null without both scores. */
  gap: number | null;
}

/** Per snapshot: the best model of each country, the best open and the best closed model, and the gap. */
export function bestOfSnapshot(placed: readonly PlacedRow[]): BestOfSnapshot {
  const bestPerCountry = (rows: readonly PlacedRow[]): CountryBest[] => {
    const byCountry = new Map<string, PlacedRow>();
    for (const r of rows) {
      const c = r.resolution.country;
      if (c && !byCountry.has(c)) byCountry.set(c, r);
    }
    return [...byCountry].map(([country, r]) => ({
      country,
      model: r.resolution.model,
      name: r.name,
      score: r.score,
    }));
  };
  const best = (weights: 'open' | 'closed'): BestModel | null => {
    const r = placed.find((p) => p.resolution.weights === weights);
    return r
      ? { model: r.resolution.model, name: r.name, score: r.score, country: r.resolution.country }
      : null;
  };
  const bestOpen = best('open');
  const bestClosed = best('closed');
  const gap =
    bestOpen?.score != null && bestClosed?.score != null
      ? Math.round((bestClosed.score - bestOpen.score) * 1e6) / 1e6
      : null;
  return {
    by_country: bestPerCountry(placed),
    open_by_country: bestPerCountry(placed.filter((p) => p.resolution.weights === 'open')),
    best_open: bestOpen,
    best_closed: bestClosed,
    gap,
  };
}
