import { type Attributor, compareGroups, type Grouping } from './rank.ts';

// Counts over time: new models or derivatives per period, per group. Pure.

export const TREND_METRICS = ['new-derivatives', 'new-models'] as const;
export type TrendMetric = (typeof TREND_METRICS)[number];
export const INTERVALS = ['month', 'quarter', 'year'] as const;
export type Interval = (typeof INTERVALS)[number];

export interface TrendCell {
  /** `YYYY-MM` month of createdAt. */
  month: string;
  /** The attributed model's account, and its id (for families). */
  account: string;
  id: string;
  models: number;
}

export interface TrendPoint {
  period: string;
  group: string | null;
  count: number;
}

/** `2025-06` → `2025-06` (month), `2025-Q2` (quarter), `2025` (year). */
export function periodOf(month: string, interval: Interval): string {
  if (interval === 'month') return month;
  const year = month.slice(0, 4);
  if (interval === 'year') return year;
  return `${year}-Q${Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1}`;
}

/** The group that stands for every group past a trend's `groups` limit, summed per period. */
export const OTHER_GROUP = '(other)';

/**
 * Sums monthly cells into periods and groups; periods ascending, then largest groups first. Only the `groups` groups
 * with the most models over all periods keep their own points (ties by name, as groups sort); the others are summed
 * per period into one OTHER_GROUP point, last in its period. A chart then has the same series in every period, and
 * an answer stays the size of periods × groups however many accounts or repos the snapshot holds.
 */
export function rollupTrend(
  cells: Iterable<TrendCell>,
  grouping: Grouping,
  interval: Interval,
  attributor: Attributor,
  groups = Number.POSITIVE_INFINITY,
): TrendPoint[] {
  const sums = new Map<string, TrendPoint>();
  for (const c of cells) {
    const period = periodOf(c.month, interval);
    let group: string | null;
    if (grouping === 'family') group = attributor.family(c.id) ?? c.id;
    else {
      const a = attributor.account(c.account);
      group = a ? (grouping === 'org' ? a.org : a.country) : null;
    }
    const k = `${period}\u0000${group ?? '\u0001'}`;
    const p = sums.get(k);
    if (p) p.count += c.models;
    else sums.set(k, { period, group, count: c.models });
  }
  const points = foldSmallGroups([...sums.values()], groups);
  return points
    .sort(
      (a, b) =>
        (a.period < b.period ? -1 : a.period > b.period ? 1 : 0) ||
        Number(a.other === true) - Number(b.other === true) ||
        b.count - a.count ||
        compareGroups(a.group, b.group),
    )
    .map(({ other: _other, ...p }) => p);
}

/** The points of the `groups` largest groups (by their total), and one OTHER_GROUP point per period for the rest. */
function foldSmallGroups(points: TrendPoint[], groups: number): (TrendPoint & { other?: boolean })[] {
  const totals = new Map<string | null, number>();
  for (const p of points) totals.set(p.group, (totals.get(p.group) ?? 0) + p.count);
  if (totals.size <= groups) return points;
  const kept = new Set(
    [...totals]
      .sort(([ga, a], [gb, b]) => b - a || compareGroups(ga, gb))
      .slice(0, groups)
      .map(([g]) => g),
  );
  const others = new Map<string, TrendPoint & { other: boolean }>();
  const out: (TrendPoint & { other?: boolean })[] = [];
  for (const p of points) {
    if (kept.has(p.group)) out.push(p);
    else {
      const o = others.get(p.period);
      if (o) o.count += p.count;
      else others.set(p.period, { period: p.period, group: OTHER_GROUP, count: p.count, other: true });
    }
  }
  return [...out, ...others.values()];
}
