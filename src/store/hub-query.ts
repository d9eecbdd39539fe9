import { z } from 'zod';
import { ATTRIBUTIONS, GROUPINGS, RANK_METRICS } from '../analysis/rank.ts';
import { INTERVALS, TREND_METRICS } from '../analysis/trend.ts';
import { BadRequestError } from '../domain/errors.ts';
import { choiceParam, textParam, wholeNumberParam } from '../domain/param-schemas.ts';
import { parseAt } from './hub-repo.ts';

// The hub questions' parameters as zod schemas: the API routes validate query strings with them (and document
// them in OpenAPI from them), the CLI parses its flags with them. Every mistake names the parameter.

const at = textParam('at', { check: (value) => void parseAt(value) }).meta({
  description:
    'Answer from the latest snapshot taken at or before this date (YYYY, YYYY-MM, YYYY-MM-DD or ISO time).',
});
const attribution = (fallback: (typeof ATTRIBUTIONS)[number]) =>
  choiceParam('attribution', ATTRIBUTIONS, fallback).meta({
    description: `author: a model counts for its own Hub account; root: for its root base model's. Default ${fallback}.`,
  });

export const RankQuery = z.object({
  by: choiceParam('by', RANK_METRICS, 'downloads').meta({
    description: 'Ranking metric. Default downloads.',
  }),
  top: wholeNumberParam('top', 1, 1_000_000, 100).meta({ description: 'How many top models (default 100).' }),
  group: choiceParam('group', GROUPINGS, 'country').meta({
    description: 'Group by country, org or family. Default country.',
  }),
  attribution: attribution('author'),
  at,
});
export type RankOptions = z.infer<typeof RankQuery>;

export const TrendQuery = z.object({
  by: choiceParam('by', TREND_METRICS, 'new-derivatives').meta({ description: 'Default new-derivatives.' }),
  group: choiceParam('group', GROUPINGS, 'country').meta({ description: 'Default country.' }),
  interval: choiceParam('interval', INTERVALS, 'month').meta({
    description: 'Default month (periods like 2025-06).',
  }),
  attribution: attribution('root'),
  at,
});
export type TrendOptions = z.infer<typeof TrendQuery>;

export const LineageQuery = z.object({
  depth: wholeNumberParam('depth', 0, 10, 1).meta({
    description: 'Tree levels, 0–10 (0: counts only). Default 1.',
  }),
  at,
});
export type LineageOptions = z.infer<typeof LineageQuery>;

/** Parses raw parameters (CLI flags) with a route's schema; the first problem becomes a BadRequestError. */
function parseWith<T extends z.ZodType>(schema: T, raw: Record<string, unknown>): z.infer<T> {
  const result = schema.safeParse(raw);
  if (!result.success)
    throw new BadRequestError('invalid_parameter', result.error.issues[0]?.message ?? 'invalid parameters');
  return result.data;
}

export const parseRankOptions = (raw: Record<string, unknown>): RankOptions => parseWith(RankQuery, raw);
export const parseTrendOptions = (raw: Record<string, unknown>): TrendOptions => parseWith(TrendQuery, raw);
export const parseLineageOptions = (raw: Record<string, unknown>): LineageOptions =>
  parseWith(LineageQuery, raw);
