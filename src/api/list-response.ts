import type { Context } from 'hono';
import {
  type ListPage,
  type ListQuery,
  type ListSpec,
  listBody,
  nextPageUrl,
  parseListQuery,
  toCsv,
} from '../store/list-query.ts';

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
