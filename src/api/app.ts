import { OpenAPIHono } from '@hono/zod-openapi';
import { NotFoundError } from '../domain/errors.ts';
import type { Deps } from '../store/deps.ts';
import { errorResponse } from './errors.ts';
import { responseCache } from './response-cache.ts';
import { hubRoutes } from './routes/hub.ts';
import { insightRoutes } from './routes/insights.ts';
import { modelRoutes } from './routes/models.ts';
import { orgRoutes } from './routes/orgs.ts';
import { paramsRoutes } from './routes/params.ts';
import { statsRoutes } from './routes/stats.ts';
import { mountWebAssets } from './web-assets.ts';

/** The HTTP app: API routes, the OpenAPI document, health. Tests call `app.request()` without a socket. */
export function createApp(deps: Deps, opts: { responseCache?: boolean } = {}) {
  const app = new OpenAPIHono();
  app.onError((e, c) => errorResponse(c, e));
  app.notFound((c) =>
    errorResponse(c, new NotFoundError(`no route ${c.req.method} ${new URL(c.req.url).pathname}`)),
  );

  // Catalog answers change only when a catalog load commits: cache them per catalog version
  // (OMO_RESPONSE_CACHE=0 turns this off, e.g. to measure the uncached cost).
  if (opts.responseCache ?? process.env.OMO_RESPONSE_CACHE !== '0') {
    app.use(
      '/api/*',
      responseCache({
        version: async () => (await deps.catalog.state())?.hash ?? null,
        // Hub views change with each snapshot, not with the catalog: never cached here.
        paths: /^\/api\/(models|orgs|stats|timeline|compare|benchmarks|frontier)(\/(?!.*\/hub$)|$)/,
      }),
    );
  }

  app.get('/healthz', async (c) => {
    const catalog = await deps.catalog.state();
    return c.json({ ok: true, store: deps.store.dialect, catalog });
  });

  // OpenAPIHono.route merges each sub-app's documented paths into this app's registry.
  app.route('/', modelRoutes(deps));
  app.route('/', orgRoutes(deps));
  app.route('/', paramsRoutes());
  app.route('/', hubRoutes(deps));
  app.route('/', statsRoutes(deps));
  app.route('/', insightRoutes(deps));

  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Open Model Observatory API',
      version: '0.1.0',
      description:
        'Sourced facts about open-weight AI models and their makers. Lists share one grammar: field filters ' +
        '(field=value, field__gte=…), sort, limit with an opaque cursor (`next` and a Link header), facets, ' +
        'and format=json|csv|ndjson. Errors: {"error": {"code", "message"}}.',
    },
  });
  // Last: every other GET is a dashboard page.
  mountWebAssets(app);
  return app;
}
