import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { BadRequestError, OmoError } from '../../domain/errors.ts';
import { computeParams, DEFAULT_CONTEXT, MAX_CONTEXT, ParamReport } from '../../params/index.ts';
import { wholeNumber } from '../../store/list-query.ts';
import { ApiError } from '../errors.ts';

const MAX_BODY = 1024 * 1024;

export function paramsRoutes() {
  const app = new OpenAPIHono();
  app.openAPIRegistry.registerPath(
    createRoute({
      method: 'post',
      path: '/api/params',
      summary: 'Parameters, memory, KV cache and FLOPs from a Hugging Face config.json',
      request: {
        query: z.object({
          context: z.string().optional().meta({ description: 'Context length in tokens (default 8192)' }),
        }),
        body: {
          content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } },
          required: true,
        },
      },
      responses: {
        200: {
          description: 'The report; `total` excludes MTP modules',
          content: { 'application/json': { schema: ParamReport } },
        },
        400: {
          description: 'Body is not JSON or too large',
          content: { 'application/json': { schema: ApiError } },
        },
        422: {
          description: 'Unsupported architecture or impossible config',
          content: { 'application/json': { schema: ApiError } },
        },
      },
    }),
  );
  app.post('/api/params', async (c) => {
    const length = Number(c.req.header('content-length') ?? 0);
    if (length > MAX_BODY) throw new OmoError('payload_too_large', `config body over ${MAX_BODY} bytes`);
    const text = await c.req.text();
    if (text.length > MAX_BODY) throw new OmoError('payload_too_large', `config body over ${MAX_BODY} bytes`);
    let config: unknown;
    try {
      config = JSON.parse(text);
    } catch (e) {
      throw new BadRequestError('invalid_body', `body is not JSON: ${(e as Error).message}`);
    }
    if (!config || typeof config !== 'object' || Array.isArray(config)) {
      throw new BadRequestError('invalid_body', 'body must be a config.json object');
    }
    const context = wholeNumber('context', c.req.query('context') ?? String(DEFAULT_CONTEXT), 1, MAX_CONTEXT);
    return c.json(computeParams(config, { context }));
  });
  return app;
}
