import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { WEB_DIST } from './web-build.ts';

// The dashboard's HTTP side: its page routes answer index.html (the client routes them, see src/web/main.ts), its
// hashed files under /assets are cached for good, and every other path outside the API is a 404.

/** The client's routes (src/web/main.ts `route`); keep the two in step. */
const DASHBOARD_PAGES = [
  '/',
  '/models',
  '/models/*',
  '/compare',
  '/efficiency',
  '/orgs',
  '/orgs/*',
  '/families/*',
  '/verify',
  '/leaders',
];

const pageHeaders = secureHeaders({
  strictTransportSecurity: false,
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    styleSrc: ["'self'", "'unsafe-inline'"],
    objectSrc: ["'none'"],
    baseUri: ["'none'"],
    frameAncestors: ["'none'"],
  },
});

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** A path outside the API and the dashboard: a page that says so for browsers, the error shape for others. */
export function pageNotFound(c: Context): Response | null {
  if (!(c.req.header('Accept') ?? '').includes('text/html')) return null;
  return c.html(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not found · Open Model Observatory</title><link rel="icon" href="data:,"></head>` +
      `<body><h1>Not found</h1><p>No page at ${escapeHtml(c.req.path)}. <a href="/">Back to the overview</a>.</p></body></html>`,
    404,
  );
}

export function mountDashboard(app: OpenAPIHono): void {
  // Vite names each file after its content hash: a new build has new names, so a file never changes.
  const immutable: MiddlewareHandler = async (c, next) => {
    await next();
    if (c.res.status === 200) c.res.headers.set('Cache-Control', 'public, max-age=31536000, immutable');
  };
  app.get('/assets/*', immutable, serveStatic({ root: WEB_DIST }), (c) => c.notFound());
  const index = path.join(WEB_DIST, 'index.html');
  for (const page of DASHBOARD_PAGES) {
    app.get(page, pageHeaders, (c) => {
      if (!existsSync(index)) {
        return c.text(
          'The dashboard is not built yet: run `omo serve` (it builds it) or `npm run build:web`.',
          503,
        );
      }
      return c.html(readFileSync(index, 'utf8'));
    });
  }
}
