import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { WEB_DIST } from './web-build.ts';

// The dashboard's bundle (dist/web) is built by web-build.ts.

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/** Serves /assets/* from the bundle and index.html for every other page route (the client routes them). */
export function mountWebAssets(app: OpenAPIHono): void {
  app.get('/assets/*', (c) => {
    const name = path.basename(c.req.path);
    const file = path.join(WEB_DIST, 'assets', name);
    if (!/^[\w.-]+$/.test(name) || !existsSync(file)) return c.notFound();
    c.header('Cache-Control', 'public, max-age=31536000, immutable');
    return c.body(readFileSync(file), 200, {
      'Content-Type': TYPES[path.extname(name)] ?? 'application/octet-stream',
    });
  });
  app.get('*', (c, next) => {
    const p = c.req.path;
    if (p.startsWith('/api/') || p === '/api' || p === '/healthz') return next();
    const index = path.join(WEB_DIST, 'index.html');
    if (!existsSync(index)) {
      return c.text(
        'The dashboard is not built yet: run `omo serve` (it builds it) or `npm run build:web`.',
        503,
      );
    }
    c.header('Cache-Control', 'no-cache');
    c.header(
      'Content-Security-Policy',
      "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    );
    c.header('X-Content-Type-Options', 'nosniff');
    return c.html(readFileSync(index, 'utf8'));
  });
}
