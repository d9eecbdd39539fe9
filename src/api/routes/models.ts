import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { NotFoundError } from '../../domain/errors.ts';
import { Model, ModelSummary } from '../../domain/model.ts';
import type { Deps } from '../../store/deps.ts';
import { hubAnswersFor } from '../../store/hub-answers.ts';
import { modelListSpec } from '../../store/model-repo.ts';
import { mountList } from '../list-response.ts';
import { errorResponses } from '../openapi-list.ts';
import { apiRouter, openapiWithSlashes } from '../router.ts';
import { readDeps } from '../snapshot-reads.ts';

/**
 * The model's lineage from the first of its Hub repos that the latest snapshot knows; null when none does. The
 * lineage comes from the Hub answers (src/store/hub-answers.ts): computed on a reader thread, once per snapshot, and
 * abandoned when the client goes away.
 */
async function modelHub(deps: Deps, name: string, signal: AbortSignal) {
  const model = await deps.models.get(name);
  const latest = await deps.hub.snapshotAt().catch((e: unknown) => {
    if (e instanceof NotFoundError) return null; // no snapshot yet
    throw e;
  });
  if (latest) {
    for (const repo of model.huggingFace) {
      try {
        const lineage = await hubAnswersFor(deps).lineage(repo, { depth: 2, at: latest.takenAt }, signal);
        if (lineage.inSnapshot || lineage.derivatives.total > 0)
          return { id: model.id, repos: model.huggingFace, snapshot: latest.takenAt, repo, lineage };
      } catch (e) {
        if (!(e instanceof NotFoundError)) throw e;
      }
    }
  }
  return {
    id: model.id,
    repos: model.huggingFace,
    snapshot: latest?.takenAt ?? null,
    repo: null,
    lineage: null,
  };
}

export function modelRoutes() {
  const app = apiRouter();
  mountList(app, {
    path: '/api/models',
    summary: 'List catalog models: filters, sort, cursor pagination, facets; json, csv or ndjson',
    description: 'A page of models',
    spec: modelListSpec,
    row: ModelSummary,
    list: (query, c) => readDeps(c).models.list(query),
  });

  const id = z.object({ id: z.string().meta({ example: 'deepseek-ai/DeepSeek-R1' }) });
  // Documented on its own; routed by `/api/models/{id}` below, since the id itself may end in `/hub`.
  app.openAPIRegistry.registerPath(
    createRoute({
      method: 'get',
      path: '/api/models/{id}/hub',
      summary:
        "A catalog model's derivatives in the latest Hub snapshot, through its Hub repos (lineage of the first repo found; null when no snapshot has it)",
      request: { params: id, query: z.strictObject({}) },
      responses: {
        200: {
          description: 'Always 200 for a catalog model; `lineage` is null without Hub data',
          content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } },
        },
        404: errorResponses[404],
      },
    }),
  );
  openapiWithSlashes(
    app,
    createRoute({
      method: 'get',
      path: '/api/models/{id}',
      summary: 'One model by id, alias, name or Hub repo (case-insensitive; the id keeps its slash)',
      request: { params: id, query: z.strictObject({}) },
      responses: {
        200: {
          description: 'The model with every fact and its source',
          content: { 'application/json': { schema: Model } },
        },
        404: errorResponses[404],
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const deps = readDeps(c);
      // `/api/models/<id>/hub` is the model's Hub view, unless `<id>/hub` is itself a model name.
      if (id.endsWith('/hub') && !(await deps.models.resolve(id)))
        return c.json(await modelHub(deps, id.slice(0, -'/hub'.length), c.req.raw.signal), 200);
      return c.json(await deps.models.get(id), 200);
    },
  );
  return app;
}
