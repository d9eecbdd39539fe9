import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { compareModels, MAX_COMPARE } from '../../analysis/compare-models.ts';
import { choiceParam, textParam } from '../../domain/param-schemas.ts';
import { benchmarkFrontier, FRONTIER_AXES } from '../../store/benchmark-frontier.ts';
import { modelListSpec, parseModelFilters } from '../../store/model-repo.ts';
import { TIMELINE_GROUP_NAMES, TIMELINE_INTERVALS, type TimelineGroup } from '../../store/stats-repo.ts';
import { queryPairs, repeatable } from '../list-response.ts';
import { errorResponses, filterQuerySchema } from '../openapi-list.ts';
import { apiRouter } from '../router.ts';
import { readDeps } from '../snapshot-reads.ts';
import { formatParam, tableContent, tableResponse } from '../table-response.ts';

// Analyses the dashboard draws, each also a plain JSON endpoint: releases over time, model comparisons, and
// benchmark-versus-size frontiers.

const modelFilters = repeatable(filterQuerySchema(modelListSpec));
const MAX_COMPARE_TEXT = `2 to ${MAX_COMPARE} comma-separated model ids`;
const splitIds = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
const COMPARE_TABLES = ['parameters', 'memory', 'benchmarks', 'models'] as const;

// The routes' own parameters; the model filters (open-ended: `params_total__gte`…) are read by the list grammar.
const timelineQuery = z.object({
  interval: choiceParam('"interval"', TIMELINE_INTERVALS, 'month').meta({
    description: 'month (default) or year',
  }),
  group: choiceParam('"group"', TIMELINE_GROUP_NAMES as [TimelineGroup, ...TimelineGroup[]], 'country').meta({
    description: 'default country',
  }),
  format: formatParam,
});
const frontierQuery = z.object({
  benchmark: textParam('"benchmark"', {
    required: '"benchmark" is required, e.g. benchmark=AIME 2024 (see /api/benchmarks)',
  }).meta({ example: 'AIME 2024' }),
  metric: textParam('"metric"').meta({ description: 'Only results with this metric' }),
  x: choiceParam('"x"', FRONTIER_AXES, 'active').meta({
    description: 'Parameters on the x axis (default active)',
  }),
  format: formatParam,
});

const timelineRoute = createRoute({
  method: 'get',
  path: '/api/timeline',
  summary:
    'Releases per month or year, grouped by country, organisation, licence class, architecture or weights status',
  request: {
    query: modelFilters.extend(timelineQuery.shape),
  },
  responses: {
    200: {
      description:
        '`rows` of { period, group, count }; `undated` counts models without a date at that precision',
      content: tableContent(
        z.object({
          interval: z.string(),
          group: z.string(),
          rows: z.array(z.object({ period: z.string(), group: z.string().nullable(), count: z.number() })),
          undated: z.number(),
        }),
      ),
    },
    400: errorResponses[400],
  },
});

const compareRoute = createRoute({
  method: 'get',
  path: '/api/compare',
  summary:
    'Two or more models side by side: parameter ratios against the first, memory per precision, benchmark deltas',
  request: {
    query: z.strictObject({
      ids: textParam('"ids"', {
        required: `"ids" is required: ${MAX_COMPARE_TEXT}`,
        check: (text) => {
          const n = splitIds(text).length;
          if (n < 2 || n > MAX_COMPARE) throw new Error(`"ids" takes ${MAX_COMPARE_TEXT}; got ${n}`);
        },
      }).meta({
        description: `Comma-separated ids or aliases, 2–${MAX_COMPARE}`,
        example: 'Qwen/QwQ-32B,deepseek-ai/DeepSeek-R1',
      }),
      format: formatParam,
      table: choiceParam('"table"', COMPARE_TABLES, 'parameters').meta({
        description: `The table that csv and ndjson write: ${COMPARE_TABLES.join(', ')} (default parameters).`,
      }),
    }),
  },
  responses: {
    200: { description: 'The comparison', content: tableContent(z.record(z.string(), z.unknown())) },
    400: errorResponses[400],
    404: errorResponses[404],
  },
});

const benchmarksRoute = createRoute({
  method: 'get',
  path: '/api/benchmarks',
  summary: 'Benchmarks with results in the catalog, and how many models report each',
  request: { query: z.strictObject({ format: formatParam }) },
  responses: {
    200: {
      description: 'Most reported first',
      content: tableContent(
        z.object({
          rows: z.array(z.object({ benchmark: z.string(), metric: z.string(), models: z.number() })),
        }),
      ),
    },
    400: errorResponses[400],
  },
});

const frontierRoute = createRoute({
  method: 'get',
  path: '/api/frontier',
  summary:
    'A benchmark score against total or active parameters, with the Pareto frontier (fewer parameters, higher score)',
  request: {
    query: modelFilters.extend(frontierQuery.shape),
  },
  responses: {
    200: {
      description: 'Points and the frontier',
      content: tableContent(z.record(z.string(), z.unknown())),
    },
    400: errorResponses[400],
  },
});

export function insightRoutes() {
  const app = apiRouter();

  app.openapi(timelineRoute, async (c) => {
    const { interval, group, format } = c.req.valid('query') as z.infer<typeof timelineQuery>;
    const { filters } = parseModelFilters(queryPairs(c), ['interval', 'group', 'format']);
    const timeline = await readDeps(c).stats.timeline(filters, interval, group);
    return tableResponse(c, format, timeline.rows, timeline);
  });

  app.openapi(compareRoute, async (c) => {
    const { ids, format, table } = c.req.valid('query');
    const models = await Promise.all(splitIds(ids ?? '').map((id) => readDeps(c).models.get(id)));
    const comparison = compareModels(models);
    return tableResponse(c, format, comparison[table], comparison);
  });

  app.openapi(benchmarksRoute, async (c) => {
    const rows = await readDeps(c).benchmarks.list();
    return tableResponse(c, c.req.valid('query').format, rows, { rows });
  });

  app.openapi(frontierRoute, async (c) => {
    const {
      benchmark = '',
      metric: asked,
      x,
      format,
    } = c.req.valid('query') as z.infer<typeof frontierQuery>;
    const { filters } = parseModelFilters(queryPairs(c), ['benchmark', 'metric', 'x', 'format']);
    const answer = await benchmarkFrontier(readDeps(c).benchmarks, {
      benchmark,
      metric: asked ?? null,
      x,
      filters,
    });
    return tableResponse(c, format, answer.points, answer);
  });

  return app;
}
