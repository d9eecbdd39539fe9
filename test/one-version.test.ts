import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/api/app.ts';
import { type Catalog, loadCatalog } from '../src/catalog/load-catalog.ts';
import { createDeps, type Deps, depsOver, readSnapshot } from '../src/store/deps.ts';
import { parseListQuery } from '../src/store/list-query.ts';
import { modelListSpec } from '../src/store/model-repo.ts';
import { migrate, openStore } from '../src/store/open-store.ts';
import { catalogCopy, MINI_CATALOG } from './helpers/catalog-fixture.ts';
import { storeTargets } from './helpers/targets.ts';

// One catalog version per answer, while `omo catalog load` commits in another connection. Nothing here depends on
// timing: a request is paused after its k-th query (for every k its answer has), another connection loads the other
// catalog and commits, then the request goes on. Its answer must be exactly the answer one of the two catalogs gives
// at rest, body and ETag: a list's total, rows and facets, the stats' hash and counts, all from one version.

/** Pauses the store's queries: armed with k, the k-th query result from then on waits until released. */
class PauseAfter implements KyselyPlugin {
  count = 0;
  private at = 0;
  private onPause = () => {};
  private released: Promise<void> = Promise.resolve();

  arm(k: number): { paused: Promise<true>; release(): void } {
    this.count = 0;
    this.at = k;
    let release = () => {};
    this.released = new Promise<void>((resolve) => (release = resolve));
    const paused = new Promise<true>((resolve) => (this.onPause = () => resolve(true)));
    return { paused, release };
  }

  disarm(): void {
    this.at = 0;
    this.count = 0;
  }

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    if (++this.count === this.at) {
      this.onPause();
      await this.released;
    }
    return args.result;
  }
}

type Version = 'A' | 'B';
const other = (v: Version): Version => (v === 'A' ? 'B' : 'A');
// Fixed load times, so that an answer at rest (the stats' asOf) is the same whenever its catalog was loaded.
const LOADED_AT: Record<Version, Date> = {
  A: new Date('2026-01-01T00:00:00Z'),
  B: new Date('2026-02-01T00:00:00Z'),
};

// Every catalog route, with lists that have rows, a total, facets and a next page.
const URLS = [
  '/api/models?facet=country&facet=license&limit=3',
  '/api/models?sort=-released&limit=2&facet=modality',
  '/api/models/dragon-lab/Dragon-MoE-200B-A20B',
  '/api/models/acme-ai/Acme-7B-Chat/hub',
  '/api/orgs?facet=country',
  '/api/orgs/acme',
  '/api/stats',
  '/api/stats?format=csv&table=byOrganization',
  '/api/timeline?interval=year&group=organization',
  '/api/compare?ids=dragon-moe,acme-ai/Acme-7B-Chat',
  '/api/benchmarks',
  '/api/frontier?benchmark=MMLU&x=total',
  '/api/licenses',
  '/api/adoption',
];

describe.each(storeTargets)('one catalog version per answer on $name', (target) => {
  const catalogB = catalogCopy({
    'dragon-lab/models/dragon-video.toml': null,
    'acme/models/acme-vision.toml': null,
  });
  const catalogs = {} as Record<Version, Catalog>;
  const drops: (() => Promise<void>)[] = [];
  const closes: (() => Promise<void>)[] = [];
  /** A store holding `version`, loaded by its own connection. */
  async function storeAt(version: Version): Promise<Deps & { url: string }> {
    const created = await target.create();
    drops.push(created.drop);
    const deps = createDeps({ url: created.url, catalogDir: catalogs[version].dir });
    closes.push(() => deps.store.close());
    await migrate(deps.store);
    await deps.catalog.replace(catalogs[version], LOADED_AT[version]);
    return { ...deps, url: created.url };
  }
  // The answers at rest: one store per catalog, never loaded again.
  const atRest = {} as Record<Version, Deps>;
  const expected = new Map<string, { status: number; body: string; etag: string | null }>();
  async function answerAtRest(version: Version, url: string, cache: boolean) {
    const key = `${version} ${cache} ${url}`;
    let answer = expected.get(key);
    if (!answer) {
      const r = await createApp(atRest[version], { responseCache: cache }).request(url);
      answer = { status: r.status, body: await r.text(), etag: r.headers.get('etag') };
      expected.set(key, answer);
    }
    return answer;
  }
  // The store under test: its reader's queries can be paused; its loader is a second connection.
  const pause = new PauseAfter();
  let reader: Deps;
  let loader: Deps;
  let now: Version = 'A';
  /** The other catalog, loaded and committed by the loader while a read is paused. */
  async function loadTheOther(): Promise<void> {
    now = other(now);
    const result = await loader.catalog.replace(catalogs[now], LOADED_AT[now]);
    expect(result.changed).toBe(true);
  }

  beforeAll(async () => {
    catalogs.A = loadCatalog(MINI_CATALOG);
    catalogs.B = loadCatalog(catalogB.dir);
    expect(catalogs.B.models.length).toBeLessThan(catalogs.A.models.length);
    atRest.A = await storeAt('A');
    atRest.B = await storeAt('B');
    const loaded = await storeAt('A');
    loader = loaded;
    // The reader has a connection (SQLite) or pool (PostgreSQL) of its own, as a server beside `omo catalog load`.
    const store = openStore({ url: loaded.url });
    closes.push(() => store.close());
    reader = depsOver({ ...store, db: store.db.withPlugin(pause) }, MINI_CATALOG);
  });
  afterAll(async () => {
    for (const close of closes) await close();
    for (const drop of drops) await drop();
    catalogB.cleanup();
  });

  it('a read paused between its queries while a load commits still sees one catalog, inside readSnapshot', async () => {
    // Every model on one page: its rows, total and facets each show which catalog they were read from.
    const query = parseListQuery(modelListSpec, [
      ['facet', 'country'],
      ['limit', '50'],
    ]);
    const pages = {
      A: JSON.stringify(await atRest.A.models.list(query)),
      B: JSON.stringify(await atRest.B.models.list(query)),
    };
    expect(pages.A).not.toBe(pages.B);
    const read = {
      // Without a snapshot the hazard is real: the rows come from one catalog, the total from the next.
      plain: () => reader.models.list(query),
      snapshot: () => readSnapshot(reader, (d) => d.models.list(query)),
    };
    const seen: Record<string, string> = {};
    for (const [name, list] of Object.entries(read)) {
      const hold = pause.arm(1);
      const answer = list();
      await hold.paused;
      await loadTheOther();
      hold.release();
      seen[name] = JSON.stringify(await answer);
      pause.disarm();
    }
    expect([pages.A, pages.B]).not.toContain(seen.plain);
    expect([pages.A, pages.B]).toContain(seen.snapshot);
  });

  it.each([false, true])(
    'every catalog route, paused after each of its queries while the other catalog loads, answers for one catalog (response cache %s)',
    async (cache) => {
      let loads = 0;
      for (const url of URLS) {
        // How many queries the answer takes: each gap between two of them gets a load. With the cache, a server's
        // first request also reads the catalog version before its snapshot.
        pause.disarm();
        await createApp(reader, { responseCache: false }).request(url);
        const queries = pause.count + (cache ? 1 : 0);
        for (let k = 1; k < queries; k++) {
          // A new server each time, so that the paused request computes its answer rather than finding it kept.
          const app = createApp(reader, { responseCache: cache });
          const hold = pause.arm(k);
          const answer = Promise.resolve(app.request(url));
          const paused = await Promise.race([hold.paused, answer.then(() => false as const)]);
          if (paused) {
            await loadTheOther();
            loads++;
          }
          hold.release();
          await expectOneVersion(url, await answer, cache);
          pause.disarm();
          // The load has committed: what the cache kept from that request is one catalog's answer, so labelled.
          await expectOneVersion(url, await app.request(url), cache);
        }
      }
      expect(loads).toBeGreaterThan(URLS.length * 2);
    },
  );

  async function expectOneVersion(url: string, r: Response, cache: boolean): Promise<void> {
    const body = await r.text();
    const [a, b] = [await answerAtRest('A', url, cache), await answerAtRest('B', url, cache)];
    // Both catalogs may give the same body (a model they share), under ETags of their own versions.
    const same = [a, b].filter((e) => e.status === r.status && e.body === body);
    expect(
      same.length,
      `${url} answered what neither catalog answers at rest: ${body.slice(0, 300)}`,
    ).toBeGreaterThan(0);
    expect(
      same.map((e) => e.etag),
      `${url}: an ETag neither catalog gives this answer`,
    ).toContain(r.headers.get('etag'));
  }
});
