import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { type ServerType, serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/api/app.ts';
import { answerClientErrors } from '../src/api/client-errors.ts';
import { allowedHostsFor } from '../src/api/host-check.ts';
import { createDeps, type Deps, ensureCatalog } from '../src/store/deps.ts';
import { MINI_CATALOG } from './helpers/catalog-fixture.ts';
import { call, rawExchange } from './helpers/http.ts';
import { miniStoreWithHub } from './helpers/mini-store.ts';
import { runOmoInProcess } from './helpers/run-omo-in-process.ts';
import { storeTargets } from './helpers/targets.ts';

// Strict input: a name every object inherits (constructor, toString, __proto__…) is an unknown parameter like any
// other, on every route: 400 in the error shape, never a 500.

type App = ReturnType<typeof createApp>;

const INHERITED = ['constructor', 'toString', 'valueOf', '__proto__', 'hasOwnProperty', 'isPrototypeOf'];

/** Each route with the query it needs to be valid (the crafted name is appended). */
const ROUTES = [
  '/api/models?',
  '/api/models/acme/acme-7b?',
  '/api/models/acme/acme-7b/hub?',
  '/api/orgs?',
  '/api/orgs/acme?',
  '/api/stats?',
  '/api/timeline?',
  '/api/compare?ids=acme/acme-7b,acme/acme-7b&',
  '/api/benchmarks?',
  '/api/frontier?benchmark=x&',
  '/api/licenses?',
  '/api/adoption?',
  '/api/rank?',
  '/api/trend?',
  '/api/lineage/acme/acme-7b?',
  '/api/hub/snapshots?',
  '/healthz?',
];

describe.each(storeTargets)('strict input on $name', (target) => {
  let deps: Deps;
  let close: () => Promise<void>;
  let app: App;

  beforeAll(async () => {
    ({ deps, close } = await miniStoreWithHub(target));
    app = createApp(deps, { responseCache: false });
  });
  afterAll(() => close());

  it('answers every route 400 in the error shape for a parameter named after an inherited property', async () => {
    const wrong: string[] = [];
    for (const route of ROUTES) {
      for (const name of INHERITED) {
        for (const key of [name, `${name}__gte`]) {
          const url = `${route}${key}=1`;
          const res = await call(app, url);
          if (
            res.status !== 400 ||
            typeof res.json?.error?.code !== 'string' ||
            !res.json.error.message.includes(key)
          )
            wrong.push(`${url} → ${res.status} ${res.text.slice(0, 120)}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it.each([
    ['/api/timeline?group=constructor', '"group"'],
    ['/api/timeline?interval=__proto__', '"interval"'],
    ['/api/stats?table=toString', '"table"'],
    ['/api/stats?format=constructor', 'format'],
    ['/api/compare?ids=acme/acme-7b,acme/acme-7b&table=valueOf', '"table"'],
    ['/api/frontier?benchmark=x&x=constructor', '"x"'],
    ['/api/rank?by=constructor', 'by'],
    ['/api/rank?group=__proto__', 'group'],
    ['/api/trend?interval=hasOwnProperty', 'interval'],
    ['/api/trend?attribution=toString', 'attribution'],
    ['/api/models?sort=valueOf', 'sort'],
    ['/api/orgs?facet=constructor', 'facet'],
  ])('answers %s 400 naming %s (an inherited name as a value)', async (url, name) => {
    const res = await call(app, url);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('invalid_parameter');
    expect(res.json.error.message).toContain(name);
  });

  it.each([
    ['/api/rank?top=1&top=2', 'top'],
    ['/api/rank?group=org&group=org', 'group'],
    ['/api/trend?interval=year&interval=month', 'interval'],
    ['/api/lineage/acme-ai/Acme-7B?depth=1&depth=2', 'depth'],
    ['/api/hub/snapshots?format=json&format=csv', 'format'],
  ])('answers the repeated Hub parameter of %s 400 naming %s', async (url, name) => {
    const res = await call(app, url);
    expect(res.status).toBe(400);
    expect(res.json.error).toEqual({
      code: 'invalid_parameter',
      message: expect.stringContaining(`parameter "${name}" given 2 times`),
    });
  });

  it('refuses a parameter POST /api/params does not take', async () => {
    const res = await app.request('/api/params?constructor=1', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: { code: 'unknown_parameter', message: 'unknown parameter "constructor"' },
    });
  });

  it.each([
    ['/api/rank?topp=5', 'topp'],
    ['/api/trend?snapshot=1', 'snapshot'],
    ['/api/lineage/acme-ai/Acme-7B?deep=2', 'deep'],
    ['/api/hub/snapshots?limit=1', 'limit'],
  ])('answers the unknown Hub parameter of %s 400 naming %s', async (url, name) => {
    const res = await call(app, url);
    expect(res.status).toBe(400);
    expect(res.json.error).toEqual({ code: 'unknown_parameter', message: `unknown parameter "${name}"` });
  });

  it.each([
    ['/api/models?q=%00', 'q'],
    ['/api/models?name=a%00b', 'name'],
    ['/api/models?family=x%7f', 'family'],
    ['/api/models?released__gte=2025%00', 'released__gte'],
    ['/api/models?cursor=%00', 'cursor'],
    ['/api/models/%00', 'id'],
    ['/api/models/acme/acme-7b%1b', 'id'],
    ['/api/models/acme%00/hub', 'id'],
    ['/api/orgs/%00', 'id'],
    ['/api/orgs?country=%1b', 'country'],
    ['/api/lineage/%00', 'id'],
    ['/api/lineage/acme-ai/x%09y', 'id'],
    ['/api/compare?ids=%00,x', 'ids'],
    ['/api/frontier?benchmark=%00', 'benchmark'],
    ['/api/frontier?benchmark=x&metric=%00', 'metric'],
    ['/api/stats?org=%00', 'org'],
    ['/api/timeline?q=a%0db', 'q'],
    ['/api/rank?at=2025%00', 'at'],
    ['/api/trend?at=%08', 'at'],
    ['/api/licenses?format=%00', 'format'],
    ['/healthz?x=%00', 'x'],
  ])('refuses the control character in %s with 400 naming %s', async (url, name) => {
    const res = await call(app, url);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('invalid_parameter');
    expect(res.json.error.message).toContain(`parameter "${name}" holds a control character`);
    // The message quotes the value with its controls escaped, never raw.
    expect([...res.json.error.message].some((ch) => ch < ' ' || ch === '\x7f')).toBe(false);
  });

  it('shows where the catalog and the Hub dumps lie by name only, never by absolute path', async () => {
    const health = await call(app, '/healthz');
    expect(health.json.catalog.dir).toBe(path.basename(MINI_CATALOG));
    const snapshots = await call(app, '/api/hub/snapshots');
    expect(snapshots.json.map((s: { source: string }) => s.source)).toEqual(['models-2025-08.jsonl']);
    for (const url of ['/healthz', '/api/hub/snapshots', '/api/hub/snapshots?format=csv']) {
      const { text } = await call(app, url);
      expect(text).not.toContain(path.dirname(MINI_CATALOG));
      expect(text).not.toContain(process.cwd());
      expect(text).not.toContain(os.tmpdir());
    }
  });

  it.each(['/api/lineage/acme-ai/x%0ay', '/api/models/a%0d%0ab', '/api/orgs/x%0a'])(
    'refuses %s, whose line break no route matches, with 400 (not 404)',
    async (url) => {
      const res = await call(app, url);
      expect(res.status).toBe(400);
      expect(res.json.error.code).toBe('invalid_parameter');
      expect(res.json.error.message).toContain('holds a control character');
      expect([...res.json.error.message].some((ch) => ch < ' ')).toBe(false);
    },
  );

  /** A cursor as this server writes one: base64url JSON of the sort signature and the last row's keys. */
  const cursor = (s: unknown, v: unknown) => Buffer.from(JSON.stringify({ s, v })).toString('base64url');

  it.each([
    ['text where a number goes', '/api/models?sort=-params_total', cursor('-params_total,id', ['lots', 'x'])],
    ['text where a number goes', '/api/orgs?sort=-models', cursor('-models,id', ['many', 'acme'])],
    ['a number where text goes', '/api/models?sort=name', cursor('name,id', ['Acme', 7])],
    ['a boolean key', '/api/orgs?sort=name', cursor('name,id', [true, 'x'])],
    ['an object key', '/api/models?sort=-params_total', cursor('-params_total,id', [{ n: 1 }, 'x'])],
    [
      'an infinite number',
      '/api/models?sort=-params_total',
      Buffer.from('{"s":"-params_total,id","v":[1e400,"x"]}').toString('base64url'),
    ],
    ['too few keys', '/api/models?sort=-params_total', cursor('-params_total,id', [7])],
    ['too many keys', '/api/models?sort=name', cursor('name,id', ['a', 'b', 'c'])],
    ['a NUL in a text key', '/api/models?sort=name', cursor('name,id', ['a\u0000b', 'x'])],
    ['no signature', '/api/models?sort=name', cursor(7, ['a', 'x'])],
    ['keys that are not a list', '/api/orgs?sort=name', cursor('name,id', 'a,x')],
    ['JSON that is not an object', '/api/models?sort=name', Buffer.from('[1,2]').toString('base64url')],
    ['an overlong cursor', '/api/models?sort=name', cursor('name,id', ['a'.repeat(5000), 'x'])],
  ])('refuses a forged cursor with %s (%s): invalid_cursor 400', async (_what, url, forged) => {
    const res = await call(app, `${url}&cursor=${forged}`);
    expect(res.status, res.text).toBe(400);
    expect(res.json.error).toEqual({
      code: 'invalid_cursor',
      message: 'cursor is not one this server issued',
    });
  });

  it('follows a well-typed cursor it did not issue (keys are data, not trust)', async () => {
    const res = await call(
      app,
      `/api/models?sort=-params_total&cursor=${cursor('-params_total,id', [1e12, 'zzz'])}`,
    );
    expect(res.status).toBe(200);
  });
});

/** A local port nobody listens on: one the system just gave out and took back. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Every route that reads the store, as a client would call it. */
const STORE_ROUTES = [
  '/healthz',
  '/api/models',
  '/api/models/acme/acme-7b',
  '/api/models/acme/acme-7b/hub',
  '/api/orgs',
  '/api/orgs/acme',
  '/api/stats',
  '/api/timeline',
  '/api/compare?ids=acme/acme-7b,acme/acme-7b',
  '/api/benchmarks',
  '/api/frontier?benchmark=MMLU',
  '/api/licenses',
  '/api/rank',
  '/api/trend',
  '/api/lineage/acme-ai/Acme-7B',
  '/api/hub/snapshots',
];

/** The routes whose answer is not 503 store_unavailable in the error shape. */
async function not503(app: App): Promise<string[]> {
  const wrong: string[] = [];
  for (const url of STORE_ROUTES) {
    const res = await call(app, url);
    if (res.status !== 503 || res.json?.error?.code !== 'store_unavailable')
      wrong.push(`${url} → ${res.status} ${res.text.slice(0, 120)}`);
  }
  return wrong;
}

describe('a PostgreSQL store that cannot be reached', () => {
  it('answers every route 503 store_unavailable, and the CLI exits 1 saying so', async () => {
    const url = `postgres://omo:secret@127.0.0.1:${await closedPort()}/omo`;
    const deps = createDeps({ url, catalogDir: MINI_CATALOG });
    try {
      expect(await not503(createApp(deps))).toEqual([]);
      expect(await not503(createApp(deps, { responseCache: false }))).toEqual([]);
      const res = await call(createApp(deps), '/healthz');
      expect(res.json.error.message).not.toContain('secret');
    } finally {
      await deps.store.close();
    }
    for (const args of [['models'], ['show', 'acme-7b'], ['catalog', 'stats']]) {
      const cli = await runOmoInProcess([...args, '--db', url]);
      expect(cli.code, cli.stderr).toBe(1);
      expect(cli.stderr).toMatch(/^omo: the database (at postgres:\S+ )?is unavailable \(.*ECONNREFUSED.*\)/);
      expect(cli.stderr).not.toContain('secret');
      expect(cli.stderr).not.toContain('    at ');
    }
  });
});

describe.each(storeTargets.filter((t) => t.name === 'postgres'))(
  'a $name store whose database is dropped',
  (target) => {
    it('answers every route 503 store_unavailable once the database is gone', async () => {
      const created = await target.create();
      const deps = createDeps({ url: created.url, catalogDir: MINI_CATALOG });
      try {
        await ensureCatalog(deps);
        const app = createApp(deps, { responseCache: false });
        expect((await call(app, '/healthz')).status).toBe(200);
        await created.drop();
        expect(await not503(app)).toEqual([]);
      } finally {
        await deps.store.close();
        await created.drop();
      }
    });
  },
);

describe('requests Node refuses before the app sees them', () => {
  let server: ServerType;
  let port: number;
  let deps: Deps;
  beforeAll(async () => {
    deps = createDeps({ url: ':memory:', catalogDir: MINI_CATALOG });
    server = serve({ fetch: createApp(deps).fetch, port: 0, hostname: '127.0.0.1' });
    answerClientErrors(server);
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await deps.store.close();
  });

  it('answers a URL over 16 KB 431 in the error shape', async () => {
    const res = await rawExchange(
      port,
      `GET /api/models?q=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`,
    );
    expect(res.status).toBe(431);
    expect(res.headers).toMatch(/content-type: application\/json/i);
    expect(JSON.parse(res.body)).toEqual({
      error: { code: 'request_too_large', message: expect.stringContaining('16 KB') },
    });
  });

  it('stops reading a chunked POST /api/params body at the limit: 413 in the error shape after 2 of 50 MB', async () => {
    // The client sends 2 MiB of an announced-as-endless chunked body, then waits: a server that read the whole
    // body before answering would never answer.
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1');
      let text = '';
      const settle = () => {
        const [head = '', body = ''] = text.split('\r\n\r\n');
        const length = Number(/content-length: (\d+)/i.exec(head)?.[1] ?? Number.NaN);
        if (Buffer.byteLength(body) >= length || socket.destroyed) {
          socket.destroy();
          resolve({ status: Number(head.split(' ')[1]), body });
        }
      };
      socket.on('data', (d) => {
        text += d.toString('utf8');
        settle();
      });
      socket.on('close', settle);
      socket.on('error', (e: NodeJS.ErrnoException) => (e.code === 'EPIPE' ? undefined : reject(e)));
      socket.write(
        'POST /api/params HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n',
      );
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      for (let sent = 0; sent < 2 * 1024 * 1024; sent += chunk.length)
        socket.write(
          Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]),
        );
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toEqual({
      error: { code: 'payload_too_large', message: 'config body over 1048576 bytes' },
    });
  });

  it('answers bytes that are not HTTP 400 in the error shape', async () => {
    const res = await rawExchange(port, 'HELLO THERE\r\n\r\n');
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).error.code).toBe('bad_request');
  });
});

describe('the Host check against DNS rebinding', () => {
  let deps: Deps;
  beforeAll(async () => {
    deps = createDeps({ url: ':memory:', catalogDir: MINI_CATALOG });
  });
  afterAll(async () => {
    await deps.store.close();
  });
  const status = async (app: App, host: string) =>
    (await app.request('/api/openapi.json', { headers: { Host: host } })).status;

  it('answers on a loopback bind only the names of this machine, with any port', async () => {
    const app = createApp(deps, { allowedHosts: allowedHostsFor('127.0.0.1') });
    for (const host of ['127.0.0.1:8787', 'localhost:8787', 'LOCALHOST', '[::1]:8787', '127.0.0.1'])
      expect(await status(app, host), host).toBe(200);
    for (const host of [
      'attacker.example:8787',
      'attacker.example',
      'localhost.attacker.example',
      '127.0.0.2',
    ])
      expect(await status(app, host), host).toBe(421);
    const res = await app.request('/healthz', { headers: { Host: 'attacker.example:8787' } });
    expect(await res.json()).toEqual({
      error: {
        code: 'host_not_allowed',
        message:
          'this server does not answer for Host "attacker.example"; `omo serve --allowed-host attacker.example` lets it',
      },
    });
  });

  it('adds the names given with --allowed-host, and answers any name on a wildcard bind without them', async () => {
    const named = createApp(deps, {
      allowedHosts: allowedHostsFor('127.0.0.1', ['omo.lan', 'Box.Local:8787']),
    });
    expect(await status(named, 'omo.lan:8787')).toBe(200);
    expect(await status(named, 'box.local')).toBe(200);
    expect(await status(named, 'localhost:8787')).toBe(200);
    expect(await status(named, 'other.lan')).toBe(421);
    expect(allowedHostsFor('0.0.0.0')).toBeNull();
    expect(allowedHostsFor('::')).toBeNull();
    expect(allowedHostsFor('::1')).toContain('[::1]');
    const any = createApp(deps, { allowedHosts: allowedHostsFor('0.0.0.0') });
    expect(await status(any, 'attacker.example')).toBe(200);
    const onlyNamed = createApp(deps, { allowedHosts: allowedHostsFor('0.0.0.0', ['omo.lan']) });
    expect(await status(onlyNamed, 'omo.lan')).toBe(200);
    expect(await status(onlyNamed, 'attacker.example')).toBe(421);
  });
});
