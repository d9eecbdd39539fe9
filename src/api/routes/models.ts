import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { Model, ModelSummary } from '../../domain/model.ts';
import type { Deps } from '../../store/deps.ts';
import { modelListSpec } from '../../store/model-repo.ts';
import { listResponse, parseQuery } from '../list-response.ts';
import { errorResponses, listPageSchema, listQuerySchema } from '../openapi-list.ts';

export function modelRoutes(deps: Deps) {
  const app = new OpenAPIHono();
  app.openAPIRegistry.registerPath(
    createRoute({
      method: 'get',
      path: '/api/models',
      summary: 'List catalog models: filters, sort, cursor pagination, facets; json, csv or ndjson',
      request: { query: listQuerySchema(modelListSpec) },
      responses: {
        200: {
          description: 'A page of models',
          content: {
            'application/json': { schema: listPageSchema(ModelSummary) },
            'text/csv': { schema: z.string() },
            'application/x-ndjson': { schema: z.string() },
          },
        },
        400: errorResponses[400],
      },
    }),
  );
  app.get('/api/models', async (c) => {
    const query = parseQuery(c, modelListSpec);
    return listResponse(c, modelListSpec, query, await deps.models.list(query));
  });

  app.openAPIRegistry.registerPath(
    createRoute({
      method: 'get',
      path: '/api/models/{id}',
      summary: 'One model by id, alias, name or Hub repo (case-insensitive; the id keeps its slash)',
      request: { params: z.object({ id: z.string().meta({ example: 'deepseek-ai/DeepSeek-R1' }) }) },
      responses: {
        200: {
          description: 'The model with every fact and its source',
          content: { 'application/json': { schema: Model } },
        },
        404: errorResponses[404],
      },
    }),
  );
  app.get('/api/models/:id{.+}', async (c) => c.json(await deps.models.get(c.req.param('id'))));
  return app;
}
