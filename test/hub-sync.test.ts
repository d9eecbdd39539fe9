import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HubApiError } from '../src/sources/hf-hub/errors.ts';
import { retryAfterMs } from '../src/sources/hf-hub/list-hub-models.ts';
import { createDeps, type Deps, ensureCatalog } from '../src/store/deps.ts';
import { syncHub } from '../src/store/hub-sync.ts';
import { hubDb } from '../src/store/hub-tables.ts';
import { MINI_CATALOG } from './helpers/catalog-fixture.ts';
import { listenLocally } from './helpers/http.ts';
import { runOmoInProcess } from './helpers/run-omo-in-process.ts';
import { storeTargets } from './helpers/targets.ts';

// A local server speaking the Hub's GET /api/models: JSON arrays of items (the recorded fixture items), cursor
// pagination through `Link: <…>; rel="next"`, `author` and `search` filters, `limit`, and scripted failures
// (429 with Retry-After, 500s) to exercise back-off and resuming.

const ITEMS = readFileSync(
  fileURLToPath(new URL('./fixtures/hub/models-2025-07.jsonl', import.meta.url)),
  'utf8',
)
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as { id: string; author?: string });

interface FakeHub {
  url: string;
  requests: { url: URL; auth: string | undefined }[];
  /** Status codes to answer instead of a page, consumed one per request, keyed by cursor ('' for the first page). */
  failures: Map<string, { status: number; retryAfter?: string }[]>;
  close(): Promise<void>;
}

async function startFakeHub(pageSize = 5): Promise<FakeHub> {
  const requests: FakeHub['requests'] = [];
  const failures: FakeHub['failures'] = new Map();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    requests.push({ url, auth: req.headers.authorization });
    if (url.pathname !== '/api/models') {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"Not found"}');
      return;
    }
    const cursor = url.searchParams.get('cursor') ?? '';
    const failure = failures.get(cursor)?.shift();
    if (failure) {
      res
        .writeHead(failure.status, {
          'content-type': 'application/json',
          ...(failure.retryAfter !== undefined ? { 'retry-after': failure.retryAfter } : {}),
        })
        .end(JSON.stringify({ error: failure.status === 429 ? 'Too Many Requests' : 'Internal Error' }));
      return;
    }
    const author = url.searchParams.get('author');
    const search = url.searchParams.get('search');
    const limit = Math.min(Number(url.searchParams.get('limit') ?? 1000), pageSize);
    const matching = ITEMS.filter(
      (i) =>
        (!author || i.author === author) && (!search || i.id.toLowerCase().includes(search.toLowerCase())),
    );
    const start = cursor ? Number(Buffer.from(cursor, 'base64url').toString()) : 0;
    const page = matching.slice(start, start + limit);
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
    if (start + limit < matching.length) {
      const next = new URL(url);
      next.searchParams.set('cursor', Buffer.from(String(start + limit)).toString('base64url'));
      headers.link = `<${next.href}>; rel="next"`;
    }
    res.writeHead(200, headers).end(JSON.stringify(page));
  });
  return { ...(await listenLocally(server)), requests, failures };
}

const cursorOf = (n: number) => Buffer.from(String(n)).toString('base64url');

describe('Retry-After', () => {
  it('reads seconds and HTTP dates', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs('Wed, 21 Oct 2015 07:28:05 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(
      5000,
    );
    expect(retryAfterMs(null)).toBeNull();
    expect(retryAfterMs('soon')).toBeNull();
  });
});

describe.each(storeTargets)('omo sync hub on $name against a local fake Hub', (target) => {
  let deps: Deps;
  let url: string;
  let drop: () => Promise<void>;
  let hub: FakeHub;
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'omo-hub-sync-'));
  const slept: number[] = [];
  const sleep = async (ms: number) => {
    slept.push(ms);
  };

  beforeAll(async () => {
    const created = await target.create();
    url = created.url;
    drop = created.drop;
    deps = createDeps({ url, catalogDir: MINI_CATALOG });
    await ensureCatalog(deps);
    hub = await startFakeHub();
  });
  afterAll(async () => {
    await hub.close();
    await deps.store.close();
    await drop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('lists every page with the expand fields, backs off on 429 as Retry-After says, and ingests one snapshot', async () => {
    hub.requests.length = 0;
    hub.failures.set(cursorOf(5), [{ status: 429, retryAfter: '2' }, { status: 503 }]);
    const r = await syncHub(deps.store, {
      hubUrl: hub.url,
      accessToken: 'hf_test_token',
      spoolDir: tmp,
      at: new Date('2025-07-01T00:00:00Z'),
      sleep,
    });
    expect(r).toMatchObject({
      fetched: 15,
      resumed: false,
      changed: true,
      snapshot: { models: 15, edges: 12 },
    });
    expect(slept).toEqual([2000, 1000]);
    const first = hub.requests[0];
    expect(first?.auth).toBe('Bearer hf_test_token');
    expect(first?.url.searchParams.getAll('expand')).toEqual(
      expect.arrayContaining([
        'author',
        'cardData',
        'createdAt',
        'downloads',
        'downloadsAllTime',
        'likes',
        'tags',
      ]),
    );
    expect(hub.requests.length).toBe(5); // 3 pages, one 429 and one 503 retried
    const dragon = await deps.hub.lineage('dragon-lab/Dragon-MoE-200B-A20B', { depth: 0 });
    expect(dragon.derivatives).toEqual({ total: 6, finetune: 2, adapter: 1, quantized: 2, merge: 1 });
    expect(await hubDb(deps.store.db).selectFrom('hub_sync').selectAll().execute()).toEqual([]);
  });

  it('resumes an interrupted sync from the last finished page', async () => {
    hub.requests.length = 0;
    slept.length = 0;
    hub.failures.set(
      cursorOf(10),
      Array.from({ length: 9 }, () => ({ status: 500 })),
    );
    const failed = await syncHub(deps.store, {
      hubUrl: hub.url,
      spoolDir: tmp,
      at: new Date('2025-08-01T00:00:00Z'),
      sleep,
      search: 'a',
    }).catch((e) => e);
    // The fake sleep makes the back-off instant; 9 tries at most, then the listing stops with a clear error.
    hub.failures.delete(cursorOf(10));
    expect(failed).toBeInstanceOf(HubApiError);
    expect(failed.message).toContain('the Hub answered 500');
    const state = await hubDb(deps.store.db).selectFrom('hub_sync').selectAll().executeTakeFirstOrThrow();
    expect(state).toMatchObject({ fetched: 10, taken_at: '2025-08-01T00:00:00.000Z' });
    expect(state.next_url).toContain(`cursor=${cursorOf(10)}`);

    hub.requests.length = 0;
    const resumed = await syncHub(deps.store, { hubUrl: hub.url, spoolDir: tmp, sleep, search: 'a' });
    expect(resumed).toMatchObject({
      resumed: true,
      fetched: 14,
      snapshot: { models: 14, takenAt: '2025-08-01T00:00:00.000Z' },
    });
    expect(hub.requests.map((r) => r.url.searchParams.get('cursor'))).toEqual([cursorOf(10)]);
  });

  it('`omo sync hub` honours HF_ENDPOINT and HF_TOKEN and --author/--limit', async () => {
    hub.requests.length = 0;
    const r = await runOmoInProcess(
      [
        'sync',
        'hub',
        '--author',
        'dragon-lab',
        '--limit',
        '1',
        '--at',
        '2025-09-01T00:00:00Z',
        '--json',
        '--db',
        url,
      ],
      {
        HF_ENDPOINT: hub.url,
        HF_TOKEN: 'hf_from_env',
        OMO_HOME: tmp,
        OMO_CATALOG: MINI_CATALOG,
      },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      fetched: 1,
      snapshot: { models: 1, takenAt: '2025-09-01T00:00:00.000Z' },
    });
    expect(hub.requests[0]?.url.searchParams.get('author')).toBe('dragon-lab');
    expect(hub.requests[0]?.url.searchParams.get('limit')).toBe('1');
    expect(hub.requests[0]?.auth).toBe('Bearer hf_from_env');
  });
});
