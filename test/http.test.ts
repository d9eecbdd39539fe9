import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/api/app.ts';
import { createDeps, type Deps, ensureCatalog } from '../src/store/deps.ts';
import { parseRankOptions } from '../src/store/hub-query.ts';
import { MINI_CATALOG } from './helpers/catalog-fixture.ts';
import { call } from './helpers/http.ts';
import { miniStoreWithHub } from './helpers/mini-store.ts';
import { storeTargets } from './helpers/targets.ts';

// HTTP as the APIs people know it (GitHub, the Hub, Datasette): CORS, 405, compression, caching headers, weak
// ETags, absolute links, 404 off the dashboard, CSV on every table, and one validated contract per route.

type App = ReturnType<typeof createApp>;

const get = (app: App, url: string, headers: Record<string, string> = {}) => app.request(url, { headers });

/** The rows of a CSV answer (no quoted newlines in these answers). */
const csvLines = (text: string) => text.trimEnd().split('\r\n');

describe.each(storeTargets)('HTTP on $name (mini catalog and a Hub snapshot)', (target) => {
  let deps: Deps;
  let close: () => Promise<void>;
  let app: App;

  beforeAll(async () => {
    ({ deps, close } = await miniStoreWithHub(target));
    app = createApp(deps);
  });
  afterAll(() => close());

  it('answers a known path asked with the wrong method 405 with Allow, in the error shape', async () => {
    const post = await app.request('/api/models', { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    expect(await post.json()).toEqual({
      error: { code: 'method_not_allowed', message: '/api/models does not take POST; it takes GET, HEAD' },
    });
    const getParams = await get(app, '/api/params');
    expect(getParams.status).toBe(405);
    expect(getParams.headers.get('allow')).toBe('POST');
    const del = await app.request('/api/models/acme/acme-7b', { method: 'DELETE' });
    expect(del.status).toBe(405);
    expect(del.headers.get('allow')).toBe('GET, HEAD');
    expect((await app.request('/api/nothing', { method: 'POST' })).status).toBe(404);
    const options = await app.request('/api/params', { method: 'OPTIONS' });
    expect(options.status).toBe(204);
    expect(options.headers.get('allow')).toBe('POST');
  });

  it('says who may keep each answer: revalidate catalog and Hub answers, never store errors or writes', async () => {
    const list = await get(app, '/api/models?limit=2');
    expect(list.headers.get('cache-control')).toBe('no-cache');
    expect(list.headers.get('etag')).toMatch(/^W\/".+"$/);
    const rank = await get(app, '/api/rank');
    expect(rank.headers.get('cache-control')).toBe('no-cache');
    expect(rank.headers.get('etag')).toMatch(/^W\/".+"$/);
    for (const url of ['/api/models/nobody/nothing', '/api/models?limit=lots', '/api/nothing'])
      expect((await get(app, url)).headers.get('cache-control'), url).toBe('no-store');
    expect((await get(app, '/healthz')).headers.get('cache-control')).toBe('no-store');
    const params = await app.request('/api/params', {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json' },
    });
    expect(params.headers.get('cache-control')).toBe('no-store');
    expect(list.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('honours weak ETags: If-None-Match with the tag, its strong form, a list or * gets 304 without a body', async () => {
    for (const url of ['/api/models?limit=2', '/api/trend', '/api/openapi.json']) {
      const first = await get(app, url);
      const tag = first.headers.get('etag') ?? '';
      expect(tag, url).toMatch(/^W\/"/);
      for (const ifNoneMatch of [tag, tag.slice(2), `"nope", ${tag}`, '*']) {
        const again = await get(app, url, { 'If-None-Match': ifNoneMatch });
        expect(again.status, `${url} ${ifNoneMatch}`).toBe(304);
        expect(await again.text()).toBe('');
        expect(again.headers.get('etag')).toBe(tag);
        expect(again.headers.get('cache-control')).toBe('no-cache');
      }
      expect((await get(app, url, { 'If-None-Match': 'W/"other"' })).status).toBe(200);
    }
  });

  it('gives absolute next links, in the Link header and the body, built from the request URL', async () => {
    const r = await call(app, 'http://omo.example:8080/api/models?sort=id&limit=2');
    expect(r.json.next).toMatch(/^http:\/\/omo\.example:8080\/api\/models\?sort=id&limit=2&cursor=[\w-]+$/);
    expect(r.headers.get('link')).toBe(`<${r.json.next}>; rel="next"`);
    const second = await call(app, r.json.next);
    expect(second.status).toBe(200);
    expect(second.json.rows[0].id > r.json.rows[1].id).toBe(true);
    // The same query by another name of the server: its own links, not the cached ones of the first.
    const other = await call(app, 'http://127.0.0.1:8787/api/models?sort=id&limit=2');
    expect(other.json.next).toBe(r.json.next.replace('http://omo.example:8080', 'http://127.0.0.1:8787'));
  });

  it('answers 404 for paths off the API and the dashboard, and the dashboard only on its pages', async () => {
    for (const page of [
      '/',
      '/models',
      '/models/acme/acme-7b',
      '/compare',
      '/efficiency',
      '/leaders',
      '/orgs',
      '/orgs/acme',
      '/families/acme',
      '/verify',
    ]) {
      const r = await get(app, page, { Accept: 'text/html' });
      expect(r.status, page).toBe(200);
      expect(r.headers.get('content-security-policy'), page).toContain("default-src 'self'");
      expect(r.headers.get('strict-transport-security'), page).toBeNull();
    }
    const json = await call(app, '/nowhere');
    expect(json.status).toBe(404);
    expect(json.json.error.code).toBe('not_found');
    const html = await get(app, '/nowhere/<script>', { Accept: 'text/html' });
    expect(html.status).toBe(404);
    const text = await html.text();
    expect(text).toContain('<h1>Not found</h1>');
    expect(text).not.toContain('<script>');
    expect((await get(app, '/assets/missing.js')).status).toBe(404);
    expect((await get(app, '/favicon.ico')).status).toBe(404);
  });

  it('writes every table-shaped answer as CSV and NDJSON, with the formula guard', async () => {
    const tables: [string, string][] = [
      ['/api/rank?group=org', 'group,count,share'],
      ['/api/trend?interval=year', 'period,group,count'],
      ['/api/hub/snapshots', 'id,takenAt,source'],
      ['/api/timeline?interval=year&group=none', 'period,group,count'],
      ['/api/stats?table=byCountry', 'value,count,share'],
      ['/api/stats?table=byYear', 'value,count,share'],
      ['/api/benchmarks', 'benchmark,metric,models'],
      ['/api/frontier?benchmark=MMLU', 'id,name,countries'],
      ['/api/compare?ids=acme/acme-7b,dragon-lab/Dragon-MoE-200B-A20B', 'id,total,active'],
      ['/api/orgs', 'id,'],
    ];
    for (const [url, header] of tables) {
      const json = await call(app, url);
      expect(json.status, url).toBe(200);
      const sep = url.includes('?') ? '&' : '?';
      const csv = await call(app, `${url}${sep}format=csv`);
      expect(csv.status, url).toBe(200);
      expect(csv.headers.get('content-type'), url).toBe('text/csv; charset=utf-8');
      const lines = csvLines(csv.text);
      expect(lines[0]?.startsWith(header), `${url}: ${lines[0]}`).toBe(true);
      const ndjson = await call(app, `${url}${sep}format=ndjson`);
      expect(ndjson.headers.get('content-type'), url).toBe('application/x-ndjson; charset=utf-8');
      const rows = ndjson.text.trimEnd().split('\n');
      expect(rows.length, url).toBe(lines.length - 1);
      expect(lines.length, url).toBeGreaterThan(1);
      expect(() => rows.map((r) => JSON.parse(r)), url).not.toThrow();
    }
    const models = await call(app, '/api/compare?ids=acme/acme-formula,acme/acme-7b&format=csv&table=models');
    expect(models.text).toContain(`'=HYPERLINK(""http://evil.example"")`);
    expect((await call(app, '/api/stats?format=csv&table=bogus')).json.error).toEqual({
      code: 'invalid_parameter',
      message: expect.stringContaining('"table" takes one of byCountry'),
    });
  });

  it('validates every route by its schema, naming the parameter as given', async () => {
    const cases: [string, string][] = [
      ['/api/rank?top=0', 'top must be between 1 and 10000, got 0'],
      ['/api/rank?by=stars', 'by takes one of downloads, downloadsAllTime, likes, derivatives; got "stars"'],
      [
        '/api/trend?at=yesterday',
        'at takes a date (YYYY, YYYY-MM, YYYY-MM-DD) or an ISO time, got "yesterday"',
      ],
      ['/api/rank?by=likes&by=downloads', 'parameter "by" given 2 times; give it once'],
      ['/api/timeline?interval=week', '"interval" takes one of month, year; got "week"'],
      ['/api/frontier', '"benchmark" is required, e.g. benchmark=AIME 2024 (see /api/benchmarks)'],
      ['/api/compare?ids=acme/acme-7b', '"ids" takes 2 to 8 comma-separated model ids; got 1'],
      ['/api/hub/snapshots?format=xml', 'format takes one of json, csv, ndjson; got "xml"'],
    ];
    for (const [url, message] of cases) {
      const r = await call(app, url);
      expect(r.status, url).toBe(400);
      expect(r.json, url).toEqual({ error: { code: 'invalid_parameter', message } });
    }
    const unknown = await call(app, '/api/compare?ids=a,b&colour=red');
    expect(unknown.status).toBe(400);
    expect(unknown.json.error).toEqual({ code: 'unknown_parameter', message: 'unknown parameter "colour"' });
    // The CLI parses its flags with the same schema, labelled with the flags, so it names the flag typed.
    expect(() => parseRankOptions({ by: 'stars' })).toThrow(
      '--by takes one of downloads, downloadsAllTime, likes, derivatives; got "stars"',
    );
    expect(parseRankOptions({ top: '5', json: true })).toEqual({
      by: 'downloads',
      top: 5,
      group: 'country',
      attribution: 'author',
      at: undefined,
    });
  });

  it('documents every registered API route in the OpenAPI document', async () => {
    const doc = (await call(app, '/api/openapi.json')).json;
    const documented = new Set(
      Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([p, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`),
      ),
    );
    const routes = new Set(
      app.routes
        .filter((r) => r.method !== 'ALL' && (r.path.startsWith('/api/') || r.path === '/healthz'))
        .filter((r) => r.path !== '/api/openapi.json')
        // Hono's `:id{.+}` (an id with slashes) is OpenAPI's `{id}`.
        .map((r) => `${r.method} ${r.path.replace(/:(\w+)(\{[^}]*\})?/g, '{$1}')}`),
    );
    expect(routes.size).toBeGreaterThan(10);
    for (const route of routes) expect(documented.has(route), route).toBe(true);
    expect(documented.has('GET /api/models/{id}/hub')).toBe(true);
  });
});

describe('HTTP options and compression over a socket', () => {
  let deps: Deps;
  let server: ReturnType<typeof serve>;
  let base: string;
  const tmp = storeTargets[0];

  beforeAll(async () => {
    const created = await tmp?.create();
    if (!created) throw new Error('no SQLite target');
    deps = createDeps({ url: created.url, catalogDir: MINI_CATALOG });
    await ensureCatalog(deps);
    const app = createApp(deps, { cors: 'https://dash.example' });
    await new Promise<void>((resolve) => {
      server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await deps.store.close();
  });

  /** Raw bytes and headers; fetch would decompress on its own. */
  const raw = async (url: string, headers: Record<string, string>) => {
    const { request } = await import('node:http');
    return new Promise<{
      status: number;
      headers: Record<string, string | string[] | undefined>;
      body: Buffer;
    }>((resolve, reject) => {
      request(`${base}${url}`, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      })
        .on('error', reject)
        .end();
    });
  };

  it('compresses JSON, CSV and NDJSON with br or gzip as asked, the same bytes once decoded, same weak ETag', async () => {
    for (const url of [
      '/api/models?limit=50',
      '/api/models?limit=50&format=csv',
      '/api/models?format=ndjson',
    ]) {
      const plain = await raw(url, {});
      expect(plain.headers['content-encoding'], url).toBeUndefined();
      expect(plain.headers.vary, url).toContain('Accept-Encoding');
      expect(plain.body.length, url).toBeGreaterThan(1024);
      const br = await raw(url, { 'Accept-Encoding': 'gzip, deflate, br' });
      expect(br.headers['content-encoding'], url).toBe('br');
      expect(br.body.length, url).toBeLessThan(plain.body.length);
      expect(brotliDecompressSync(br.body).equals(plain.body), url).toBe(true);
      // The second time from the memo of compressed answers (keyed by ETag): the same bytes.
      expect((await raw(url, { 'Accept-Encoding': 'br' })).body.equals(br.body), url).toBe(true);
      const gz = await raw(url, { 'Accept-Encoding': 'gzip;q=1, br;q=0.5' });
      expect(gz.headers['content-encoding'], url).toBe('gzip');
      expect(gunzipSync(gz.body).equals(plain.body), url).toBe(true);
      expect(br.headers.etag, url).toBe(plain.headers.etag);
      expect(gz.headers.etag, url).toBe(plain.headers.etag);
      const revalidated = await raw(url, {
        'Accept-Encoding': 'br',
        'If-None-Match': String(plain.headers.etag),
      });
      expect(revalidated.status, url).toBe(304);
      expect(revalidated.body.length, url).toBe(0);
    }
    const small = await raw('/healthz', { 'Accept-Encoding': 'br' });
    expect(small.headers['content-encoding']).toBeUndefined();
    const refused = await raw('/api/models?limit=50', { 'Accept-Encoding': 'br;q=0, gzip;q=0' });
    expect(refused.headers['content-encoding']).toBeUndefined();
  });

  it('allows the configured origin (CORS), with the paging headers exposed, and answers its preflight', async () => {
    const r = await raw('/api/models?limit=1', { Origin: 'https://dash.example' });
    expect(r.headers['access-control-allow-origin']).toBe('https://dash.example');
    expect(String(r.headers['access-control-expose-headers'])).toContain('Link');
    const preflight = await fetch(`${base}/api/params`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'https://dash.example',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    const link = (await raw('/api/models?limit=1', {})).headers.link;
    expect(link).toMatch(new RegExp(`^<${base.replace(/\./g, '\\.')}/api/models\\?limit=1&cursor=`));
  });

  it('refuses a --cors value that is not an origin', () => {
    for (const bad of ['dash.example', 'https://dash.example/', 'https://dash.example/app'])
      expect(() => createApp(deps, { cors: bad }), bad).toThrow(`--cors takes an origin`);
  });

  it('sends no CORS headers unless asked to', async () => {
    const app = createApp(deps);
    const r = await app.request('/api/models?limit=1', { headers: { Origin: 'https://dash.example' } });
    expect(r.headers.get('access-control-allow-origin')).toBeNull();
  });
});
