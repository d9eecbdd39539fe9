import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { Organization } from '../../domain/organization.ts';
import type { Deps } from '../../store/deps.ts';
import { orgListSpec } from '../../store/org-repo.ts';
import { listResponse, parseQuery } from '../list-response.ts';
import { errorResponses, listPageSchema, listQuerySchema } from '../openapi-list.ts';

export function orgRoutes(deps: Deps) {
  const app = new OpenAPIHono();
  app.openAPIRegistry.registerPath(
    createRoute({
      method: 'get',
      path: '/api/orgs',
      summary: 'List organisations with the list grammar',
      request: { query: listQuerySchema(orgListSpec) },
      responses: {
        200: {
          description: 'A page of organisations',
          content: {
            'application/json': { schema: listPageSchema(Organization.omit({ sources: true, file: true })) },
          },
        },
        400: errorResponses[400],
      },
    }),
  );
  app.get('/api/orgs', async (c) => {
    const query = parseQuery(c, orgListSpec);
    return listResponse(c, orgListSpec, query, await deps.orgs.list(query));
  });

  app.openAPIRegistry.registerPath(
    createRoute({
      method: 'get',
      path: '/api/orgs/{id}',
      summary: 'One organisation by id or Hub account',
      request: { params: z.object({ id: z.string().meta({ example: 'deepseek' }) }) },
      responses: {
        200: { description: 'The organisation', content: { 'application/json': { schema: Organization } } },
        404: errorResponses[404],
      },
    }),
  );
  app.get('/api/orgs/:id', async (c) => c.json(await deps.orgs.get(c.req.param('id'))));
  return app;
}
