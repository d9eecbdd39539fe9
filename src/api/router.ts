import path from 'node:path';
import { OpenAPIHono, type RouteConfig, type RouteHandler } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { z } from 'zod';
import { BadRequestError } from '../domain/errors.ts';

// Every route is declared once, `app.openapi(createRoute(…), handler)`: its zod schemas document the request in
// /api/openapi.json and validate it before the handler runs. This hook turns a failed validation into the one
// error shape, naming the parameter as the request gave it.

interface Failure {
  success: false;
  error: z.ZodError;
  target: string;
}

function describe(c: Context, target: string, issue: z.core.$ZodIssue): string {
  const name = String(issue.path[0] ?? '');
  const where = target === 'json' ? `body${issue.path.map((p) => `.${String(p)}`).join('')}` : name;
  if (target === 'query' && issue.code === 'invalid_type') {
    const values = c.req.queries(name) ?? [];
    if (values.length > 1) return `parameter "${name}" given ${values.length} times; give it once`;
  }
  // The parameter schemas write messages that name the parameter; zod's own messages do not.
  return name === '' || issue.message.includes(name) ? issue.message : `"${where}": ${issue.message}`;
}

// NUL and the other C0 controls (and DEL) have no business in a parameter; PostgreSQL refuses NUL in text.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;
/** `text` with its control characters written as \uXXXX, fit to quote in a message. */
const printable = (text: string) =>
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  text.replace(/[\u0000-\u001f\u007f]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** A query or path parameter (name or value) holding a control character: `invalid_parameter` 400 naming it. */
function refuseControlCharacters(c: Context, target: string): void {
  const given: [string, string][] =
    target === 'query'
      ? [...new URL(c.req.url).searchParams]
      : target === 'param'
        ? Object.entries(c.req.param() as Record<string, string>)
        : [];
  for (const [name, value] of given) {
    if (CONTROL.test(name) || CONTROL.test(value))
      throw new BadRequestError(
        'invalid_parameter',
        `${target === 'param' ? 'path parameter' : 'parameter'} "${printable(name)}" holds a control character (${printable(value).slice(0, 80)}); NUL, C0 controls and DEL are refused`,
      );
  }
}

/**
 * A path no route matched because of a control character (routes' `{id}` stops at a line break): `invalid_parameter`
 * 400 like any parameter holding one, not a 404.
 */
export function refuseControlCharactersInPath(rawPath: string): void {
  let path = rawPath;
  try {
    path = decodeURIComponent(rawPath);
  } catch {}
  if (CONTROL.test(path))
    throw new BadRequestError(
      'invalid_parameter',
      `the path "${printable(path).slice(0, 200)}" holds a control character; NUL, C0 controls and DEL are refused`,
    );
}

/**
 * The validation hook of every route: a control character in any query or path parameter, then the first problem
 * of the schema, as `invalid_parameter` (or `invalid_body`) 400.
 */
export function validationHook(result: { success: boolean; target: string }, c: Context): void {
  refuseControlCharacters(c, result.target);
  if (result.success) return;
  const { error, target } = result as Failure;
  const issue = error.issues[0];
  // A strict schema (a route that takes no open-ended filters) names what it does not know.
  if (issue?.code === 'unrecognized_keys' && target === 'query')
    throw new BadRequestError('unknown_parameter', `unknown parameter "${issue.keys[0]}"`);
  const message = issue ? describe(c, target, issue) : `invalid ${target}`;
  throw new BadRequestError(target === 'json' ? 'invalid_body' : 'invalid_parameter', message);
}

/** A sub-app whose routes validate with `validationHook`. */
export function apiRouter(): OpenAPIHono {
  return new OpenAPIHono({ defaultHook: validationHook });
}

/**
 * Declares a route whose `{id}` may hold slashes (Hub ids such as `Qwen/QwQ-32B`): documented as `{id}`, routed as
 * `:id{.+}`.
 */
export function openapiWithSlashes<R extends RouteConfig>(
  app: OpenAPIHono,
  route: R,
  handler: (c: Parameters<RouteHandler<R>>[0]) => Response | Promise<Response>,
): void {
  app.openAPIRegistry.registerPath(route);
  const routed = { ...route, path: route.path.replace('{id}', '{id{.+}}'), hide: true };
  app.openapi(routed, handler as never);
}

/**
 * A file or folder as an answer may show it: its name alone, never where it lies on the server's disk (an
 * absolute path tells a caller the account, the layout, the checkout). Anything else (a URL) is kept.
 */
export function withoutDirectory(location: string): string {
  return path.isAbsolute(location) ? path.basename(location) : location;
}
