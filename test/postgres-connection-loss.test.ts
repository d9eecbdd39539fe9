import { describe, expect, it } from 'vitest';
import { createApp } from '../src/api/app.ts';
import { createDeps, ensureCatalog } from '../src/store/deps.ts';
import { postgresPool } from '../src/store/open-store.ts';
import { MINI_CATALOG } from './helpers/catalog-fixture.ts';
import { call } from './helpers/http.ts';
import { storeTargets } from './helpers/targets.ts';

// The load benchmark (bench/load-bench.ts) stopped PostgreSQL under load and `omo serve` exited: a connection lent
// out of the pool, ended by the server between two queries, emitted an 'error' nobody listened to.

describe.each(storeTargets.filter((t) => t.name === 'postgres'))(
  'a $name connection ended by the server while lent out',
  (target) => {
    it('does not end the process, and the pool answers again with a new connection', async () => {
      const created = await target.create();
      const deps = createDeps({ url: created.url, catalogDir: MINI_CATALOG });
      try {
        await ensureCatalog(deps);
        const pool = postgresPool(deps.store);
        const lent = await pool.connect(); // as a request holds one between its queries
        const { rows } = await lent.query<{ pid: number }>('select pg_backend_pid() as pid');
        const ended = new Promise((resolve) => lent.once('end', resolve));
        await pool.query('select pg_terminate_backend($1)', [rows[0]?.pid]);
        await ended;
        lent.release();
        const res = await call(createApp(deps, { responseCache: false }), '/api/models?limit=1');
        expect(res.status).toBe(200);
      } finally {
        await deps.store.close();
        await created.drop();
      }
    });
  },
);
