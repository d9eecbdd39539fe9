import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../src/api/app.ts';
import { main } from '../src/cli/main.ts';
import type { Model } from '../src/domain/model.ts';
import { createDeps, type Deps, ensureCatalog } from '../src/store/deps.ts';
import { catalogCopy } from './helpers/catalog-fixture.ts';
import { call } from './helpers/http.ts';
import { storeTargets } from './helpers/targets.ts';

// The edges of the list grammar (issue 13): partial dates as periods, names matched in any case with suggestions,
// datasets kept out of model counts, errors that name what was typed; on every store engine, through the API and
// the CLI (in-process).

/** A model file of the mini catalog's shape, released on `released` (a TOML date, or a quoted month). */
function modelFile(id: string, name: string, released: string): string {
  return `id = "${id}"\nname = "${name}"\nreleased = ${released}\nweights = "open"\nlicense = "MIT"\ninput = ["text"]\noutput = ["text"]\ntasks = ["chat"]\narchitecture = "dense"\nsource = "card"\n\n[[parameters]]\ntotal = 1_000_000_000\nmethod = "official"\nsource = "card"\n\n[[sources]]\nid = "card"\nurl = "https://acme.example/${name}"\n`;
}

/** The mini catalog plus releases known only to their year or month, and one on the first day of a year. */
const EXTRA = {
  'acme/models/acme-year.toml': modelFile('acme/acme-year', 'Acme-Year', '2025'),
  'acme/models/acme-march.toml': modelFile('acme/acme-march', 'Acme-March', '"2025-03"'),
  'acme/models/a-new-year.toml': modelFile('acme/a-new-year', 'Acme-New-Year', '2025-01-01'),
  'acme/models/acme-next.toml': modelFile('acme/acme-next', 'Acme-Next', '"2026-01"'),
};

/** The period of a partial date with real month ends: an oracle written apart from the store's SQL. */
function period(date: string): [string, string] {
  const [y = '', m, d] = date.split('-');
  if (d) return [date, date];
  if (m) {
    const last = new Date(Date.UTC(Number(y), Number(m), 0)).getUTCDate();
    return [`${y}-${m}-01`, `${y}-${m}-${String(last).padStart(2, '0')}`];
  }
  return [`${y}-01-01`, `${y}-12-31`];
}

/** The documented semantics: a bound is its period; a release matches where its period meets the condition. */
const MEANS: Record<string, (release: [string, string], bound: [string, string]) => boolean> = {
  gte: (r, b) => r[1] >= b[0],
  lte: (r, b) => r[0] <= b[1],
  gt: (r, b) => r[1] > b[1],
  lt: (r, b) => r[0] < b[0],
  eq: (r, b) => r[0] <= b[1] && r[1] >= b[0],
};

describe.each(storeTargets)('list edges on $name', (target) => {
  let deps: Deps;
  let drop: () => Promise<void>;
  let url: string;
  let app: ReturnType<typeof createApp>;
  let models: Model[];
  let all: Model[];
  const catalog = catalogCopy(EXTRA);

  beforeAll(async () => {
    const created = await target.create();
    drop = created.drop;
    url = created.url;
    deps = createDeps({ url, catalogDir: catalog.dir });
    const loaded = await ensureCatalog(deps);
    if (!loaded.catalog) throw new Error('a new store loads the catalog');
    all = loaded.catalog.models;
    models = all.filter((m) => m.kind === 'model');
    app = createApp(deps);
  });
  afterAll(async () => {
    await deps.store.close();
    await drop();
    catalog.cleanup();
  });

  const ids = (rows: { id: string }[]) => rows.map((r) => r.id).sort();
  const matching = (pred: (m: Model) => boolean) =>
    models
      .filter(pred)
      .map((m) => m.id)
      .sort();

  /** Runs `omo` in this process against the test store; returns the exit code and what it printed. */
  async function omo(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      stdout += String(chunk);
      return true;
    });
    const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      stderr += String(chunk);
      return true;
    });
    try {
      const code = await main(['--db', url, '--catalog', catalog.dir, ...args]);
      return { code, stdout, stderr };
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
  }

  it.each([
    ['released__gte=2025&released__lte=2025', (m: Model) => m.released?.startsWith('2025') === true],
    ['released__lte=2025', (m: Model) => m.released !== null && m.released < '2026'],
    ['released__gt=2025', (m: Model) => m.released?.startsWith('2026') === true],
    ['released=2025', (m: Model) => m.released?.startsWith('2025') === true],
  ])('%s: a year bound stands for the whole year', async (q, predicate) => {
    const r = await call(app, `/api/models?${q}&limit=1000`);
    expect(r.status).toBe(200);
    const expected = matching(predicate);
    expect(expected.length).toBeGreaterThan(0);
    expect(ids(r.json.rows)).toEqual(expected);
  });

  const bounds = [
    '2024',
    '2024-12',
    '2025',
    '2025-01',
    '2025-01-01',
    '2025-02-15',
    '2025-03',
    '2025-03-10',
    '2026',
  ];
  it.each(Object.keys(MEANS).flatMap((op) => bounds.map((b) => [op, b] as const)))(
    'released (op %s) %s treats bounds and coarse releases as periods',
    async (op, bound) => {
      const q = op === 'eq' ? `released=${bound}` : `released__${op}=${bound}`;
      const r = await call(app, `/api/models?${q}&limit=1000`);
      expect(r.status).toBe(200);
      const means = MEANS[op] as (typeof MEANS)['eq'];
      expect(ids(r.json.rows)).toEqual(
        matching((m) => m.released !== null && means(period(m.released), period(bound))),
      );
    },
  );

  it.each(bounds)('released__ne=%s is everything released=%s is not, undated included', async (bound) => {
    const r = await call(app, `/api/models?released__ne=${bound}&limit=1000`);
    expect(ids(r.json.rows)).toEqual(
      matching((m) => m.released === null || !MEANS.eq?.(period(m.released), period(bound))),
    );
  });

  it('stats and timeline take the same date semantics and agree with the list', async () => {
    const q = 'released__gte=2025&released__lte=2025';
    const list = await call(app, `/api/models?${q}&limit=1000`);
    const stats = await call(app, `/api/stats?${q}`);
    const timeline = await call(app, `/api/timeline?${q}&interval=year&group=none`);
    expect(stats.json.totals.models).toBe(list.json.total);
    expect(timeline.json.rows).toEqual([{ period: '2025', group: 'all', count: list.json.total }]);
  });

  it('sorts a coarse release at the first day of its period, ties by id, and pages through ties', async () => {
    const r = await call(app, '/api/models?sort=released&limit=1000');
    const start = (m: Model) => (m.released ? period(m.released)[0] : null);
    const expected = [...models]
      .sort((a, b) => {
        const x = start(a);
        const y = start(b);
        if (x !== y) return x === null ? 1 : y === null ? -1 : x < y ? -1 : 1;
        return a.id < b.id ? -1 : 1;
      })
      .map((m) => m.id);
    expect(r.json.rows.map((m: Model) => m.id)).toEqual(expected);
    // `2025`, `2025-01-01` tie on 2025-01-01: the id decides, not the text of the date.
    expect(expected.indexOf('acme/a-new-year')).toBeLessThan(expected.indexOf('acme/acme-year'));
    const paged: string[] = [];
    let next: string | null = '/api/models?sort=released&limit=2';
    while (next) {
      const page = await call(app, next);
      paged.push(...page.json.rows.map((m: Model) => m.id));
      next = page.json.next;
    }
    expect(paged).toEqual(expected);
  });

  it.each([
    ['country=China', 'country=CN'],
    ['country=cn', 'country=CN'],
    ['country=united%20states', 'country=US'],
    ['country__ne=china', 'country__ne=CN'],
    ['org=Acme', 'org=acme'],
    ['org=acme-ai', 'org=acme'],
    ['org=%E9%BE%99%E5%AE%9E%E9%AA%8C%E5%AE%A4', 'org=dragon-lab'],
    ['org=Dragon%20Lab', 'org=dragon-lab'],
    ['license=mit', 'license=MIT'],
    ['license_class=Open-Source', 'license_class=open-source'],
    ['weights=OPEN', 'weights=open'],
    ['modality=Video', 'modality=video'],
    ['task=Robotics', 'task=robotics'],
    ['architecture=MoE', 'architecture=moe'],
    ['family=dragon', 'family=Dragon'],
    ['kind=Dataset', 'kind=dataset'],
  ])('%s finds what %s finds', async (typed, canonical) => {
    const a = await call(app, `/api/models?${typed}&limit=1000`);
    const b = await call(app, `/api/models?${canonical}&limit=1000`);
    expect(a.status, a.text).toBe(200);
    expect(b.json.total).toBeGreaterThan(0);
    expect(ids(a.json.rows)).toEqual(ids(b.json.rows));
  });

  it.each([
    ['country=Chna', '"country": no country "Chna" (did you mean "CN"'],
    ['country=Narnia', 'no country "Narnia"'],
    ['org=drgon-lab', '"org": no organisation "drgon-lab" (did you mean "dragon-lab"'],
    ['license=mitt', 'did you mean "MIT"'],
    [
      'weights=opn',
      '"weights" takes one of open, announced, paper-only, api-only; got "opn" (did you mean "open"',
    ],
    ['contry=CN', 'unknown parameter "contry" (did you mean "country"'],
    ['released__gte=lastweek', '"released__gte" takes a date'],
  ])('%s is refused with 400, naming the parameter and the closest names', async (q, message) => {
    for (const path of ['/api/models', '/api/stats', '/api/timeline']) {
      const r = await call(app, `${path}?${q}`);
      expect(r.status, path).toBe(400);
      expect(r.json.error.message, path).toContain(message);
    }
  });

  it('organisation lists match countries by code or name too', async () => {
    const r = await call(app, '/api/orgs?country=china');
    expect(r.json.rows.map((o: { id: string }) => o.id)).toEqual(['dragon-lab']);
    expect((await call(app, '/api/orgs?country=Chna')).json.error.message).toContain('did you mean "CN"');
  });

  it('GET /api/frontier finds a benchmark in any case and spacing, and suggests one for a typo', async () => {
    const exact = await call(app, '/api/frontier?benchmark=MMLU&x=total');
    const typed = await call(app, '/api/frontier?benchmark=mmlu&x=total');
    expect(exact.json.points.length).toBeGreaterThan(0);
    expect(typed.status).toBe(200);
    expect(typed.json.points).toEqual(exact.json.points);
    expect(typed.json.benchmark).toBe('MMLU');
    const typo = await call(app, '/api/frontier?benchmark=MMLX');
    expect(typo.status).toBe(400);
    expect(typo.json.error.message).toContain('no benchmark "MMLX" in the catalog (did you mean "MMLU"');
    await expect(deps.benchmarks.resolve('m m-l u')).resolves.toBe('MMLU');
    const metric = await call(app, '/api/frontier?benchmark=mmlu&metric=ACCURACY&x=total');
    expect(metric.json.points).toEqual(exact.json.points);
    const noMetric = await call(app, '/api/frontier?benchmark=MMLU&metric=f1');
    expect(noMetric.status).toBe(400);
    expect(noMetric.json.error.message).toContain('"metric": MMLU has no results as "f1"; it has accuracy');
  });

  it('lists, stats and timeline count models alike; datasets only when asked', async () => {
    const list = await call(app, '/api/models?limit=1000');
    const stats = await call(app, '/api/stats');
    const timeline = await call(app, '/api/timeline?interval=year&group=none');
    expect(list.json.total).toBe(models.length);
    expect(models.length).toBeLessThan(all.length);
    expect(stats.json.totals.models).toBe(list.json.total);
    const inTimeline = timeline.json.rows.reduce((n: number, r: { count: number }) => n + r.count, 0);
    expect(inTimeline + timeline.json.undated).toBe(list.json.total);
    const datasets = await call(app, '/api/models?kind=dataset');
    expect(ids(datasets.json.rows)).toEqual(
      all
        .filter((m) => m.kind === 'dataset')
        .map((m) => m.id)
        .sort(),
    );
    const both = await call(app, '/api/models?kind=model,dataset&limit=1000');
    expect(both.json.total).toBe(all.length);
    const facet = await call(app, '/api/models?facet=kind&limit=1');
    expect(facet.json.facets.kind).toEqual([{ value: 'model', count: models.length }]);
  });

  it('omo models speaks the same: flags by name, datasets left out, dates as periods', async () => {
    const api = await call(app, '/api/models?released__gte=2025&released__lte=2025&country=CN&limit=1000');
    const cli = await omo(
      'models',
      '--released-after',
      '2025',
      '--released-before',
      '2025',
      '--country',
      'China',
      '--json',
    );
    expect(cli.code, cli.stderr).toBe(0);
    expect(JSON.parse(cli.stdout).rows).toEqual(api.json.rows);
    const everything = await omo('models', '--limit', '1000', '--json');
    expect(JSON.parse(everything.stdout).total).toBe(models.length);
    const acme = await omo('models', '--org', 'Acme', '--org', 'acme-ai', '--json');
    expect(JSON.parse(acme.stdout).total).toBe(
      matching((m) => m.organizations.some((o) => o.id === 'acme')).length,
    );
  });

  it('omo errors name the flag the user typed and exit 2', async () => {
    const date = await omo('models', '--released-after', 'lastweek');
    expect(date.code).toBe(2);
    expect(date.stderr).toContain(
      '--released-after takes a date (YYYY, YYYY-MM or YYYY-MM-DD), got "lastweek"',
    );
    expect(date.stderr).not.toContain('released__gte');
    const org = await omo('models', '--org', 'drgon-lab');
    expect(org.code).toBe(2);
    expect(org.stderr).toContain('--org: no organisation "drgon-lab" (did you mean "dragon-lab"');
    const country = await omo('models', '--country', 'Chna');
    expect(country.stderr).toContain('--country: no country "Chna" (did you mean "CN"');
    const where = await omo('models', '--where', 'params_total__gte=lots');
    expect(where.code).toBe(2);
    expect(where.stderr).toContain('--where params_total__gte takes a number');
    const limit = await omo('models', '--limit', 'lots');
    expect(limit.stderr).toContain('--limit must be a whole number, got "lots"');
    const orgs = await omo('orgs', '--country', 'chna');
    expect(orgs.code).toBe(2);
    expect(orgs.stderr).toContain('--country: no country "chna"');
  });
});
