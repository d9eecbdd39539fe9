import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { etag } from 'hono/etag';
import { TrieRouter } from 'hono/router/trie-router';
import { secureHeaders } from 'hono/secure-headers';
import { z } from 'zod';
import { BadRequestError, NotFoundError } from '../domain/errors.ts';
import type { Deps } from '../store/deps.ts';
import { quickReads } from '../store/quick-reads.ts';
import { compression } from './compression.ts';
import { mountDashboard, pageNotFound } from './dashboard.ts';
import { errorResponse, MethodNotAllowedError } from './errors.ts';
import { hostCheck } from './host-check.ts';
import { responseCache } from './response-cache.ts';
import { refuseControlCharactersInPath, validationHook, withoutDirectory } from './router.ts';
import { adoptionRoutes } from './routes/adoption.ts';
import { hubRoutes } from './routes/hub.ts';
import { insightRoutes } from './routes/insights.ts';
import { leaderRoutes } from './routes/leaders.ts';
import { licenseRoutes } from './routes/licenses.ts';
import { modelRoutes } from './routes/models.ts';
import { orgRoutes } from './routes/orgs.ts';
import { paramsRoutes } from './routes/params.ts';
import { statsRoutes } from './routes/stats.ts';
import { catalogVersion, snapshotReads } from './snapshot-reads.ts';

export interface AppOptions {
  /** Cache catalog answers per catalog version (default: unless OMO_RESPONSE_CACHE=0). */
  responseCache?: boolean;
  /** An origin allowed to call the API from a browser (`*` for any), as `omo serve --cors` sets it. */
  cors?: string;
  /** The Host names answered (see host-check.ts); absent or null: any. */
  allowedHosts?: readonly string[] | null;
}

/**
 * Who may keep an answer and for how long. Errors are never stored; the dashboard's hashed files are immutable;
 * answers to writes and to /healthz are not stored; every other answer may be stored but is revalidated with its
 * ETag (catalog answers change when a catalog load commits, Hub answers with each snapshot).
 */
function cacheControl(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const read = c.req.method === 'GET' || c.req.method === 'HEAD';
    if (c.res.status >= 400 || !read) c.res.headers.set('Cache-Control', 'no-store');
    else if (!c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', 'no-cache');
  };
}

/** `*` or an origin exactly as browsers send it (scheme, host, port; no path): anything else could never match. */
function checkOrigin(origin: string): string {
  let parsed: URL | null = null;
  try {
    parsed = new URL(origin);
  } catch {}
  if (origin !== '*' && parsed?.origin !== origin)
    throw new BadRequestError(
      'invalid_parameter',
      `--cors takes an origin such as https://example.org (no path, no trailing slash) or *; got "${origin}"`,
    );
  return origin;
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** The routes that answer from the catalog: each reads through `readDeps(c)`, inside one read snapshot. */
const CATALOG = '^/api/(models|orgs|stats|timeline|compare|benchmarks|frontier|licenses|adoption)';
/** Leaderboard answers read the catalog (to resolve names) and the boards, which an import changes without a load. */
const BOARDS = '^/api/(boards|leaders)';
const CATALOG_ROUTES = new RegExp(`(${CATALOG}|${BOARDS})(/|$)`);
/** The catalog answers that change only with the catalog: all but a model's Hub view (`/api/models/<id>/hub`). */
const CATALOG_ONLY_ROUTES = new RegExp(`${CATALOG}(/(?!.*/hub$)|$)`);

/** The methods the app's routes take at `path` (HEAD wherever GET is), from its registered routes. */
function allowedMethods(app: OpenAPIHono): (path: string) => string[] {
  let router: TrieRouter<string> | null = null;
  return (path) => {
    if (!router) {
      router = new TrieRouter<string>();
      for (const r of app.routes) if (r.method !== 'ALL') router.add(r.method, r.path, r.method);
    }
    const found = router;
    const allowed = METHODS.filter((m) => found.match(m, path)[0].length > 0);
    return allowed.includes('GET') ? [...allowed, 'HEAD'] : allowed;
  };
}

/** The HTTP app: API routes, the OpenAPI document, health, the dashboard. Tests call `app.request()` without a socket. */
export function createApp(deps: Deps, opts: AppOptions = {}) {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  mountErrors(app);
  mountMiddleware(app, deps, opts);
  mountHealth(app, deps);
  // OpenAPIHono.route merges each sub-app's documented paths into this app's registry.
  app.route('/', modelRoutes());
  app.route('/', orgRoutes());
  app.route('/', paramsRoutes());
  app.route('/', hubRoutes(deps));
  app.route('/', statsRoutes());
  app.route('/', insightRoutes());
  app.route('/', licenseRoutes());
  app.route('/', adoptionRoutes());
  app.route('/', leaderRoutes());

  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Open Model Observatory API',
      version: '0.1.0',
      description:
        'Sourced facts about open-weight AI models and their makers. Lists share one grammar: field filters ' +
        '(field=value, field__gte=…), sort, limit with an opaque cursor (`next` and a Link header, both absolute ' +
        'URLs), facets, and format=json|csv|ndjson; every other table-shaped answer takes format too. ' +
        'Answers carry weak ETags and Cache-Control; gzip and br on request. Errors: {"error": {"code", "message"}}.',
    },
  });
  mountDashboard(app);
  return app;
}

/** Errors in the one shape; a known path asked with another method is a 405 with `Allow`. */
function mountErrors(app: OpenAPIHono): void {
  const allowed = allowedMethods(app);
  app.onError((e, c) => errorResponse(c, e));
  app.notFound((c) => {
    const path = c.req.path;
    refuseControlCharactersInPath(path);
    // A route that takes this method and found nothing (a missing asset) is a plain 404.
    const taken = allowed(path);
    const methods = taken.includes(c.req.method) ? [] : taken;
    if (methods.length > 0 && c.req.method === 'OPTIONS')
      return c.body(null, 204, { Allow: methods.join(', ') });
    if (methods.length > 0) return errorResponse(c, new MethodNotAllowedError(c.req.method, path, methods));
    const api = path === '/api' || path.startsWith('/api/') || path === '/healthz';
    return (
      (!api && pageNotFound(c)) || errorResponse(c, new NotFoundError(`no route ${c.req.method} ${path}`))
    );
  });
}

function mountMiddleware(app: OpenAPIHono, deps: Deps, opts: AppOptions): void {
  // First of all: a request for a name this server does not go by (DNS rebinding) gets nothing else.
  if (opts.allowedHosts) app.use('*', hostCheck(opts.allowedHosts));
  // Outermost first. secureHeaders' defaults include X-Content-Type-Options: nosniff on every answer; the page
  // routes add the dashboard's Content-Security-Policy. With --cors the API's data is meant for other origins.
  // No HSTS: the server cannot know whether a TLS proxy is in front of it.
  app.use(
    '*',
    secureHeaders({
      crossOriginResourcePolicy: opts.cors ? 'cross-origin' : 'same-origin',
      strictTransportSecurity: false,
    }),
  );
  if (opts.cors) {
    app.use(
      '*',
      cors({
        origin: checkOrigin(opts.cors),
        allowMethods: ['GET', 'HEAD', 'POST', 'OPTIONS'],
        exposeHeaders: ['Link', 'X-Total-Count', 'ETag'],
        maxAge: 600,
      }),
    );
  }
  app.use('*', compression());
  app.use('*', cacheControl());
  // Weak tags, compared weakly: `If-None-Match` with one of them (or a list, or `*`) gets a 304 without a body.
  app.use('*', etag({ weak: true }));
  // Catalog answers change only when a catalog load commits: cache them per catalog version, with their ETag
  // (OMO_RESPONSE_CACHE=0 turns this off, e.g. to measure the uncached cost). The cache sits outside the read
  // snapshot below, so that an answer it has costs no transaction; one it computes is kept under the version its
  // snapshot read.
  if (opts.responseCache ?? process.env.OMO_RESPONSE_CACHE !== '0') {
    app.use(
      '/api/*',
      responseCache({
        version: async () => (await quickReads(deps).state())?.hash ?? null,
        readAt: catalogVersion,
        // Hub views change with each snapshot, not with the catalog: never cached here.
        paths: CATALOG_ONLY_ROUTES,
      }),
    );
  }
  // Every catalog answer, a model's Hub view included, reads inside one transaction: one catalog version each.
  app.use('/api/*', snapshotReads(deps, CATALOG_ROUTES));
}

function mountHealth(app: OpenAPIHono, deps: Deps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/healthz',
      summary: 'Liveness: the store kind and the loaded catalog (null before the first load)',
      request: { query: z.strictObject({}) },
      responses: {
        200: {
          description: 'The server answers',
          content: {
            'application/json': {
              schema: z.object({
                ok: z.literal(true),
                store: z.string(),
                catalog: z.record(z.string(), z.unknown()).nullable(),
              }),
            },
          },
        },
      },
    }),
    async (c) => {
      // A connection of its own: the probe answers while every other request waits for the store's.
      const state = await quickReads(deps).state();
      const catalog = state && { ...state, dir: withoutDirectory(state.dir) };
      return c.json({ ok: true as const, store: deps.store.dialect, catalog }, 200, {
        'Cache-Control': 'no-store',
      });
    },
  );
}
