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

/** Sums monthly cells into periods and groups; periods ascending, then largest groups first. */
export function rollupTrend(
  cells: Iterable<TrendCell>,
  grouping: Grouping,
  interval: Interval,
  attributor: Attributor,
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
  return [...sums.values()].sort(
    (a, b) =>
      (a.period < b.period ? -1 : a.period > b.period ? 1 : 0) ||
      b.count - a.count ||
      compareGroups(a.group, b.group),
  );
}
