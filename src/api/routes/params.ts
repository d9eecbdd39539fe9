import { createRoute } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { OmoError } from '../../domain/errors.ts';
import { wholeNumberParam } from '../../domain/param-schemas.ts';
import { computeParams, DEFAULT_CONTEXT, MAX_CONTEXT, ParamReport } from '../../params/index.ts';
import { ApiError } from '../errors.ts';
import { apiRouter } from '../router.ts';

const MAX_BODY = 1024 * 1024;

export function paramsRoutes() {
  const app = apiRouter();
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/params',
      summary: 'Parameters, memory, KV cache and FLOPs from a Hugging Face config.json',
      // Before the body is read: a body over the limit is refused whether or not it declares its length.
      middleware: [
        bodyLimit({
          maxSize: MAX_BODY,
          onError: () => {
            throw new OmoError('payload_too_large', `config body over ${MAX_BODY} bytes`);
          },
        }),
      ] as const,
      request: {
        query: z.strictObject({
          context: wholeNumberParam('context', 1, MAX_CONTEXT, DEFAULT_CONTEXT).meta({
            description: `Context length in tokens (default ${DEFAULT_CONTEXT})`,
          }),
        }),
        body: {
          content: {
            'application/json': {
              schema: z.record(z.string(), z.unknown(), { error: 'body must be a config.json object' }),
            },
          },
          required: true,
        },
      },
      responses: {
        200: {
          description: 'The report; `total` excludes MTP modules',
          content: { 'application/json': { schema: ParamReport } },
        },
        400: {
          description: 'Body is not a JSON object',
          content: { 'application/json': { schema: ApiError } },
        },
        413: { description: 'Body over 1 MiB', content: { 'application/json': { schema: ApiError } } },
        415: { description: 'Body is not JSON', content: { 'application/json': { schema: ApiError } } },
        422: {
          description: 'Unsupported architecture or impossible config',
          content: { 'application/json': { schema: ApiError } },
        },
      },
    }),
    (c) => {
      const { context } = c.req.valid('query');
      return c.json(computeParams(c.req.valid('json'), { context }), 200);
    },
  );
  return app;
}
