import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import type { Deps } from '../../store/deps.ts';
import { modelListSpec, parseModelFilters } from '../../store/model-repo.ts';
import { queryPairs } from '../list-response.ts';
import { errorResponses, filterQuerySchema } from '../openapi-list.ts';

const Count = z.object({
  value: z.union([z.string(), z.number()]).nullable(),
  count: z.number(),
  share: z.number(),
});

export const CatalogStatsSchema = z.object({
  asOf: z.object({
    catalogLoadedAt: z.string().nullable(),
    catalogHash: z.string().nullable(),
    latestRelease: z.string().nullable(),
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

export function statsRoutes(deps: Deps) {
  const app = new OpenAPIHono();
  const filters = filterQuerySchema(modelListSpec);
  app.openAPIRegistry.registerPath(
    createRoute({
      method: 'get',
      path: '/api/stats',
      summary:
        'Catalog counts by country, organisation, organisation kind, modality, task, licence class, weights status, architecture and year; takes the model filters (default kind=model)',
      request: { query: filters },
      responses: {
        200: {
          description: 'Counts and shares',
          content: { 'application/json': { schema: CatalogStatsSchema } },
        },
        400: errorResponses[400],
      },
    }),
  );
  app.get('/api/stats', async (c) => {
    const { filters, given } = parseModelFilters(queryPairs(c));
    return c.json(await deps.stats.get(filters, given));
  });
  return app;
}
