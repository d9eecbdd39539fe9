import { describe, expect, it } from 'vitest';
import { createApp } from '../src/api/app.ts';
import { createDeps, ensureCatalog, readSnapshot } from '../src/store/deps.ts';
import { MINI_CATALOG } from './helpers/catalog-fixture.ts';
import { call } from './helpers/http.ts';
import { storeTargets } from './helpers/targets.ts';

// /healthz reads over a connection of its own (src/store/quick-reads.ts). Without it the probe queued behind every
// request in flight: on SQLite behind the one connection's transaction, on PostgreSQL behind a pool whose ten
// connections slow answers held. No timing: the store's connections are held until the probe has answered.

describe.each(storeTargets)('/healthz on $name', (target) => {
  it('answers while every connection of the store is held by requests in flight', async () => {
    const created = await target.create();
    const deps = createDeps({ url: created.url, catalogDir: MINI_CATALOG });
    try {
      await ensureCatalog(deps);
      const expected = (await deps.catalog.state())?.hash;
      const app = createApp(deps, { responseCache: false });
      // SQLite: one connection, one transaction at a time; PostgreSQL: the pool's ten connections.
      const connections = deps.store.dialect === 'postgres' ? 10 : 1;
      let release = () => {};
      const gate = new Promise<void>((resolve) => (release = resolve));
      let entered = 0;
      let allEntered = () => {};
      const holding = new Promise<void>((resolve) => (allEntered = resolve));
      const holders = Array.from({ length: connections }, () =>
        readSnapshot(deps, async (d) => {
          await d.catalog.state();
          if (++entered === connections) allEntered();
          await gate;
        }),
      );
      await holding;
      // A catalog route needs one of those connections: it cannot answer until they are given back.
      let statsAnswered = false;
      const stats = call(app, '/api/stats').then((r) => {
        statsAnswered = true;
        return r;
      });
      const health = await call(app, '/healthz');
      const heldWhileProbed = !statsAnswered;
      release();
      await Promise.all(holders);
      expect(health.status).toBe(200);
      expect(health.json.catalog.hash).toBe(expected);
      expect(heldWhileProbed).toBe(true);
      expect((await stats).status).toBe(200);
    } finally {
      await deps.store.close();
      await created.drop();
    }
  });
});

describe.each(storeTargets.filter((t) => t.name === 'sqlite'))('an answer read on $name', (target) => {
  it('lets the event loop turn between its queries, so sockets are served while it runs', async () => {
    const created = await target.create();
    const deps = createDeps({ url: created.url, catalogDir: MINI_CATALOG });
    try {
      await ensureCatalog(deps);
      const order: string[] = [];
      await readSnapshot(deps, async (d) => {
        await d.catalog.state();
        // Queued for the next turn of the event loop, as an arriving request is: better-sqlite3 answers the next
        // query synchronously, so without a turn after it this would run only once the whole answer is done.
        setImmediate(() => order.push('a turn of the event loop'));
        await d.catalog.state();
        order.push('the second query answered');
      });
      expect(order).toEqual(['a turn of the event loop', 'the second query answered']);
    } finally {
      await deps.store.close();
      await created.drop();
    }
  });
});
