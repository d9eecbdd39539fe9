import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { choiceParam } from '../../domain/param-schemas.ts';
import { modelListSpec, parseModelFilters } from '../../store/model-repo.ts';
import { queryPairs, repeatable } from '../list-response.ts';
import { errorResponses, filterQuerySchema } from '../openapi-list.ts';
import { apiRouter } from '../router.ts';
import { readDeps } from '../snapshot-reads.ts';
import { formatParam, tableContent, tableResponse } from '../table-response.ts';

const Count = z.object({
  value: z.union([z.string(), z.number()]).nullable(),
  count: z.number(),
  share: z.number(),
});

const CatalogStatsSchema = z.object({
  asOf: z.object({
    catalogLoadedAt: z.string().nullable(),
    catalogHash: z.string().nullable(),
    latestRelease: z.string().nullable().describe('The newest release among the models matched'),
    catalogReaches: z
      .string()
      .nullable()
      .describe('The newest release the whole catalog records: the date it reaches'),
    factsRead: z
      .object({
        oldest: z.string().nullable(),
        newest: z.string().nullable(),
        sources: z.number(),
        undated: z.number(),
      })
      .nullable()
      .describe(
        "When the catalog's facts were last read: the oldest and newest `accessed` date of its sources",
      ),
  }),
  filters: z.record(z.string(), z.array(z.string())),
  totals: z.object({
    models: z.number(),
    organizations: z.number(),
    countries: z.number(),
    openWeights: z.number(),
    withParameters: z.number(),
  }),
  byCountry: z.array(
    Count.extend({ organizations: z.number(), openWeights: z.number(), paramsTotal: z.number() }),
  ),
  byOrganization: z.array(Count.extend({ name: z.string(), country: z.string(), paramsTotal: z.number() })),
  byOrganizationKind: z.array(Count),
  byModality: z.object({ input: z.array(Count), output: z.array(Count) }),
  byTask: z.array(Count),
  byLicenseClass: z.array(Count),
  byWeights: z.array(Count),
  byArchitecture: z.array(Count),
  byYear: z.array(Count),
});

/** The tables of the stats answer that csv and ndjson write, one at a time. */
const STATS_TABLES = [
  'byCountry',
  'byOrganization',
  'byOrganizationKind',
  'byModalityInput',
  'byModalityOutput',
  'byTask',
  'byLicenseClass',
  'byWeights',
  'byArchitecture',
  'byYear',
] as const;
type StatsTable = (typeof STATS_TABLES)[number];

function statsTable(stats: z.infer<typeof CatalogStatsSchema>, table: StatsTable): unknown[] {
  if (table === 'byModalityInput') return stats.byModality.input;
  if (table === 'byModalityOutput') return stats.byModality.output;
  return stats[table];
}

const statsQuery = z.object({
  format: formatParam,
  table: choiceParam('"table"', STATS_TABLES, 'byCountry').meta({
    description: `The table that csv and ndjson write: ${STATS_TABLES.join(', ')} (default byCountry).`,
  }),
});

export function statsRoutes() {
  const app = apiRouter();
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/stats',
      summary:
        'Catalog counts by country, organisation, organisation kind, modality, task, licence class, weights status, architecture and year; takes the model filters (default kind=model)',
      request: { query: repeatable(filterQuerySchema(modelListSpec)).extend(statsQuery.shape) },
      responses: {
        200: { description: 'Counts and shares', content: tableContent(CatalogStatsSchema) },
        400: errorResponses[400],
      },
    }),
    async (c) => {
      const { format, table } = c.req.valid('query') as z.infer<typeof statsQuery>;
      const { filters, given } = parseModelFilters(queryPairs(c), ['format', 'table']);
      const stats = await readDeps(c).stats.get(filters, given);
      return tableResponse(c, format, statsTable(stats, table), stats);
    },
  );
  return app;
}
