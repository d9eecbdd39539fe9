import {
  ATTRIBUTIONS,
  type AttributionMode,
  GROUPINGS,
  type Grouping,
  RANK_METRICS,
  type RankMetric,
} from '../analysis/rank.ts';
import { INTERVALS, type Interval, TREND_METRICS, type TrendMetric } from '../analysis/trend.ts';
import { parseAt } from './hub-repo.ts';
import { oneOf, wholeNumber } from './list-query.ts';

// The hub questions' parameters, read the same way from API query strings and CLI flags; every mistake is a
// BadRequestError naming the parameter. An empty value counts as absent.

type Raw = Record<string, string | undefined>;

function whole(raw: Raw, name: string, fallback: number, min: number, max: number): number {
  const value = raw[name];
  return value === undefined || value === '' ? fallback : wholeNumber(name, value, min, max);
}

function choice<T extends string>(raw: Raw, name: string, allowed: readonly T[], fallback: T): T {
  return oneOf(name, raw[name] || undefined, allowed, fallback);
}

function at(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  parseAt(value);
  return value;
}

export interface RankOptions {
  by: RankMetric;
  top: number;
  group: Grouping;
  attribution: AttributionMode;
  at?: string | undefined;
}

export function parseRankOptions(raw: Raw): RankOptions {
  return {
    by: choice(raw, 'by', RANK_METRICS, 'downloads'),
    top: whole(raw, 'top', 100, 1, 1_000_000),
    group: choice(raw, 'group', GROUPINGS, 'country'),
    attribution: choice(raw, 'attribution', ATTRIBUTIONS, 'author'),
    at: at(raw.at),
  };
}

export interface TrendOptions {
  by: TrendMetric;
  group: Grouping;
  interval: Interval;
  attribution: AttributionMode;
  at?: string | undefined;
}

export function parseTrendOptions(raw: Raw): TrendOptions {
  return {
    by: choice(raw, 'by', TREND_METRICS, 'new-derivatives'),
    group: choice(raw, 'group', GROUPINGS, 'country'),
    interval: choice(raw, 'interval', INTERVALS, 'month'),
    attribution: choice(raw, 'attribution', ATTRIBUTIONS, 'root'),
    at: at(raw.at),
  };
}

export function parseLineageOptions(raw: Raw): { depth: number; at?: string | undefined } {
  return { depth: whole(raw, 'depth', 1, 0, 10), at: at(raw.at) };
}
