import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { errorResponses } from '../openapi-list.ts';
import { apiRouter } from '../router.ts';
import { readDeps } from '../snapshot-reads.ts';
import { formatParam, tableContent, tableResponse } from '../table-response.ts';

const LicenseRow = z.object({
  id: z.string(),
  name: z.string(),
  class: z
    .string()
    .meta({ description: 'open-source, open-weights-restricted, non-commercial or no-weights' }),
  spdx: z.boolean().meta({ description: 'An SPDX identifier rather than a named custom licence' }),
  url: z.string().nullable(),
  models: z.number().int().meta({ description: 'Catalog models under the licence (datasets not counted)' }),
});

const licensesRoute = createRoute({
  method: 'get',
  path: '/api/licenses',
  summary:
    'Licences in the catalog with their class and number of models, most used first (what `omo licenses` lists)',
  request: { query: z.strictObject({ format: formatParam }) },
  responses: {
    200: { description: 'Most used first', content: tableContent(z.object({ rows: z.array(LicenseRow) })) },
    400: errorResponses[400],
  },
});

export function licenseRoutes() {
  const app = apiRouter();
  app.openapi(licensesRoute, async (c) => {
    const rows = await readDeps(c).licenses.list();
    return tableResponse(c, c.req.valid('query').format, rows, { rows });
  });
  return app;
}
