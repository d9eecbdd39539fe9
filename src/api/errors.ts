import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import { BadRequestError, OmoError } from '../domain/errors.ts';
import { storeUnavailable } from '../store/store-errors.ts';

/** The one error shape every API error has. */
export const ApiError = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});
export type ApiError = z.infer<typeof ApiError>;

/** A known path asked with a method it does not take; `allow` lists the methods it does. */
export class MethodNotAllowedError extends OmoError {
  constructor(
    method: string,
    path: string,
    readonly allow: string[],
  ) {
    super('method_not_allowed', `${path} does not take ${method}; it takes ${allow.join(', ')}`);
  }
}

/** Hono's own request errors (a body that is not JSON, a media type the route does not read) as ours. */
function fromHttpException(e: HTTPException): OmoError {
  if (e.status === 415) return new OmoError('unsupported_media_type', 'send the body as application/json');
  return new BadRequestError(e.status === 400 ? 'invalid_body' : 'bad_request', e.message);
}

/** The only place that maps errors to HTTP statuses. */
function errorStatus(e: unknown): ContentfulStatusCode {
  if (e instanceof BadRequestError) return 400;
  if (e instanceof OmoError) {
    if (e.code === 'not_found') return 404;
    if (e.code === 'method_not_allowed') return 405;
    if (e.code === 'unsupported_media_type') return 415;
    if (e.code === 'payload_too_large') return 413;
    if (e.code === 'store_unavailable') return 503;
    if (e.code === 'host_not_allowed') return 421;
    if (e.code === 'unsupported_architecture' || e.code === 'parse_error' || e.code === 'invalid_config')
      return 422;
  }
  return 500;
}

export function errorResponse(c: Context, caught: unknown) {
  const unavailable = storeUnavailable(caught);
  // A stopped or unreachable database is a 503 for every route; the driver's words go to the log only.
  if (unavailable) console.error(`store unavailable: ${unavailable.message}`);
  const e = unavailable
    ? new OmoError('store_unavailable', 'the store is unavailable; try again later')
    : caught instanceof HTTPException && caught.status < 500
      ? fromHttpException(caught)
      : caught;
  if (e instanceof MethodNotAllowedError) c.header('Allow', e.allow.join(', '));
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
