import {
  ATTRIBUTIONS,
  type AttributionMode,
  GROUPINGS,
  type Grouping,
  RANK_METRICS,
  type RankMetric,
} from '../analysis/rank.ts';
import { INTERVALS, type Interval, TREND_METRICS, type TrendMetric } from '../analysis/trend.ts';
import { BadRequestError } from '../domain/errors.ts';
import { parseAt } from './hub-repo.ts';

// The hub questions' parameters, read the same way from API query strings and CLI flags; every mistake is a
// BadRequestError naming the parameter.

type Raw = Record<string, string | undefined>;

function oneOf<T extends string>(
  name: string,
  value: string | undefined,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined || value === '') return fallback;
  if (!(allowed as readonly string[]).includes(value))
    throw new BadRequestError(
      'invalid_parameter',
      `${name} takes one of ${allowed.join(', ')}; got "${value}"`,
    );
  return value as T;
}

function whole(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  if (!/^\d+$/.test(value))
    throw new BadRequestError('invalid_parameter', `${name} must be a whole number, got "${value}"`);
  const n = Number(value);
  if (n < min || n > max)
    throw new BadRequestError('invalid_parameter', `${name} must be between ${min} and ${max}, got ${value}`);
  return n;
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
    by: oneOf('by', raw.by, RANK_METRICS, 'downloads'),
    top: whole('top', raw.top, 100, 1, 1_000_000),
    group: oneOf('group', raw.group, GROUPINGS, 'country'),
    attribution: oneOf('attribution', raw.attribution, ATTRIBUTIONS, 'author'),
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
    by: oneOf('by', raw.by, TREND_METRICS, 'new-derivatives'),
    group: oneOf('group', raw.group, GROUPINGS, 'country'),
    interval: oneOf('interval', raw.interval, INTERVALS, 'month'),
    attribution: oneOf('attribution', raw.attribution, ATTRIBUTIONS, 'root'),
    at: at(raw.at),
  };
}

export function parseLineageOptions(raw: Raw): { depth: number; at?: string | undefined } {
  return { depth: whole('depth', raw.depth, 1, 0, 10), at: at(raw.at) };
}
