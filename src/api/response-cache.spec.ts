import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { responseCache } from './response-cache.ts';

// No test here waits for time to pass: the data version changes when a test says so, the version check runs on a
// clock the test moves, and a slow answer is one that waits for the test to let it go.

function appWith(
  version: { value: string | null },
  opts: { checkEveryMs?: number; now?: () => number } = {},
) {
  const calls = { n: 0, versionReads: 0 };
  let entered = () => {};
  const handlerEntered = new Promise<void>((resolve) => (entered = resolve));
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  const gate = { held: false, handlerEntered, release };
  // Like a route inside its read snapshot, the handler says which version its answer was read at.
  const app = new Hono<{ Variables: { readAt: string | null } }>();
  app.use(
    '*',
    responseCache({
      version: async () => {
        calls.versionReads++;
        return version.value;
      },
      readAt: (c) => c.get('readAt'),
      checkEveryMs: opts.checkEveryMs ?? 0,
      ...(opts.now ? { now: opts.now } : {}),
      paths: /^\/data/,
    }),
  );
  app.get('/data', async (c) => {
    calls.n++;
    entered();
    if (gate.held) await released;
    c.header('X-Total-Count', '7');
    c.set('readAt', version.value);
    return c.json({ version: version.value, n: calls.n });
  });
  app.get('/data/unread', (c) => {
    calls.n++;
    return c.text('read outside any snapshot');
  });
  app.get('/data/fail', (c) => {
    calls.n++;
    return c.json({ error: 'no' }, 400);
  });
  app.get('/other', (c) => {
    calls.n++;
    return c.text('x');
  });
  return { app, calls, gate };
}

/** Lets every pending promise callback run: the requests below wait on nothing but promises. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('responseCache', () => {
  it('answers repeats from memory, coalesces concurrent misses and keeps the headers', async () => {
    const version = { value: 'v1' };
    const { app, calls, gate } = appWith(version);
    // The first answer is held until the other three requests have arrived and are waiting for it.
    gate.held = true;
    const requests = [1, 2, 3, 4].map(() => app.request('/data?x=1'));
    await gate.handlerEntered;
    await settle();
    expect(calls.n).toBe(1);
    gate.release();
    const answers = await Promise.all(requests);
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

  it('keeps an answer under the version it was read at, not the one looked up before it ran', async () => {
    const version = { value: 'v1' };
    const { app, calls, gate } = appWith(version);
    // A load commits while the answer is computed: it is read at v2, though the lookup saw v1.
    gate.held = true;
    const first = app.request('/data');
    await gate.handlerEntered;
    version.value = 'v2';
    gate.release();
    expect(await (await first).json()).toEqual({ version: 'v2', n: 1 });
    gate.held = false;
    // Back at v1 (catalogs A, B, A): the v2 answer is not v1's.
    version.value = 'v1';
    expect(await (await app.request('/data')).json()).toEqual({ version: 'v1', n: 2 });
    expect(calls.n).toBe(2);
  });

  it('does not keep an answer that names no version it was read at', async () => {
    const { app, calls } = appWith({ value: 'v1' });
    await app.request('/data/unread');
    await app.request('/data/unread');
    expect(calls.n).toBe(2);
  });

  it('reads the data version at most once per checkEveryMs, on the clock it is given', async () => {
    const version = { value: 'v1' };
    const clock = { now: 1_000_000 };
    const { app, calls } = appWith(version, { checkEveryMs: 1000, now: () => clock.now });
    await app.request('/data');
    version.value = 'v2';
    clock.now += 999;
    expect(await (await app.request('/data')).json()).toEqual({ version: 'v1', n: 1 });
    expect(calls.versionReads).toBe(1);
    clock.now += 1;
    expect(await (await app.request('/data')).json()).toEqual({ version: 'v2', n: 2 });
    expect(calls.versionReads).toBe(2);
  });

  it('with checkEveryMs 0 reads the version on every request, however close together', async () => {
    const version = { value: 'v1' };
    const { app, calls } = appWith(version, { now: () => 5 });
    await app.request('/data');
    await app.request('/data');
    expect(calls.versionReads).toBe(2);
    version.value = 'v2';
    expect(await (await app.request('/data')).json()).toEqual({ version: 'v2', n: 2 });
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
