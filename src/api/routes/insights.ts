import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { compareModels, MAX_COMPARE } from '../../analysis/compare-models.ts';
import { BadRequestError } from '../../domain/errors.ts';
import { benchmarkFrontier, FRONTIER_AXES } from '../../store/benchmark-frontier.ts';
import type { Deps } from '../../store/deps.ts';
import { oneOf, singleParam } from '../../store/list-query.ts';
import { modelListSpec, parseModelFilters } from '../../store/model-repo.ts';
import {
  TIMELINE_GROUP_NAMES,
  TIMELINE_INTERVALS,
  type TimelineGroup,
  type TimelineInterval,
} from '../../store/stats-repo.ts';
import { queryPairs } from '../list-response.ts';
import { errorResponses, filterQuerySchema } from '../openapi-list.ts';

// Analyses the dashboard draws, each also a plain JSON endpoint: releases over time, model comparisons, and
// benchmark-versus-size frontiers.

const modelFilters = filterQuerySchema(modelListSpec);

export function insightRoutes(deps: Deps) {
  const app = new OpenAPIHono();

  app.openAPIRegistry.registerPath(
    createRoute({
      method: 'get',
      path: '/api/timeline',
      summary:
        'Releases per month or year, grouped by country, organisation, licence class, architecture or weights status',
      request: {
        query: modelFilters.extend({
          interval: z.enum(TIMELINE_INTERVALS).optional().meta({ description: 'month (default) or year' }),
          group: z
            .enum(TIMELINE_GROUP_NAMES as [TimelineGroup, ...TimelineGroup[]])
            .optional()
            .meta({ description: 'default country' }),
        }),
      },
      responses: {
        200: {
          description:
            '`rows` of { period, group, count }; `undated` counts models without a date at that precision',
          content: {
            'application/json': {
              schema: z.object({
                interval: z.string(),
                group: z.string(),
                rows: z.array(
                  z.object({ period: z.string(), group: z.string().nullable(), count: z.number() }),
                ),
                undated: z.number(),
              }),
            },
          },
        },
        400: errorResponses[400],
      },
    }),
  );
  app.get('/api/timeline', async (c) => {
    const pairs = queryPairs(c);
    const interval: TimelineInterval = oneOf(
      '"interval"',
      singleParam(pairs, 'interval'),
      TIMELINE_INTERVALS,
      'month',
    );
    const group: TimelineGroup = oneOf(
      '"group"',
      singleParam(pairs, 'group'),
      TIMELINE_GROUP_NAMES,
      'country',
    );
    const { filters } = parseModelFilters(pairs, ['interval', 'group']);
    return c.json(await deps.stats.timeline(filters, interval, group));
  });

  app.openAPIRegistry.registerPath(
    createRoute({
      method: 'get',
      path: '/api/compare',
      summary:
        'Two or more models side by side: parameter ratios against the first, memory per precision, benchmark deltas',
      request: {
        query: z.object({
          ids: z.string().meta({
            description: `Comma-separated ids or aliases, 2–${MAX_COMPARE}`,
            example: 'Qwen/QwQ-32B,deepseek-ai/DeepSeek-R1',
          }),
        }),
      },
      responses: {
        200: {
          description: 'The comparison',
          content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } },
        },
        400: errorResponses[400],
        404: errorResponses[404],
      },
    }),
  );
  app.get('/api/compare', async (c) => {
    const pairs = queryPairs(c);
    for (const [k] of pairs)
      if (k !== 'ids')
        throw new BadRequestError('unknown_parameter', `unknown parameter "${k}"; compare takes ids`);
    const ids = (singleParam(pairs, 'ids') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    if (ids.length < 2 || ids.length > MAX_COMPARE) {
      throw new BadRequestError(
        'invalid_parameter',
        `"ids" takes 2 to ${MAX_COMPARE} comma-separated model ids; got ${ids.length}`,
      );
    }
    const models = await Promise.all(ids.map((id) => deps.models.get(id)));
    return c.json(compareModels(models));
  });

  app.openAPIRegistry.registerPath(
    createRoute({
      method: 'get',
      path: '/api/benchmarks',
      summary: 'Benchmarks with results in the catalog, and how many models report each',
      responses: {
        200: {
          description: 'Most reported first',
          content: {
            'application/json': {
              schema: z.object({
                rows: z.array(z.object({ benchmark: z.string(), metric: z.string(), models: z.number() })),
              }),
            },
          },
        },
      },
    }),
  );
  app.get('/api/benchmarks', async (c) => c.json({ rows: await deps.benchmarks.list() }));

  app.openAPIRegistry.registerPath(
    createRoute({
      method: 'get',
      path: '/api/frontier',
      summary:
        'A benchmark score against total or active parameters, with the Pareto frontier (fewer parameters, higher score)',
      request: {
        query: modelFilters.extend({
          benchmark: z.string().meta({ example: 'AIME 2024' }),
          metric: z.string().optional().meta({ description: 'Only results with this metric' }),
          x: z
            .enum(['active', 'total'])
            .optional()
            .meta({ description: 'Parameters on the x axis (default active)' }),
        }),
      },
      responses: {
        200: {
          description: 'Points and the frontier',
          content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } },
        },
        400: errorResponses[400],
      },
    }),
  );
  app.get('/api/frontier', async (c) => {
    const pairs = queryPairs(c);
    const typed = singleParam(pairs, 'benchmark');
    if (!typed)
      throw new BadRequestError(
        'invalid_parameter',
        '"benchmark" is required, e.g. benchmark=AIME 2024 (see /api/benchmarks)',
      );
    const x = oneOf('"x"', singleParam(pairs, 'x'), FRONTIER_AXES, 'active');
    const { filters } = parseModelFilters(pairs, ['benchmark', 'metric', 'x']);
    const metric = singleParam(pairs, 'metric') ?? null;
    return c.json(await benchmarkFrontier(deps.benchmarks, { benchmark: typed, metric, x, filters }));
  });

  return app;
}
