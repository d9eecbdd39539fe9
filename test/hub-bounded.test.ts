import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OTHER_GROUP } from '../src/analysis/trend.ts';
import { createApp } from '../src/api/app.ts';
import type { Deps } from '../src/store/deps.ts';
import { type HubAnswers, hubAnswersFor } from '../src/store/hub-answers.ts';
import { MAX_TOP, MAX_TREND_GROUPS, parseRankOptions, parseTrendOptions } from '../src/store/hub-query.ts';
import type { HubReaderPool } from '../src/store/hub-reader-pool.ts';
import { call } from './helpers/http.ts';
import { miniStoreWithHub } from './helpers/mini-store.ts';
import { storeTargets } from './helpers/targets.ts';

// Hub answers are bounded in size, computed off the server's thread, once per snapshot and catalog version, and
// cancelled when their client goes away. No sleeps: the readers' test hook holds a job in its thread until released,
// and says when it holds one.

const FAMILY_TREND = '/api/trend?by=new-models&group=family&attribution=author&interval=year';

/** Starts a request without waiting for it; `settled` says whether it has answered. */
function start(app: ReturnType<typeof createApp>, url: string, signal?: AbortSignal) {
  const state = { settled: false };
  const response = Promise.resolve(app.request(new Request(`http://localhost${url}`, { signal }))).then(
    async (r) => {
      state.settled = true;
      return { status: r.status, json: await r.json() };
    },
  );
  return { state, response };
}

describe.each(storeTargets)('bounded Hub answers on $name', (target) => {
  let deps: Deps;
  let close: () => Promise<void>;
  let app: ReturnType<typeof createApp>;
  let answers: HubAnswers;
  let pool: HubReaderPool;

  beforeAll(async () => {
    ({ deps, close } = await miniStoreWithHub(target));
    app = createApp(deps);
    answers = hubAnswersFor(deps);
    if (!answers.pool) throw new Error('Hub answers on a file or server store run on reader threads');
    pool = answers.pool;
  });
  afterAll(async () => {
    await close();
  });

  it('refuses a top or a number of trend groups past the limit, naming the parameter and the limit', async () => {
    const top = await call(app, `/api/rank?top=${MAX_TOP + 1}`);
    expect(top.status).toBe(400);
    expect(top.json).toEqual({
      error: {
        code: 'invalid_parameter',
        message: `top must be between 1 and ${MAX_TOP}, got ${MAX_TOP + 1}`,
      },
    });
    expect((await call(app, `/api/rank?top=${MAX_TOP}`)).status).toBe(200);
    const groups = await call(app, `/api/trend?groups=${MAX_TREND_GROUPS + 1}`);
    expect(groups.status).toBe(400);
    expect(groups.json.error.message).toBe(
      `groups must be between 1 and ${MAX_TREND_GROUPS}, got ${MAX_TREND_GROUPS + 1}`,
    );
    // The CLI shares the schemas and names its flags.
    expect(() => parseRankOptions({ top: '1000000' })).toThrow(
      `--top must be between 1 and ${MAX_TOP}, got 1000000`,
    );
    expect(() => parseTrendOptions({ groups: '0' })).toThrow('--groups must be between 1 and');
  });

  it('keeps the largest groups of a trend and sums the rest per period into one (other) point', async () => {
    const all = await call(app, `${FAMILY_TREND}&groups=${MAX_TREND_GROUPS}`);
    const two = await call(app, `${FAMILY_TREND}&groups=2`);
    expect(all.status).toBe(200);
    expect(two.status).toBe(200);
    type Point = { period: string; group: string | null; count: number };
    const points = all.json as Point[];
    // The two groups with the most models over all periods, ties by name.
    const totals = new Map<string | null, number>();
    for (const p of points) totals.set(p.group, (totals.get(p.group) ?? 0) + p.count);
    const kept = [...totals]
      .sort(([ga, a], [gb, b]) => b - a || (String(ga) < String(gb) ? -1 : 1))
      .slice(0, 2)
      .map(([g]) => g);
    expect(totals.size).toBeGreaterThan(3);
    const expected: Point[] = [];
    for (const period of [...new Set(points.map((p) => p.period))].sort()) {
      const inPeriod = points.filter((p) => p.period === period);
      const own = inPeriod.filter((p) => kept.includes(p.group));
      const rest = inPeriod.filter((p) => !kept.includes(p.group)).reduce((s, p) => s + p.count, 0);
      expected.push(...own, ...(rest > 0 ? [{ period, group: OTHER_GROUP, count: rest }] : []));
    }
    expect(two.json).toEqual(expected);
  });

  it('/healthz and a catalog route answer while a Hub answer is being computed', async () => {
    pool.testing.hold = true;
    const hub = start(app, '/api/trend?by=new-models&group=org&interval=quarter');
    await pool.testing.held();
    expect((await call(app, '/healthz')).status).toBe(200);
    expect((await call(app, '/api/models?limit=1')).status).toBe(200);
    expect(hub.state.settled).toBe(false);
    pool.testing.hold = false;
    pool.testing.release();
    const answered = await hub.response;
    expect(answered.status).toBe(200);
    expect(answered.json).toEqual(
      await deps.hub.trend({ by: 'new-models', group: 'org', interval: 'quarter', attribution: 'root' }),
    );
  });

  it('computes an answer once per snapshot and catalog version: identical requests share it, later ones reuse it', async () => {
    const url = '/api/rank?by=likes&top=7&group=org';
    pool.testing.hold = true;
    const jobs = pool.testing.jobs;
    const first = start(app, url);
    const second = start(app, `${url}&attribution=author`); // the default, spelt out: the same question
    await pool.testing.held();
    await answers.waiting(2);
    pool.testing.hold = false;
    pool.testing.release();
    const [a, b] = await Promise.all([first.response, second.response]);
    expect(a).toEqual({
      status: 200,
      json: await deps.hub.rank(parseRankOptions({ by: 'likes', top: '7', group: 'org' })),
    });
    expect(b).toEqual(a);
    expect(pool.testing.jobs).toBe(jobs + 1);
    // Asked again, by another date that resolves to the same snapshot: from the cache.
    expect((await call(app, `${url}&at=2030`)).json).toEqual(a.json);
    expect(pool.testing.jobs).toBe(jobs + 1);
    // The analysts' accounts table is part of the version: changing it computes afresh.
    await deps.hub.upsertAccounts([{ account: 'zz-new-account', organisation: 'ZZ', country: 'ZZ' }]);
    expect((await call(app, url)).json).toEqual(a.json);
    expect(pool.testing.jobs).toBe(jobs + 2);
  });

  it('a request whose client goes away stops its computation, unless another request shares it', async () => {
    const url = '/api/trend?by=new-derivatives&group=family';
    pool.testing.hold = true;
    const cancelled = pool.testing.cancelled;
    // Two waiters: one leaves, the computation goes on for the other.
    const leaving = new AbortController();
    const left = start(app, url, leaving.signal);
    const staying = start(app, url);

    await pool.testing.held();

    await answers.waiting(2);

    leaving.abort();
    expect((await left.response).json.error.code).toBe('request_cancelled');
    expect(pool.testing.cancelled).toBe(cancelled);
    pool.testing.hold = false;
    pool.testing.release();
    expect((await staying.response).status).toBe(200);

    // The only waiter leaves: its reader thread is terminated mid-job and replaced when next needed.
    pool.testing.hold = true;
    const readers = pool.testing.readers();
    const alone = new AbortController();
    const gone = start(app, `${url}&interval=quarter`, alone.signal);
    await pool.testing.held();
    alone.abort();
    expect((await gone.response).json.error.code).toBe('request_cancelled');
    expect(pool.testing.cancelled).toBe(cancelled + 1);
    expect(pool.testing.readers()).toBe(readers - 1);
    pool.testing.hold = false;
    // Not cached as an answer: the same question is computed again, and answered.
    const again = await call(app, `${url}&interval=quarter`);
    expect(again.status).toBe(200);
    expect(again.json.length).toBeGreaterThan(0);
  });

  it.runIf(target.name === 'postgres')(
    'a cancelled computation stops on the PostgreSQL server too, not only in its thread',
    async () => {
      const running = async () => {
        const r = await sql<{ n: number }>`
          select count(*)::int as n from pg_stat_activity
          where state = 'active' and query like 'select pg_sleep(3600)%'`.execute(deps.store.db);
        return r.rows[0]?.n ?? 0;
      };
      /** Asks again every 50 ms until `want` holds (at most 10 s); PostgreSQL notices a gone client within 0.5 s. */
      const until = async (want: (n: number) => boolean) => {
        const deadline = Date.now() + 10_000;
        let n = await running();
        while (!want(n) && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 50));
          n = await running();
        }
        return n;
      };
      pool.testing.holdOnServer = true;
      const client = new AbortController();
      const gone = start(app, `${FAMILY_TREND}&groups=3`, client.signal);
      await pool.testing.held();
      pool.testing.holdOnServer = false;
      expect(await until((n) => n > 0)).toBe(1);
      client.abort();
      expect((await gone.response).json.error.code).toBe('request_cancelled');
      expect(await until((n) => n === 0)).toBe(0);
    },
  );

  it('a Hub question about a missing model or snapshot is answered in the one error shape from a reader', async () => {
    const missing = await call(app, '/api/lineage/nobody/Nothing');
    expect(missing.status).toBe(404);
    expect(missing.json.error.message).toBe(
      'no Hub model "nobody/Nothing" in the snapshot of 2025-08-01T00:00:00.000Z',
    );
    const early = await call(app, '/api/rank?at=2020');
    expect(early.status).toBe(404);
  });

  it("a catalog model's Hub view takes its lineage from a reader, once per snapshot", async () => {
    const jobs = pool.testing.jobs;
    const first = await call(app, '/api/models/dragon-moe/hub');
    expect(first.status).toBe(200);
    expect(first.json.repo).toBe('dragon-lab/Dragon-MoE-200B-A20B');
    expect(first.json.lineage).toEqual(
      (await call(app, '/api/lineage/dragon-lab/Dragon-MoE-200B-A20B?depth=2')).json,
    );
    expect(pool.testing.jobs).toBe(jobs + 1);
    const again = await call(app, '/api/models/dragon-moe/hub');
    expect(again.json).toEqual(first.json);
    expect(pool.testing.jobs).toBe(jobs + 1);
  });
});
