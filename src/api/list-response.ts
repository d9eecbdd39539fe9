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

export function parseQuery<Row>(c: Context, spec: ListSpec<Row>): ListQuery {
  return parseListQuery(spec, queryPairs(c));
}

/** Writes a page as JSON (`rows`, `total`, `next`, `facets`), CSV or NDJSON, with a `Link: rel="next"` header. */
export function listResponse<Row>(c: Context, spec: ListSpec<Row>, query: ListQuery, page: ListPage<Row>) {
  const next = nextPageUrl(new URL(c.req.url).pathname, queryPairs(c), page.nextCursor);
  if (next) c.header('Link', `<${next}>; rel="next"`);
  c.header('X-Total-Count', String(page.total));
  if (query.format === 'csv') {
    return c.body(toCsv(spec, page.rows), 200, { 'Content-Type': 'text/csv; charset=utf-8' });
  }
  if (query.format === 'ndjson') {
    const body = page.rows.map((r) => `${JSON.stringify(r)}\n`).join('');
    return c.body(body, 200, { 'Content-Type': 'application/x-ndjson; charset=utf-8' });
  }
  return c.json(listBody(page, next));
}

/** Mounts a list at `path`: its OpenAPI description (grammar, page shape, csv/ndjson) and the handler. */
export function mountList<Row>(
  app: OpenAPIHono,
  opts: {
    path: string;
    summary: string;
    description: string;
    spec: ListSpec<Row>;
    row: z.ZodType;
    list: (query: ListQuery) => Promise<ListPage<Row>>;
  },
): void {
  app.openAPIRegistry.registerPath(
    createRoute({
      method: 'get',
      path: opts.path,
      summary: opts.summary,
      request: { query: listQuerySchema(opts.spec) },
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
  );
  app.get(opts.path, async (c) => {
    const query = parseQuery(c, opts.spec);
    return listResponse(c, opts.spec, query, await opts.list(query));
  });
}
