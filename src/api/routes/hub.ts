import path from 'node:path';
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { type HubListingLabel, readHubListingLabel } from '../../boards/hub-listing.ts';
import type { Deps } from '../../store/deps.ts';
import { hubAnswersFor } from '../../store/hub-answers.ts';
import { LineageQuery, RankQuery, TrendQuery } from '../../store/hub-query.ts';
import { errorResponses } from '../openapi-list.ts';
import { apiRouter, openapiWithSlashes, withoutDirectory } from '../router.ts';
import { formatParam, tableContent, tableResponse } from '../table-response.ts';

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
  listing: z
    .object({
      date: z.string().meta({ description: 'The day the counts were read' }),
      title: z.string(),
      url: z.string(),
      coverage: z.string().meta({ description: 'What the listing covers, in words' }),
      partial: z.boolean().meta({ description: 'True when the listing is not the whole Hub' }),
      downloads: z.string().nullable().meta({ description: 'What the download counts are' }),
    })
    .nullable()
    .meta({
      description:
        'The label of the bundled Hub listing (boards/hub-listing) when the snapshot was ingested from it; null otherwise',
    }),
});

const labelOf = ({ file: _file, ...label }: HubListingLabel) => label;

/** GET /api/hub/snapshots: the snapshots, each with the bundled listing's label when it was ingested from it. */
const snapshotsRoute = createRoute({
  method: 'get',
  path: '/api/hub/snapshots',
  summary: 'The ingested Hub snapshots, oldest first, with the lineage problems found in each',
  request: { query: z.strictObject({ format: formatParam }) },
  responses: {
    200: { description: 'Snapshots', content: tableContent(z.array(Snapshot)) },
    400: errorResponses[400],
  },
});

/**
 * Hub questions over ingested snapshots: rank, trend, lineage (computed off this thread, once per snapshot and catalog
 * version; a client that goes away cancels its share), and the snapshots themselves.
 */
export function hubRoutes(deps: Deps) {
  const app = apiRouter();
  // Made on the first Hub question: an app that is never asked one starts no reader threads.
  const answers = () => hubAnswersFor(deps);
  // Read on first use: the bundled listing's label does not change while the server runs.
  let listing: HubListingLabel | null | undefined;
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/rank',
      summary: 'Which groups the top Hub models belong to: [{group, count, share}]',
      request: { query: z.strictObject({ ...RankQuery.shape, format: formatParam }) },
      responses: {
        200: { description: 'Groups, largest first', content: tableContent(z.array(RankGroup)) },
        400: errorResponses[400],
        404: errorResponses[404],
      },
    }),
    async (c) => {
      const { format, ...opts } = c.req.valid('query');
      return tableResponse(c, format, await answers().rank(opts, c.req.raw.signal));
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/trend',
      summary: 'New Hub derivatives (or models) per period of createdAt and group: [{period, group, count}]',
      request: { query: z.strictObject({ ...TrendQuery.shape, format: formatParam }) },
      responses: {
        200: {
          description: 'Points by period, then largest group',
          content: tableContent(z.array(TrendPoint)),
        },
        400: errorResponses[400],
        404: errorResponses[404],
      },
    }),
    async (c) => {
      const { format, ...opts } = c.req.valid('query');
      return tableResponse(c, format, await answers().trend(opts, c.req.raw.signal));
    },
  );

  openapiWithSlashes(
    app,
    createRoute({
      method: 'get',
      path: '/api/lineage/{id}',
      summary: "A Hub model's derivative counts by relation, depth and tree (the id keeps its slash)",
      request: {
        params: z.object({ id: z.string().meta({ example: 'Qwen/Qwen2.5-7B' }) }),
        query: z.strictObject(LineageQuery.shape),
      },
      responses: {
        200: { description: 'The lineage', content: { 'application/json': { schema: LineageAnswer } } },
        400: errorResponses[400],
        404: errorResponses[404],
      },
    }),
    async (c) =>
      c.json(await answers().lineage(c.req.valid('param').id, c.req.valid('query'), c.req.raw.signal), 200),
  );

  app.openapi(snapshotsRoute, async (c) => {
    if (listing === undefined) listing = readHubListingLabel(deps.boardsDir);
    const shown = (await deps.hub.snapshots()).map((s) => ({
      ...s,
      source: withoutDirectory(s.source),
      listing: listing && path.basename(s.source) === listing.file ? labelOf(listing) : null,
    }));
    return tableResponse(c, c.req.valid('query').format, shown);
  });
  return app;
}
