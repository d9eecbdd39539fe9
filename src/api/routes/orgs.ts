import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { Organization } from '../../domain/organization.ts';
import { orgListSpec } from '../../store/org-repo.ts';
import { mountList } from '../list-response.ts';
import { errorResponses } from '../openapi-list.ts';
import { apiRouter } from '../router.ts';
import { readDeps } from '../snapshot-reads.ts';

export function orgRoutes() {
  const app = apiRouter();
  mountList(app, {
    path: '/api/orgs',
    summary: 'List organisations with the list grammar',
    description: 'A page of organisations',
    spec: orgListSpec,
    row: Organization.omit({ sources: true, file: true }),
    list: (query, c) => readDeps(c).orgs.list(query),
  });

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/orgs/{id}',
      summary:
        'One organisation by id, name, native-script name, alias or Hub account (any case; a 404 lists the closest)',
      request: {
        params: z.object({ id: z.string().meta({ example: 'deepseek' }) }),
        query: z.strictObject({}),
      },
      responses: {
        200: { description: 'The organisation', content: { 'application/json': { schema: Organization } } },
        404: errorResponses[404],
      },
    }),
    async (c) => c.json(await readDeps(c).orgs.get(c.req.valid('param').id), 200),
  );
  return app;
}
