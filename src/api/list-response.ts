import type { Context } from 'hono';
import type { ListPage } from '../store/list-query.ts';
import { type ListQuery, type ListSpec, parseListQuery, toCsv } from '../store/list-query.ts';

/** Query-string pairs in order, repeats kept. */
export function queryPairs(c: Context): [string, string][] {
  return [...new URL(c.req.url).searchParams.entries()];
}

export function parseQuery<Row>(c: Context, spec: ListSpec<Row>): ListQuery {
  return parseListQuery(spec, queryPairs(c));
}

/** The relative URL of the next page: the same query with the new cursor. */
export function nextUrl(c: Context, cursor: string | null): string | null {
  if (!cursor) return null;
  const url = new URL(c.req.url);
  url.searchParams.delete('cursor');
  url.searchParams.append('cursor', cursor);
  return `${url.pathname}?${url.searchParams.toString()}`;
}

/** Writes a page as JSON (`rows`, `total`, `next`, `facets`), CSV or NDJSON, with a `Link: rel="next"` header. */
export function listResponse<Row>(c: Context, spec: ListSpec<Row>, query: ListQuery, page: ListPage<Row>) {
  const next = nextUrl(c, page.nextCursor);
  if (next) c.header('Link', `<${next}>; rel="next"`);
  c.header('X-Total-Count', String(page.total));
  if (query.format === 'csv') {
    return c.body(toCsv(spec, page.rows), 200, { 'Content-Type': 'text/csv; charset=utf-8' });
  }
  if (query.format === 'ndjson') {
    const body = page.rows.map((r) => `${JSON.stringify(r)}\n`).join('');
    return c.body(body, 200, { 'Content-Type': 'application/x-ndjson; charset=utf-8' });
  }
  return c.json({
    rows: page.rows,
    total: page.total,
    count: page.rows.length,
    next,
    truncated: next !== null,
    ...(page.facets ? { facets: page.facets } : {}),
  });
}
