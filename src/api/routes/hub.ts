import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { ATTRIBUTIONS, GROUPINGS, RANK_METRICS } from '../../analysis/rank.ts';
import { INTERVALS, TREND_METRICS } from '../../analysis/trend.ts';
import type { Deps } from '../../store/deps.ts';
import { parseLineageOptions, parseRankOptions, parseTrendOptions } from '../../store/hub-query.ts';
import { errorResponses } from '../openapi-list.ts';

const at = z.string().optional().meta({
  description:
    'Answer from the latest snapshot taken at or before this date (YYYY, YYYY-MM, YYYY-MM-DD or ISO time).',
});
const attribution = (fallback: string) =>
  z
    .enum(ATTRIBUTIONS)
    .optional()
    .meta({
      description: `author: a model counts for its own Hub account; root: for its root base model's. Default ${fallback}.`,
    });

const RankGroup = z.object({
  group: z
    .string()
    .nullable()
    .meta({ description: 'Country code, organisation id or family; null: unattributed' }),
  count: z.number().int(),
  share: z.number().meta({ description: 'count / number of ranked models' }),
});
const TrendPoint = z.object({ period: z.string(), group: z.string().nullable(), count: z.number().int() });
const DerivativeCounts = z.object({
  total: z.number().int(),
  finetune: z.number().int(),
  adapter: z.number().int(),
  quantized: z.number().int(),
  merge: z.number().int(),
});
// One level written out; deeper levels have the same shape (a recursive schema would not fit the generator).
const LineageNode = z.object({
  id: z.string(),
  relation: z.string().nullable(),
  derivatives: z.number().int(),
  downloads: z.number().int(),
  children: z.array(z.unknown()).meta({ description: 'Nodes of this same shape, most downloaded first' }),
});
const LineageAnswer = z.object({
  id: z.string(),
  snapshot: z.string(),
  inSnapshot: z.boolean(),
  relation: z.string().nullable(),
  parents: z.array(z.object({ id: z.string(), relation: z.string() })),
  root: z.string(),
  depth: z.number().int(),
  derivatives: DerivativeCounts,
  maxDepth: z.number().int(),
  tree: LineageNode.nullable(),
  truncated: z.boolean(),
});
const Snapshot = z.object({
  id: z.number().int(),
  takenAt: z.string(),
  source: z.string(),
  models: z.number().int(),
  edges: z.number().int(),
  skipped: z.number().int(),
  issues: z.record(z.string(), z.unknown()),
  ingestedAt: z.string(),
});

/** Hub questions over ingested snapshots: rank, trend, lineage, and the snapshots themselves. */
export function hubRoutes(deps: Deps) {
  const app = new OpenAPIHono();
  app.openAPIRegistry.registerPath(
    createRoute({
      method: 'get',
      path: '/api/rank',
      summary: 'Which groups the top Hub models belong to: [{group, count, share}]',
      request: {
        query: z.object({
          by: z.enum(RANK_METRICS).optional().meta({ description: 'Ranking metric. Default downloads.' }),
          top: z.string().optional().meta({ description: 'How many top models (default 100).' }),
          group: z
            .enum(GROUPINGS)
            .optional()
            .meta({ description: 'Group by country, org or family. Default country.' }),
          attribution: attribution('author'),
          at,
        }),
      },
      responses: {
        200: {
          description: 'Groups, largest first',
          content: { 'application/json': { schema: z.array(RankGroup) } },
        },
        400: errorResponses[400],
        404: errorResponses[404],
      },
    }),
  );
  app.get('/api/rank', async (c) => c.json(await deps.hub.rank(parseRankOptions(c.req.query()))));

  app.openAPIRegistry.registerPath(
    createRoute({
      method: 'get',
      path: '/api/trend',
      summary: 'New Hub derivatives (or models) per period of createdAt and group: [{period, group, count}]',
      request: {
        query: z.object({
          by: z.enum(TREND_METRICS).optional().meta({ description: 'Default new-derivatives.' }),
          group: z.enum(GROUPINGS).optional().meta({ description: 'Default country.' }),
          interval: z
            .enum(INTERVALS)
            .optional()
            .meta({ description: 'Default month (periods like 2025-06).' }),
          attribution: attribution('root'),
          at,
        }),
      },
      responses: {
        200: {
          description: 'Points by period, then largest group',
          content: { 'application/json': { schema: z.array(TrendPoint) } },
        },
        400: errorResponses[400],
        404: errorResponses[404],
      },
    }),
  );
  app.get('/api/trend', async (c) => c.json(await deps.hub.trend(parseTrendOptions(c.req.query()))));

  app.openAPIRegistry.registerPath(
    createRoute({
      method: 'get',
      path: '/api/lineage/{id}',
      summary: "A Hub model's derivative counts by relation, depth and tree (the id keeps its slash)",
      request: {
        params: z.object({ id: z.string().meta({ example: 'Qwen/Qwen2.5-7B' }) }),
        query: z.object({
          depth: z
            .string()
            .optional()
            .meta({ description: 'Tree levels, 0–10 (0: counts only). Default 1.' }),
          at,
        }),
      },
      responses: {
        200: { description: 'The lineage', content: { 'application/json': { schema: LineageAnswer } } },
        400: errorResponses[400],
        404: errorResponses[404],
      },
    }),
  );
  app.get('/api/lineage/:id{.+}', async (c) =>
    c.json(await deps.hub.lineage(c.req.param('id'), parseLineageOptions(c.req.query()))),
  );

  app.openAPIRegistry.registerPath(
    createRoute({
      method: 'get',
      path: '/api/hub/snapshots',
      summary: 'The ingested Hub snapshots, oldest first, with the lineage problems found in each',
      responses: {
        200: { description: 'Snapshots', content: { 'application/json': { schema: z.array(Snapshot) } } },
      },
    }),
  );
  app.get('/api/hub/snapshots', async (c) => c.json(await deps.hub.snapshots()));
  return app;
}
