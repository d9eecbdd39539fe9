import { createHash } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';

interface Entry {
  version: string;
  status: number;
  body: string;
  headers: [string, string][];
  etag: string;
}

const KEPT_HEADERS = ['content-type', 'link', 'x-total-count'];

/**
 * Caches successful GET answers in memory by URL and data version. Catalog data changes only when a catalog load
 * commits, so the answers for one version never change. An answer is kept under the version it was read at
 * (`readAt`, from the route's own read transaction), never under the version looked up before it ran: a load
 * that commits while an answer is computed cannot leave one version's answer labelled with another. Lookups use
 * `version`, read at most once per `checkEveryMs`: for that long after a load, a request may get the previous
 * version's answer, whole and labelled (ETag) as such. An answer without a `readAt` version is not kept.
 * Identical requests that arrive while the first is computing wait for it instead of computing again.
 * Answers carry a weak ETag (the same answer in gzip or br is the same to the reader); the app's etag middleware
 * answers a matching `If-None-Match` with 304.
 */
export function responseCache(opts: {
  /** The data version now, for lookups. */
  version: () => Promise<string | null>;
  /** The data version a computed answer was read at; null or undefined: do not keep it. */
  readAt: (c: Context) => string | null | undefined;
  /** Which request paths to cache. */
  paths: RegExp;
  checkEveryMs?: number;
  /** The clock `checkEveryMs` is measured on (tests give one of their own). */
  now?: () => number;
  maxEntries?: number;
  maxBytes?: number;
}): MiddlewareHandler {
  const checkEvery = opts.checkEveryMs ?? 1000;
  const clock = opts.now ?? Date.now;
  const maxEntries = opts.maxEntries ?? 5000;
  const maxBytes = opts.maxBytes ?? 64 * 1024 * 1024;
  const entries = new Map<string, Entry>();
  const pending = new Map<string, Promise<void>>();
  let bytes = 0;
  let current: { at: number; value: Promise<string | null> } | null = null;

  const version = () => {
    const now = clock();
    if (!current || now - current.at >= checkEvery) current = { at: now, value: opts.version() };
    return current.value;
  };
  const evict = () => {
    for (const [key, e] of entries) {
      if (entries.size <= maxEntries && bytes <= maxBytes) break;
      entries.delete(key);
      bytes -= e.body.length;
    }
  };

  return async (c, next) => {
    if (c.req.method !== 'GET' || !opts.paths.test(c.req.path)) return next();
    const v = await version();
    if (v === null) return next();
    const url = new URL(c.req.url);
    // By origin too: answers hold absolute links built from the request's URL.
    const key = `${url.origin}${url.pathname}?${url.search}`;
    let entry = entries.get(key);
    if (entry?.version !== v) {
      const inFlight = pending.get(key);
      if (inFlight) {
        await inFlight;
        entry = entries.get(key);
      }
    }
    if (entry?.version === v) {
      entries.delete(key); // refresh its place in the LRU order
      entries.set(key, entry);
      return c.body(
        entry.body,
        entry.status as 200,
        Object.fromEntries([...entry.headers, ['ETag', entry.etag]]),
      );
    }
    let done = () => {};
    pending.set(key, new Promise<void>((resolve) => (done = resolve)));
    try {
      await next();
      const at = opts.readAt(c);
      if (c.res.status === 200 && typeof at === 'string') {
        const body = await c.res.clone().text();
        const headers = KEPT_HEADERS.flatMap((h): [string, string][] => {
          const value = c.res.headers.get(h);
          return value === null ? [] : [[h, value]];
        });
        const etag = `W/"${createHash('sha1').update(at).update(body).digest('base64url')}"`;
        const old = entries.get(key);
        if (old) bytes -= old.body.length;
        entries.set(key, { version: at, status: 200, body, headers, etag });
        bytes += body.length;
        evict();
        c.res.headers.set('ETag', etag);
      }
    } finally {
      pending.delete(key);
      done();
    }
  };
}
