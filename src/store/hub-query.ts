import { z } from 'zod';
import { ATTRIBUTIONS, GROUPINGS, RANK_METRICS } from '../analysis/rank.ts';
import { INTERVALS, TREND_METRICS } from '../analysis/trend.ts';
import { BadRequestError } from '../domain/errors.ts';
import { choiceParam, textParam, wholeNumberParam } from '../domain/param-schemas.ts';
import { parseAt } from './hub-repo.ts';
import { HUB_TOP_SIZE } from './hub-tables.ts';

// The hub questions' parameters as zod schemas: the API routes validate query strings with them (and document
// them in OpenAPI from them), the CLI parses its flags with them. Every mistake names the parameter as the user
// gave it: the query parameter to the API, the flag to the CLI.

/** How a parameter is named in messages: as the API's query parameter (`top`) or as the CLI's flag (`--top`). */
type Label = (param: string) => string;
const asParam: Label = (name) => name;
const asFlag: Label = (name) => `--${name}`;

/**
 * The most models a ranking takes: the prefix every snapshot keeps ranked (hub_top), so an answer reads at most that
 * many rows from an index and has at most that many groups. A larger `top` scanned and sorted the whole snapshot
 * (12–18 s for a million models) for shares that no longer move.
 */
export const MAX_TOP = HUB_TOP_SIZE;
/** The most groups a trend keeps apart (the others are summed per period into OTHER_GROUP), and the default. */
export const MAX_TREND_GROUPS = 1000;
const TREND_GROUPS = 50;

const at = (label: Label) =>
  textParam(label('at'), { check: (value) => void parseAt(value, label('at')) }).meta({
    description:
      'Answer from the latest snapshot taken at or before this date (YYYY, YYYY-MM, YYYY-MM-DD or ISO time).',
  });
const attribution = (label: Label, fallback: (typeof ATTRIBUTIONS)[number]) =>
  choiceParam(label('attribution'), ATTRIBUTIONS, fallback).meta({
    description: `author: a model counts for its own Hub account; root: for its root base model's. Default ${fallback}.`,
  });

const rankQuery = (label: Label) =>
  z.object({
    by: choiceParam(label('by'), RANK_METRICS, 'downloads').meta({
      description: 'Ranking metric. Default downloads.',
    }),
    top: wholeNumberParam(label('top'), 1, MAX_TOP, 100).meta({
      description: `How many top models, 1–${MAX_TOP.toLocaleString('en-US')} (default 100).`,
    }),
    group: choiceParam(label('group'), GROUPINGS, 'country').meta({
      description: 'Group by country, org or family. Default country.',
    }),
    attribution: attribution(label, 'author'),
    at: at(label),
  });
export const RankQuery = rankQuery(asParam);
export type RankOptions = z.infer<typeof RankQuery>;

const trendQuery = (label: Label) =>
  z.object({
    by: choiceParam(label('by'), TREND_METRICS, 'new-derivatives').meta({
      description: 'Default new-derivatives.',
    }),
    group: choiceParam(label('group'), GROUPINGS, 'country').meta({ description: 'Default country.' }),
    interval: choiceParam(label('interval'), INTERVALS, 'month').meta({
      description: 'Default month (periods like 2025-06).',
    }),
    attribution: attribution(label, 'root'),
    groups: wholeNumberParam(label('groups'), 1, MAX_TREND_GROUPS, TREND_GROUPS).meta({
      description: `How many groups keep their own points, 1–${MAX_TREND_GROUPS} (default ${TREND_GROUPS}): those with the most models over all periods; the rest are summed per period into one "(other)" point.`,
    }),
    at: at(label),
  });
export const TrendQuery = trendQuery(asParam);
export type TrendOptions = z.infer<typeof TrendQuery>;

const lineageQuery = (label: Label) =>
  z.object({
    depth: wholeNumberParam(label('depth'), 0, 10, 1).meta({
      description: 'Tree levels, 0–10 (0: counts only). Default 1.',
    }),
    at: at(label),
  });
export const LineageQuery = lineageQuery(asParam);
export type LineageOptions = z.infer<typeof LineageQuery>;

// The same schemas with the CLI's labels, so that a mistake names the flag the user typed.
const RankFlags = rankQuery(asFlag);
const TrendFlags = trendQuery(asFlag);
const LineageFlags = lineageQuery(asFlag);

/** Parses raw CLI flags with a route's schema; the first problem becomes a BadRequestError. */
function parseWith<T extends z.ZodType>(schema: T, raw: Record<string, unknown>): z.infer<T> {
  const result = schema.safeParse(raw);
  if (!result.success)
    throw new BadRequestError('invalid_parameter', result.error.issues[0]?.message ?? 'invalid parameters');
  return result.data;
}

export const parseRankOptions = (raw: Record<string, unknown>): RankOptions => parseWith(RankFlags, raw);
export const parseTrendOptions = (raw: Record<string, unknown>): TrendOptions => parseWith(TrendFlags, raw);
export const parseLineageOptions = (raw: Record<string, unknown>): LineageOptions =>
  parseWith(LineageFlags, raw);
