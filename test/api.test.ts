import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/api/app.ts';
import { type Catalog, loadCatalog } from '../src/catalog/load-catalog.ts';
import type { Model } from '../src/domain/model.ts';
import LLAMA2_7B from '../src/params/fixtures/llama-2-7b.json' with { type: 'json' };
import { createDeps, type Deps, ensureCatalog } from '../src/store/deps.ts';
import { ingestHub } from '../src/store/hub-ingest.ts';
import { MINI_CATALOG } from './helpers/catalog-fixture.ts';
import { call } from './helpers/http.ts';
import { storeTargets } from './helpers/targets.ts';

type App = ReturnType<typeof createApp>;

/** Follows `next` links from `url` and returns every page's ids in order. */
async function pageThrough(app: App, url: string): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let next: string | null = url;
  let pages = 0;
  while (next) {
    const r = await call(app, next);
    expect(r.status, next).toBe(200);
    ids.push(...r.json.rows.map((row: { id: string }) => row.id));
    if (r.json.next) expect(r.headers.get('link')).toBe(`<${r.json.next}>; rel="next"`);
    next = r.json.next;
    if (++pages > 100) throw new Error('pagination does not end');
  }
  return { ids, pages };
}

function compareNullsLast(a: string | number | null, b: string | number | null, desc: boolean): number {
  if (a === null && b === null) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  const c = a < b ? -1 : a > b ? 1 : 0;
  return desc ? -c : c;
}

const sortValue: Record<string, (m: Model) => string | number | null> = {
  id: (m) => m.id,
  name: (m) => m.name,
  released: (m) => m.released,
  params_total: (m) => m.parameters.total,
  params_active: (m) => m.parameters.active,
  context_length: (m) => m.contextLength,
  training_tokens: (m) => m.training?.tokens ?? null,
  training_cost_usd: (m) => m.training?.costUsd ?? null,
  training_flops: (m) => m.training?.flops ?? null,
};

describe.each(storeTargets)('API on $name (mini catalog)', (target) => {
  let deps: Deps;
  let drop: () => Promise<void>;
  let app: App;
  let catalog: Catalog;
  let models: Model[];

  beforeAll(async () => {
    const created = await target.create();
    drop = created.drop;
    deps = createDeps({ url: created.url, catalogDir: MINI_CATALOG });
    await ensureCatalog(deps);
    catalog = loadCatalog(MINI_CATALOG);
    // Lists hold models only unless the query asks for another kind.
    models = catalog.models.filter((m) => m.kind === 'model');
    app = createApp(deps);
  });
  afterAll(async () => {
    await deps.store.close();
    await drop();
  });

  const filters: [string, (m: Model) => boolean][] = [
    ['country=CN', (m) => m.countries.includes('CN')],
    ['country=US', (m) => m.countries.includes('US')],
    ['country=CN,US', (m) => m.countries.includes('CN') || m.countries.includes('US')],
    ['country__ne=US', (m) => !m.countries.includes('US')],
    ['org=acme', (m) => m.organizations.some((o) => o.id === 'acme')],
    ['org=acme&org=dragon-lab', () => true],
    ['modality=video', (m) => m.modalities.input.includes('video') || m.modalities.output.includes('video')],
    ['modality__contains=image', (m) => [...m.modalities.input, ...m.modalities.output].includes('image')],
    ['input=image', (m) => m.modalities.input.includes('image')],
    ['output=video', (m) => m.modalities.output.includes('video')],
    ['output=action', (m) => m.modalities.output.includes('action')],
    ['task=robotics', (m) => m.tasks.includes('robotics')],
    ['task=chat,reasoning', (m) => m.tasks.includes('chat') || m.tasks.includes('reasoning')],
    ['family=Dragon', (m) => m.family === 'Dragon'],
    ['family__isnull=true', (m) => m.family === null],
    ['kind=dataset', (m) => m.kind === 'dataset'],
    ['weights=open', (m) => m.weights === 'open'],
    ['weights__ne=open', (m) => m.weights !== 'open'],
    ['open=true', (m) => m.open],
    ['open=false', (m) => !m.open],
    ['license=MIT', (m) => m.license.id === 'MIT'],
    ['license_class=non-commercial', (m) => m.license.class === 'non-commercial'],
    ['architecture=moe', (m) => m.architecture === 'moe'],
    ['released__gte=2025-01', (m) => m.released !== null && m.released >= '2025-01'],
    ['released__lt=2025', (m) => m.released !== null && m.released < '2025'],
    ['released__isnull=true', (m) => m.released === null],
    ['year=2024', (m) => m.released?.startsWith('2024') === true],
    ['params_total__gte=5e9', (m) => (m.parameters.total ?? -1) >= 5e9],
    ['params_total__lt=10000000000', (m) => m.parameters.total !== null && m.parameters.total < 1e10],
    ['params_total__isnull=true', (m) => m.parameters.total === null],
    ['params_total__isnull=false', (m) => m.parameters.total !== null],
    ['params_active__lte=2e10', (m) => m.parameters.active !== null && m.parameters.active <= 2e10],
    ['context_length__gt=10000', (m) => (m.contextLength ?? 0) > 10000],
    ['training_tokens__gte=1e13', (m) => (m.training?.tokens ?? 0) >= 1e13],
    ['training_tokens__isnull=false', (m) => m.training?.tokens != null],
    ['training_flops__gte=1e24', (m) => (m.training?.flops ?? 0) >= 1e24],
    ['training_flops__lte=1e23', (m) => m.training?.flops != null && m.training.flops <= 1e23],
    ['training_cost_usd__lte=5e6', (m) => m.training?.costUsd != null && m.training.costUsd <= 5e6],
    ['training_gpu_hours__gt=1e6', (m) => (m.training?.gpuHours ?? 0) > 1e6],
    ['training_flops_method=estimate-6ND', (m) => m.training?.flopsMethod === 'estimate-6ND'],
    [
      'size=3-10B',
      (m) => m.parameters.total !== null && m.parameters.total >= 3e9 && m.parameters.total < 1e10,
    ],
    ['size=unknown&size=>=150B', (m) => m.parameters.total === null || m.parameters.total >= 1.5e11],
    ['q=dragon', (m) => /dragon/i.test([m.id, m.name, ...m.aliases].join(' '))],
    ['q=%E9%BE%99', (m) => m.aliases.some((a) => a.includes('龙'))],
    ['id=acme-ai/Acme-7B', (m) => m.id === 'acme-ai/Acme-7B'],
    ['name=Dragon-MoE', (m) => m.name === 'Dragon-MoE'],
    ['name=Acme%20Vision%2C%20%22Pro%22', (m) => m.name === 'Acme Vision, "Pro"'],
    ['license=MIT&license=acme-community', (m) => ['MIT', 'acme-community'].includes(m.license.id)],
    [
      'country=CN&open=true&architecture=moe',
      (m) => m.countries.includes('CN') && m.open && m.architecture === 'moe',
    ],
  ];

  it.each(filters)('filter %s returns exactly the matching models', async (q, predicate) => {
    const r = await call(app, `/api/models?${q}&limit=1000`);
    expect(r.status).toBe(200);
    const expected = (q.includes('kind=') ? catalog.models : models)
      .filter(predicate)
      .map((m) => m.id)
      .sort();
    expect(expected.length, 'a filter test that matches nothing proves little').toBeGreaterThan(0);
    expect(r.json.rows.map((row: Model) => row.id).sort()).toEqual(expected);
    expect(r.json.total).toBe(expected.length);
    expect(r.json.next).toBeNull();
  });

  it.each(Object.keys(sortValue).flatMap((k) => [k, `-${k}`]))(
    'sort=%s orders rows, nulls last, ties by id',
    async (sort) => {
      const desc = sort.startsWith('-');
      const key = desc ? sort.slice(1) : sort;
      const value = sortValue[key] as (m: Model) => string | number | null;
      const r = await call(app, `/api/models?sort=${sort}&limit=1000`);
      expect(r.status).toBe(200);
      const expected = [...models]
        .sort(
          (a, b) => compareNullsLast(value(a), value(b), desc) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
        )
        .map((m) => m.id);
      expect(r.json.rows.map((row: Model) => row.id)).toEqual(expected);
    },
  );

  it.each(['-released', 'released', 'params_total', '-params_total', 'name', '-context_length,name'])(
    'cursor pagination with sort=%s neither repeats nor skips rows',
    async (sort) => {
      const all = await call(app, `/api/models?sort=${sort}&limit=1000`);
      for (const limit of [1, 2, 4]) {
        const paged = await pageThrough(app, `/api/models?sort=${sort}&limit=${limit}`);
        expect(paged.ids).toEqual(all.json.rows.map((r: Model) => r.id));
        expect(paged.pages).toBe(Math.ceil(models.length / limit));
      }
      const filtered = await pageThrough(app, `/api/models?sort=${sort}&limit=1&country=CN`);
      expect(filtered.ids.sort()).toEqual(
        models
          .filter((m) => m.countries.includes('CN'))
          .map((m) => m.id)
          .sort(),
      );
    },
  );

  it('facets count rows per value under the current filters', async () => {
    const r = await call(
      app,
      '/api/models?facet=country&facet=modality&facet=license_class&facet=year&facet=size&limit=1',
    );
    expect(r.status).toBe(200);
    const countOf = (pred: (m: Model) => boolean) => models.filter(pred).length;
    const facet = (name: string) =>
      Object.fromEntries(
        r.json.facets[name].map((f: { value: unknown; count: number }) => [String(f.value), f.count]),
      );
    expect(facet('country')).toEqual({
      CN: countOf((m) => m.countries.includes('CN')),
      US: countOf((m) => m.countries.includes('US')),
    });
    expect(facet('modality').video).toBe(
      countOf((m) => [...m.modalities.input, ...m.modalities.output].includes('video')),
    );
    expect(facet('license_class')['no-weights']).toBe(countOf((m) => m.license.class === 'no-weights'));
    expect(facet('year')['2025']).toBe(countOf((m) => m.released?.startsWith('2025') === true));
    expect(facet('year').null).toBe(countOf((m) => m.released === null));
    expect(facet('size').unknown).toBe(countOf((m) => m.parameters.total === null));
    // Facets follow the filters.
    const cn = await call(app, '/api/models?country=CN&facet=org');
    const orgs = Object.fromEntries(
      cn.json.facets.org.map((f: { value: string; count: number }) => [f.value, f.count]),
    );
    expect(orgs).toEqual({ 'dragon-lab': countOf((m) => m.countries.includes('CN')), acme: 1 });
  });

  it('returns CSV with one header, quoting, and defused formulas', async () => {
    const r = await call(app, '/api/models?format=csv&sort=id&limit=1000');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = r.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'id,name,family,organizations,countries,released,weights,license,license_class,input,output,tasks,architecture,params_total,params_active,context_length,hugging_face',
    );
    expect(lines).toHaveLength(models.length + 1);
    expect(r.text).toContain(
      'acme/acme-vision,"Acme Vision, ""Pro""",Acme,acme,US,2025-06,api-only,proprietary',
    );
    expect(r.text).toContain(`acme/acme-formula,"'=HYPERLINK(""http://evil.example"")"`);
    expect(r.text).toContain('dragon-lab/joint-robot,Joint Robot Policy,,dragon-lab;acme,CN;US,2025-03-10');
    expect(r.headers.get('x-total-count')).toBe(String(models.length));
  });

  it('returns NDJSON, one row per line, with the Link header for the next page', async () => {
    const r = await call(app, '/api/models?format=ndjson&sort=id&limit=3');
    expect(r.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    const rows = r.text
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows.map((x) => x.id)).toEqual(
      models
        .map((m) => m.id)
        .sort()
        .slice(0, 3),
    );
    expect(r.headers.get('link')).toMatch(
      /^<http:\/\/localhost\/api\/models\?format=ndjson&sort=id&limit=3&cursor=[\w-]+>; rel="next"$/,
    );
  });

  it.each([
    ['foo=1', 'unknown_parameter', 'foo'],
    ['country__gt=CN', 'unknown_parameter', 'country'],
    ['params_total__between=1', 'unknown_parameter', 'params_total__between'],
    ['limit=abc', 'invalid_parameter', 'limit'],
    ['limit=1000000', 'invalid_parameter', 'limit'],
    ['limit=0', 'invalid_parameter', 'limit'],
    ['limit=-5', 'invalid_parameter', 'limit'],
    ['limit=1&limit=2', 'invalid_parameter', 'limit'],
    ['params_total__gte=abc', 'invalid_parameter', 'params_total__gte'],
    ['params_total__gte=1;drop%20table%20models', 'invalid_parameter', 'params_total__gte'],
    ['released__gte=yesterday', 'invalid_parameter', 'released__gte'],
    ['weights=bogus', 'invalid_parameter', 'weights'],
    ['open=maybe', 'invalid_parameter', 'open'],
    ['sort=bogus', 'invalid_parameter', 'bogus'],
    ['sort=name;drop', 'invalid_parameter', 'name;drop'],
    ['facet=bogus', 'invalid_parameter', 'bogus'],
    ['format=xml', 'invalid_parameter', 'format'],
    ['cursor=garbage', 'invalid_cursor', 'cursor'],
    ['country=', 'invalid_parameter', 'country'],
    // Names every object inherits are not fields, sorts or facets.
    ['constructor=1', 'unknown_parameter', 'constructor'],
    ['hasOwnProperty__gte=1', 'unknown_parameter', 'hasOwnProperty__gte'],
    ['sort=toString', 'invalid_parameter', 'toString'],
    ['facet=__proto__', 'invalid_parameter', '__proto__'],
  ])('rejects %s with 400 and the error shape', async (q, code, mention) => {
    const r = await call(app, `/api/models?${q}`);
    expect(r.status).toBe(400);
    expect(Object.keys(r.json)).toEqual(['error']);
    expect(r.json.error.code).toBe(code);
    expect(r.json.error.message).toContain(mention);
  });

  it('rejects a cursor issued for another sort order', async () => {
    const first = await call(app, '/api/models?sort=name&limit=1');
    const cursor = new URL(first.json.next, 'http://x').searchParams.get('cursor');
    const r = await call(app, `/api/models?sort=-released&limit=1&cursor=${cursor}`);
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe('invalid_cursor');
  });

  it('treats SQL metacharacters in values as plain data', async () => {
    for (const q of ["name=' OR 1=1 --", 'q=%25', 'q=_', "q=' or ''='", 'id=acme-ai/Acme-7B%22%3B--']) {
      const r = await call(app, `/api/models?${q}`);
      expect(r.status, q).toBe(200);
      expect(r.json.total, q).toBe(0);
    }
    // Values of name-matched fields are looked up among the known names first, and refused.
    for (const q of ["country=CN'); DROP TABLE models; --", 'family=Dragon%27%20OR%20%271%27=%271']) {
      const r = await call(app, `/api/models?${q}`);
      expect(r.status, q).toBe(400);
      expect(r.json.error.code, q).toBe('invalid_parameter');
    }
    const all = await call(app, '/api/models?limit=1000');
    expect(all.json.total).toBe(models.length);
  });

  it('returns one model by id (slash kept), alias or any case, with every fact', async () => {
    const r = await call(app, '/api/models/dragon-lab/Dragon-MoE-200B-A20B');
    expect(r.status).toBe(200);
    const expected = models.find((m) => m.id === 'dragon-lab/Dragon-MoE-200B-A20B');
    expect(r.json).toEqual(JSON.parse(JSON.stringify(expected)));
    for (const alias of [
      'dragon-lab/dragon-moe-200b-a20b',
      encodeURIComponent('龙MoE'),
      'Dragon%20MoE',
      'dragon-moe',
    ]) {
      const a = await call(app, `/api/models/${alias}`);
      expect(a.status, alias).toBe(200);
      expect(a.json.id).toBe('dragon-lab/Dragon-MoE-200B-A20B');
    }
  });

  it('answers 404 with the error shape for unknown models, organisations and routes', async () => {
    for (const url of [
      '/api/models/nobody/Nothing',
      '/api/models/nothing',
      '/api/orgs/nobody',
      '/api/nothing',
    ]) {
      const r = await call(app, url);
      expect(r.status, url).toBe(404);
      expect(r.json.error.code).toBe('not_found');
    }
  });

  it('lists and shows organisations with the same grammar', async () => {
    const all = await call(app, '/api/orgs?sort=-models&facet=country');
    expect(all.json.rows.map((o: { id: string }) => o.id)).toEqual(['acme', 'dragon-lab']);
    expect(all.json.rows[0].modelCount).toBe(5);
    expect(all.json.facets.country).toEqual([
      { value: 'CN', count: 1 },
      { value: 'US', count: 1 },
    ]);
    const cn = await call(app, '/api/orgs?country=CN');
    expect(cn.json.rows.map((o: { id: string }) => o.id)).toEqual(['dragon-lab']);
    const one = await call(app, '/api/orgs/dragon-lab');
    expect(one.json).toMatchObject({
      id: 'dragon-lab',
      nativeName: '龙实验室',
      country: 'CN',
      huggingFace: ['dragon-lab'],
    });
    expect((await call(app, '/api/orgs/acme-ai')).json.id).toBe('acme');
    const csv = await call(app, '/api/orgs?format=csv');
    expect(csv.text.split('\r\n')[0]).toBe('id,name,native_name,country,kind,models,hugging_face,website');
    expect((await call(app, '/api/orgs?kind=castle')).status).toBe(400);
  });

  it('GET /api/stats and /healthz state the date the catalog reaches and when its facts were read', async () => {
    const newest = catalog.models
      .flatMap((m) => (m.released ? [m.released] : []))
      .sort()
      .at(-1);
    const sources = [...catalog.models, ...catalog.organizations].flatMap((e) => e.sources);
    // The fixture dates three sources: 2024-03-05, 2025-06-01 and 2025-11-20; the others have no date.
    const factsRead = {
      oldest: '2024-03-05',
      newest: '2025-11-20',
      sources: sources.length,
      undated: sources.filter((s) => !s.accessed).length,
    };
    expect(factsRead.undated).toBe(sources.length - 3);
    const all = await call(app, '/api/stats');
    expect(all.json.asOf).toMatchObject({ catalogReaches: newest, latestRelease: newest, factsRead });
    // A filter narrows the latest release it matches, never what the catalog reaches.
    const older = await call(app, '/api/stats?year=2024');
    expect(older.json.asOf.catalogReaches).toBe(newest);
    expect(older.json.asOf.latestRelease).toBe(
      models
        .flatMap((m) => (m.released?.startsWith('2024') ? [m.released] : []))
        .sort()
        .at(-1),
    );
    expect(older.json.asOf.latestRelease).toMatch(/^2024/);
    const health = await call(app, '/healthz');
    expect(health.json.catalog.freshness).toEqual({ reaches: newest, factsRead });
  });

  it('GET /api/stats counts models by country, kind of maker, modality, licence class, weights and year', async () => {
    const r = await call(app, '/api/stats');
    expect(r.status).toBe(200);
    const ms = models.filter((m) => m.kind === 'model');
    const count = (pred: (m: Model) => boolean) => ms.filter(pred).length;
    const of = (rows: { value: unknown; count: number }[]) =>
      Object.fromEntries(rows.map((x) => [String(x.value), x.count]));
    expect(r.json.totals).toEqual({
      models: ms.length,
      organizations: 2,
      countries: 2,
      openWeights: count((m) => m.open),
      withParameters: count((m) => m.parameters.total !== null),
    });
    expect(of(r.json.byCountry)).toEqual({
      CN: count((m) => m.countries.includes('CN')),
      US: count((m) => m.countries.includes('US')),
    });
    const cn = r.json.byCountry.find((c: { value: string }) => c.value === 'CN');
    expect(cn.share).toBeCloseTo(count((m) => m.countries.includes('CN')) / ms.length);
    expect(cn.paramsTotal).toBe(
      ms.filter((m) => m.countries.includes('CN')).reduce((a, m) => a + (m.parameters.total ?? 0), 0),
    );
    expect(of(r.json.byOrganizationKind)).toEqual({
      'big-tech': count((m) => m.countries.includes('US')),
      startup: count((m) => m.countries.includes('CN')),
    });
    expect(of(r.json.byModality.output).video).toBe(count((m) => m.modalities.output.includes('video')));
    expect(of(r.json.byLicenseClass)['no-weights']).toBe(count((m) => m.license.class === 'no-weights'));
    expect(of(r.json.byWeights)).toEqual({
      open: count((m) => m.open),
      'api-only': 1,
      'paper-only': 1,
      announced: 1,
    });
    expect(r.json.byYear.map((y: { value: number | null }) => y.value)).toEqual([2023, 2024, 2025, null]);
    expect(r.json.asOf).toEqual({
      catalogLoadedAt: expect.any(String),
      catalogHash: catalog.hash,
      latestRelease: '2025-06',
      catalogReaches: '2025-06',
      factsRead: expect.objectContaining({ oldest: '2024-03-05', newest: '2025-11-20' }),
    });

    const open = await call(app, '/api/stats?open=true&country=CN');
    expect(open.json.totals.models).toBe(count((m) => m.open && m.countries.includes('CN')));
    expect(open.json.filters).toEqual({ open: ['true'], country: ['CN'], kind: ['model'] });
    const withData = await call(app, '/api/stats?kind=dataset');
    expect(withData.json.totals.models).toBe(1);
    expect((await call(app, '/api/stats?sort=name')).status).toBe(400);
    expect((await call(app, '/api/stats?bogus=1')).json.error.code).toBe('unknown_parameter');
  });

  it('GET /api/timeline counts releases per period and group, leaving coarser dates out', async () => {
    const r = await call(app, '/api/timeline?interval=month&group=country');
    expect(r.status).toBe(200);
    const ms = models.filter((m) => m.kind === 'model');
    const expected = new Map<string, number>();
    for (const m of ms) {
      if (!m.released || m.released.length < 7) continue;
      for (const c of m.countries) {
        const key = `${m.released.slice(0, 7)} ${c}`;
        expected.set(key, (expected.get(key) ?? 0) + 1);
      }
    }
    const got = new Map(
      r.json.rows.map((row: { period: string; group: string; count: number }) => [
        `${row.period} ${row.group}`,
        row.count,
      ]),
    );
    expect(got).toEqual(expected);
    expect(r.json.undated).toBe(ms.filter((m) => !m.released || m.released.length < 7).length);
    expect(r.json.rows.map((row: { period: string }) => row.period)).toEqual(
      [...r.json.rows.map((row: { period: string }) => row.period)].sort(),
    );
    const yearly = await call(app, '/api/timeline?interval=year&group=none&open=true');
    expect(yearly.json.rows).toEqual([
      {
        period: '2024',
        group: 'all',
        count: ms.filter((m) => m.open && m.released?.startsWith('2024')).length,
      },
      {
        period: '2025',
        group: 'all',
        count: ms.filter((m) => m.open && m.released?.startsWith('2025')).length,
      },
    ]);
    expect((await call(app, '/api/timeline?interval=week')).json.error.message).toContain(
      '"interval" takes one of month, year',
    );
    expect((await call(app, '/api/timeline?group=planet')).status).toBe(400);
  });

  it('GET /api/compare compares models given by id or alias; GET /api/frontier marks the Pareto frontier', async () => {
    const r = await call(app, '/api/compare?ids=dragon-moe,acme-ai/Acme-7B-Chat');
    expect(r.status).toBe(200);
    expect(r.json.reference).toBe('dragon-lab/Dragon-MoE-200B-A20B');
    expect(r.json.parameters[1]).toMatchObject({
      id: 'acme-ai/Acme-7B-Chat',
      totalRatio: 0.035,
      activeRatio: 0.35,
    });
    expect(r.json.benchmarks.map((b: { benchmark: string }) => b.benchmark)).toEqual(['MMLU']);
    expect((await call(app, '/api/compare?ids=dragon-moe')).status).toBe(400);
    expect((await call(app, '/api/compare?ids=dragon-moe,nothing-here')).status).toBe(404);

    const benchmarks = await call(app, '/api/benchmarks');
    expect(benchmarks.json.rows[0]).toEqual({ benchmark: 'MMLU', metric: 'accuracy', models: 2 });
    const f = await call(app, '/api/frontier?benchmark=MMLU&x=total');
    expect(f.json.metric).toBe('accuracy');
    expect(
      f.json.points.map((p: { id: string; total: number; score: number; onFrontier: boolean }) => [
        p.id,
        p.total,
        p.score,
        p.onFrontier,
      ]),
    ).toEqual([
      ['acme-ai/Acme-7B-Chat', 7e9, 61.2, true],
      ['dragon-lab/Dragon-MoE-200B-A20B', 200e9, 85, true],
    ]);
    const cn = await call(app, '/api/frontier?benchmark=MMLU&country=CN');
    expect(cn.json.frontier).toEqual(['dragon-lab/Dragon-MoE-200B-A20B']);
    expect((await call(app, '/api/frontier')).status).toBe(400);
    expect((await call(app, '/api/frontier?benchmark=MMLU&x=height')).status).toBe(400);
  });

  it("GET /api/models/{id}/hub gives a catalog model's Hub derivatives, null before any snapshot", async () => {
    const before = await call(app, '/api/models/dragon-moe/hub');
    expect(before.status).toBe(200);
    expect(before.json).toEqual({
      id: 'dragon-lab/Dragon-MoE-200B-A20B',
      repos: ['dragon-lab/Dragon-MoE-200B-A20B', 'dragon-lab/Dragon-MoE-200B-A20B-Base'],
      snapshot: null,
      repo: null,
      lineage: null,
    });
    const file = fileURLToPath(new URL('./fixtures/hub/models-2025-08.jsonl', import.meta.url));
    await ingestHub(deps.store, { input: file, at: new Date('2025-08-01T00:00:00Z'), skipInvalid: true });
    const after = await call(app, '/api/models/dragon-moe/hub');
    const lineage = await call(app, '/api/lineage/dragon-lab/Dragon-MoE-200B-A20B?depth=2');
    expect(after.json.repo).toBe('dragon-lab/Dragon-MoE-200B-A20B');
    expect(after.json.lineage).toEqual(lineage.json);
    // A model none of whose repos is in the snapshot.
    const absent = await call(app, '/api/models/acme/acme-vision/hub');
    expect(absent.json).toMatchObject({
      repo: null,
      lineage: null,
      snapshot: expect.stringMatching(/^2025-08-01/),
    });
    expect((await call(app, '/api/models/nobody/nothing/hub')).status).toBe(404);
  });

  it('reports health and serves an OpenAPI document that lists every route and filter', async () => {
    const health = await call(app, '/healthz');
    expect(health.json).toMatchObject({
      ok: true,
      store: target.name,
      catalog: { hash: catalog.hash, models: catalog.models.length },
    });
    const doc = await call(app, '/api/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.json.openapi).toBe('3.1.0');
    expect(Object.keys(doc.json.paths).sort()).toEqual([
      '/api/adoption',
      '/api/benchmarks',
      '/api/boards',
      '/api/compare',
      '/api/frontier',
      '/api/hub/snapshots',
      '/api/leaders',
      '/api/leaders/best',
      '/api/licenses',
      '/api/lineage/{id}',
      '/api/models',
      '/api/models/{id}',
      '/api/models/{id}/hub',
      '/api/orgs',
      '/api/orgs/{id}',
      '/api/params',
      '/api/rank',
      '/api/stats',
      '/api/timeline',
      '/api/trend',
      '/healthz',
    ]);
    const params = doc.json.paths['/api/models'].get.parameters.map((p: { name: string }) => p.name);
    expect(params).toEqual(
      expect.arrayContaining([
        'country',
        'modality',
        'params_total',
        'sort',
        'limit',
        'cursor',
        'facet',
        'format',
      ]),
    );
  });
});

describe('POST /api/params', () => {
  const app = createApp({} as Deps);
  const post = (body: string, query = '') =>
    app.request(`/api/params${query}`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json' },
    });
  // Llama-2-7B's published hyperparameters (the params library's fixture).
  const llama2 = LLAMA2_7B;

  it('computes the report from a config body', async () => {
    const res = await post(JSON.stringify(llama2), '?context=4096');
    expect(res.status).toBe(200);
    const r = await res.json();
    expect(r).toMatchObject({
      architecture: 'llama',
      total: 6_738_415_616,
      active: 6_738_415_616,
      context: 4096,
    });
    expect(r.memory.bf16).toBe(2 * 6_738_415_616);
    expect(r.kvCacheBytesPerToken.bf16).toBe(2 * 32 * 4096 * 2);
  });

  it('answers 422 for an unsupported architecture and 400 for a body that is not a JSON object', async () => {
    const unsupported = await post(JSON.stringify({ ...llama2, model_type: 'perceiver' }));
    expect(unsupported.status).toBe(422);
    expect(await unsupported.json()).toEqual({
      error: {
        code: 'unsupported_architecture',
        message: 'unsupported architecture: perceiver',
        details: { modelType: 'perceiver' },
      },
    });
    const invalid = await post(JSON.stringify({ ...llama2, hidden_size: -1 }));
    expect(invalid.status).toBe(422);
    expect((await invalid.json()).error.code).toBe('invalid_config');
    for (const body of ['{not json', '[1,2]', '"text"']) {
      const r = await post(body);
      expect(r.status, body).toBe(400);
      expect((await r.json()).error.code).toBe('invalid_body');
    }
    expect((await post(JSON.stringify(llama2), '?context=lots')).status).toBe(400);
    expect((await post(' '.repeat(1024 * 1024 + 10))).status).toBe(413);
  });
});
