import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import { BadRequestError, OmoError } from '../domain/errors.ts';

/** The one error shape every API error has. */
export const ApiError = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});
export type ApiError = z.infer<typeof ApiError>;

/** The only place that maps errors to HTTP statuses. */
export function errorStatus(e: unknown): ContentfulStatusCode {
  if (e instanceof BadRequestError) return 400;
  if (e instanceof OmoError) {
    if (e.code === 'not_found') return 404;
    if (e.code === 'payload_too_large') return 413;
    if (e.code === 'store_unavailable') return 503;
    if (e.code === 'unsupported_architecture' || e.code === 'parse_error' || e.code === 'invalid_config')
      return 422;
  }
  return 500;
}

export function errorResponse(c: Context, e: unknown) {
  const status = errorStatus(e);
  const body: ApiError =
    e instanceof OmoError && status !== 500
      ? {
          error: {
            code: e.code,
            message: e.message,
            ...(e.details !== undefined ? { details: e.details } : {}),
          },
        }
      : { error: { code: 'internal', message: 'internal error; see the server log' } };
  if (status === 500) console.error(e);
  return c.json(body, status);
}
