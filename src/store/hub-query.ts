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
// BadRequestError naming the parameter.

type Raw = Record<string, string | undefined>;

function whole(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  return value === undefined || value === '' ? fallback : wholeNumber(name, value, min, max);
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
    by: oneOf('by', raw.by || undefined, RANK_METRICS, 'downloads'),
    top: whole('top', raw.top, 100, 1, 1_000_000),
    group: oneOf('group', raw.group || undefined, GROUPINGS, 'country'),
    attribution: oneOf('attribution', raw.attribution || undefined, ATTRIBUTIONS, 'author'),
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
    by: oneOf('by', raw.by || undefined, TREND_METRICS, 'new-derivatives'),
    group: oneOf('group', raw.group || undefined, GROUPINGS, 'country'),
    interval: oneOf('interval', raw.interval || undefined, INTERVALS, 'month'),
    attribution: oneOf('attribution', raw.attribution || undefined, ATTRIBUTIONS, 'root'),
    at: at(raw.at),
  };
}

export function parseLineageOptions(raw: Raw): { depth: number; at?: string | undefined } {
  return { depth: whole('depth', raw.depth, 1, 0, 10), at: at(raw.at) };
}
