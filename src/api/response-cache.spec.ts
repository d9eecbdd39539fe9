import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { responseCache } from './response-cache.ts';

function appWith(version: { value: string | null }) {
  const calls = { n: 0 };
  const app = new Hono();
  app.use('*', responseCache({ version: async () => version.value, checkEveryMs: 0, paths: /^\/data/ }));
  app.get('/data', async (c) => {
    calls.n++;
    await new Promise((r) => setTimeout(r, 20));
    c.header('X-Total-Count', '7');
    return c.json({ version: version.value, n: calls.n });
  });
  app.get('/data/fail', (c) => {
    calls.n++;
    return c.json({ error: 'no' }, 400);
  });
  app.get('/other', (c) => {
    calls.n++;
    return c.text('x');
  });
  return { app, calls };
}

describe('responseCache', () => {
  it('answers repeats from memory, coalesces concurrent misses and keeps the headers', async () => {
    const version = { value: 'v1' };
    const { app, calls } = appWith(version);
    const answers = await Promise.all([1, 2, 3, 4].map(() => app.request('/data?x=1')));
    expect(calls.n).toBe(1);
    for (const a of answers) expect(await a.json()).toEqual({ version: 'v1', n: 1 });
    const again = await app.request('/data?x=1');
    expect(again.headers.get('x-total-count')).toBe('7');
    expect(again.headers.get('content-type')).toMatch(/json/);
    expect(calls.n).toBe(1);
    await app.request('/data?x=2');
    expect(calls.n).toBe(2);
  });

  it('recomputes after the data version changes', async () => {
    const version = { value: 'v1' };
    const { app, calls } = appWith(version);
    await app.request('/data');
    version.value = 'v2';
    expect(await (await app.request('/data')).json()).toEqual({ version: 'v2', n: 2 });
    expect(calls.n).toBe(2);
  });

  it('sends the same weak ETag from the cache, and a new one with the next version', async () => {
    const version = { value: 'v1' };
    const { app } = appWith(version);
    const etag = (await app.request('/data')).headers.get('etag');
    expect(etag).toMatch(/^W\/".+"$/);
    expect((await app.request('/data')).headers.get('etag')).toBe(etag);
    version.value = 'v2';
    expect((await app.request('/data')).headers.get('etag')).not.toBe(etag);
  });

  it('never caches errors, other paths, or anything while there is no version', async () => {
    const { app, calls } = appWith({ value: 'v1' });
    await app.request('/data/fail');
    await app.request('/data/fail');
    await app.request('/other');
    await app.request('/other');
    expect(calls.n).toBe(4);
    const none = appWith({ value: null });
    await none.app.request('/data');
    await none.app.request('/data');
    expect(none.calls.n).toBe(2);
  });
});
