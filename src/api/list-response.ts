import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { z } from 'zod';
import {
  type ListPage,
  type ListQuery,
  type ListSpec,
  listBody,
  nextPageUrl,
  parseListQuery,
  toCsv,
} from '../store/list-query.ts';
import { errorResponses, listPageSchema, listQuerySchema } from './openapi-list.ts';

/** Query-string pairs in order, repeats kept. */
export function queryPairs(c: Context): [string, string][] {
  return [...new URL(c.req.url).searchParams.entries()];
}

function parseQuery<Row>(c: Context, spec: ListSpec<Row>): ListQuery {
  return parseListQuery(spec, queryPairs(c));
}

/** Parameters that appear at most once; every other parameter of a list (filters, facet) may be repeated. */
const SINGLE = new Set(['sort', 'limit', 'cursor', 'format']);

/**
 * A list's documented query schema, made to accept repeated filters (`country=CN&country=US`) as validation sees
 * them: each repeatable parameter is a string or a list of strings. The list grammar then reads the filters and
 * their operators (`params_total__gte`) from the query string.
 */
export function repeatable<T extends z.ZodObject>(schema: T): T {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, s] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
    shape[key] = SINGLE.has(key)
      ? s
      : z
          .union([z.string(), z.array(z.string())])
          .optional()
          .meta(s.meta() ?? {});
  }
  return z.object(shape) as unknown as T;
}

/**
 * The absolute URL of the next page (the same query with the new cursor), built from the request's own URL as
 * GitHub and the Hub do; null on the last page.
 */
function nextPageLink(c: Context, cursor: string | null): string | null {
  const next = nextPageUrl(new URL(c.req.url).pathname, queryPairs(c), cursor);
  return next === null ? null : new URL(next, c.req.url).href;
}

/** Writes a page as JSON (`rows`, `total`, `next`, `facets`), CSV or NDJSON, with a `Link: rel="next"` header. */
function listResponse<Row>(c: Context, spec: ListSpec<Row>, query: ListQuery, page: ListPage<Row>) {
  const next = nextPageLink(c, page.nextCursor);
  if (next) c.header('Link', `<${next}>; rel="next"`);
  c.header('X-Total-Count', String(page.total));
  if (query.format === 'csv') {
    return c.body(toCsv(spec, page.rows), 200, { 'Content-Type': 'text/csv; charset=utf-8' });
  }
  if (query.format === 'ndjson') {
    const body = page.rows.map((r) => `${JSON.stringify(r)}\n`).join('');
    return c.body(body, 200, { 'Content-Type': 'application/x-ndjson; charset=utf-8' });
  }
  return c.json(listBody(page, next), 200);
}

/** Mounts a list at `path`: its OpenAPI description (grammar, page shape, csv/ndjson), validation and handler. */
export function mountList<Row>(
  app: OpenAPIHono,
  opts: {
    path: string;
    summary: string;
    description: string;
    spec: ListSpec<Row>;
    row: z.ZodType;
    /** The page for `query`; `c` is the request (its read snapshot: `readDeps(c)`). */
    list: (query: ListQuery, c: Context) => Promise<ListPage<Row>>;
  },
): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: opts.path,
      summary: opts.summary,
      request: { query: repeatable(listQuerySchema(opts.spec)) },
      responses: {
        200: {
          description: opts.description,
          content: {
            'application/json': { schema: listPageSchema(opts.row) },
            'text/csv': { schema: z.string() },
            'application/x-ndjson': { schema: z.string() },
          },
        },
        400: errorResponses[400],
      },
    }),
    async (c) => {
      const query = parseQuery(c, opts.spec);
      return listResponse(c, opts.spec, query, await opts.list(query, c));
    },
  );
}
