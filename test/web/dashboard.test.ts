import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Dashboard, haveChromium, openDashboard, screenshot } from '../helpers/browser.ts';
import { catalogCopy } from '../helpers/catalog-fixture.ts';
import { runOmoInProcess } from '../helpers/run-omo-in-process.ts';

// The real server (`omo serve`) on the mini catalog plus a model whose name is an HTML injection attempt, driven by
// Debian's Chromium. Every check compares what a person sees with what the API says.

const XSS = '<img src=x onerror=alert(1)>';
const XSS_MODEL = `
id = "acme/acme-xss"
name = "${XSS}"
family = "<script>alert(2)</script>"
released = 2025-04-01
weights = "open"
license = "MIT"
input = ["text"]
output = ["text"]
tasks = ["chat"]
aliases = ["<b onmouseover=alert(3)>bold</b>"]
notes = "<iframe src=javascript:alert(4)></iframe>"

[[parameters]]
total = 1_000_000_000
method = "official"
source = "evil"

[[benchmarks]]
benchmark = "MMLU"
score = 40
metric = "accuracy"
variant = "0-shot"
source = "evil"

[[sources]]
id = "evil"
url = "https://example.org/?q=%3Cscript%3E"
title = "<svg onload=alert(5)>"

[training]
tokens = 1e12
gpu = "<img src=x onerror=alert(6)>"
note = "<script>alert(7)</script>"
source = "evil"
`;

// A model whose counts record their parts: the maker's total without the MTP module, the Hub's with it, and a
// vision encoder's share.
const MTP_MODEL = `
id = "acme/acme-mtp"
name = "Acme-MTP"
released = 2025-05-01
weights = "open"
license = "MIT"
input = ["text", "image"]
output = ["text"]
tasks = ["chat"]

[[parameters]]
total = 671_000_000_000
method = "official"
source = "card"
canonical = true
vision = 400_000_000

[[parameters]]
total = 685_000_000_000
method = "hub"
source = "card"
includes_mtp = true
mtp = 14_000_000_000

[[sources]]
id = "card"
url = "https://acme.example/mtp"
`;

describe.skipIf(!haveChromium)('dashboard in Chromium', () => {
  let d: Dashboard;
  let server: Dashboard['server'];
  let page: Page;
  let seen: Dashboard['seen'];
  let catalog: ReturnType<typeof catalogCopy>;
  let serverEnv: NodeJS.ProcessEnv;
  const api: Dashboard['api'] = (p) => d.api(p);
  const open = (p: string) => d.open(p);

  beforeAll(async () => {
    catalog = catalogCopy({ 'acme/models/acme-xss.toml': XSS_MODEL, 'acme/models/acme-mtp.toml': MTP_MODEL });
    d = await openDashboard(catalog.dir, 'omo-web-');
    ({ server, page, seen, env: serverEnv } = d);
  });
  afterAll(async () => {
    await d?.close();
    catalog?.cleanup();
  });

  it('overview: the headline figures and country table equal GET /api/stats', async () => {
    await open('/');
    const stats = await api('/api/stats');
    await expect.poll(() => page.getByTestId('total-models').textContent()).toBe(String(stats.totals.models));
    expect(await page.getByTestId('total-orgs').textContent()).toBe(String(stats.totals.organizations));
    expect(await page.getByTestId('total-countries').textContent()).toBe(String(stats.totals.countries));
    expect(await page.getByTestId('total-open').textContent()).toBe(String(stats.totals.openWeights));
    const rows = await page.getByTestId('country-table').locator('tbody tr').allTextContents();
    expect(rows).toHaveLength(stats.byCountry.length);
    for (const [i, c] of stats.byCountry.entries()) expect(rows[i]).toContain(`${c.value}${c.count}`);
    expect(await page.locator('.chart svg').count()).toBeGreaterThanOrEqual(4);
    await expect.poll(() => page.getByText('No Hub snapshot is loaded yet').count()).toBe(1);
    expect(await page.getByTestId('facts-read-oldest').textContent()).toBe(stats.asOf.factsRead.oldest);
    expect(await page.getByTestId('facts-read-newest').textContent()).toBe(stats.asOf.factsRead.newest);
    await screenshot(page, 'overview');
  });

  it('models: clicking a facet filters the table and the URL; the total equals the API', async () => {
    await open('/models');
    const all = await api('/api/models?limit=50');
    await expect.poll(() => page.getByTestId('models-total').textContent()).toBe(`${all.total} models`);
    expect(await page.getByTestId('models-table').locator('tbody tr').count()).toBe(all.rows.length);
    await page.locator('[data-facet=country] label', { hasText: 'CN' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.getAll('country')).toEqual(['CN']);
    const cn = await api('/api/models?country=CN&limit=50');
    await expect.poll(() => page.getByTestId('models-total').textContent()).toBe(`${cn.total} models match`);
    const countries = await page
      .getByTestId('models-table')
      .locator('tbody tr td:nth-child(3)')
      .allTextContents();
    expect(countries.length).toBe(cn.total);
    for (const c of countries) expect(c).toContain('CN');
    await screenshot(page, 'models-cn');
    // Back in history restores the unfiltered table.
    await page.goBack();
    await expect.poll(() => page.getByTestId('models-total').textContent()).toBe(`${all.total} models`);
  });

  it('models: keyboard search, sort and CSV export keep the filters in the URL', async () => {
    await open('/models');
    await page.getByLabel('Search names and aliases').focus();
    await page.keyboard.type('dragon');
    await page.keyboard.press('Enter');
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('dragon');
    const found = await api('/api/models?q=dragon&limit=50');
    await expect
      .poll(() => page.getByTestId('models-total').textContent())
      .toBe(`${found.total} models match`);
    await page.getByLabel('Sort').selectOption('-params_total');
    await expect.poll(() => new URL(page.url()).searchParams.get('sort')).toBe('-params_total');
    const sorted = await api('/api/models?q=dragon&sort=-params_total&limit=50');
    await expect
      .poll(() => page.getByTestId('models-table').locator('tbody tr td:first-child small').allTextContents())
      .toEqual(sorted.rows.map((r: { id: string }) => r.id));
    const href = await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href');
    expect(href).toBe('/api/models?q=dragon&sort=-params_total&limit=1000&format=csv');
    const csv = await (await fetch(new URL(href ?? '', server.url))).text();
    expect(csv.trim().split('\r\n')).toHaveLength(found.total + 1);
  });

  it('opens a model from the table and shows its facts, sources and benchmarks', async () => {
    await open('/models?q=dragon&sort=-params_total');
    await page.getByTestId('models-table').getByRole('link', { name: 'Dragon-MoE' }).click();
    await expect
      .poll(() => decodeURIComponent(new URL(page.url()).pathname))
      .toBe('/models/dragon-lab/Dragon-MoE-200B-A20B');
    const m = await api('/api/models/dragon-lab/Dragon-MoE-200B-A20B');
    await expect.poll(() => page.getByTestId('model-name').textContent()).toBe(m.name);
    expect(await page.getByTestId('params-total').textContent()).toBe('200B (200,000,000,000)');
    expect(await page.getByTestId('params-active').textContent()).toBe('20B');
    const benchmarks = await page.getByTestId('benchmarks-table').locator('tbody tr').allTextContents();
    expect(benchmarks).toEqual(
      m.benchmarks.map((b: { benchmark: string; score: number; metric: string }) =>
        expect.stringContaining(`${b.benchmark}${b.score}${b.metric}`),
      ),
    );
    // Training: the figures as the API gives them, the FLOPs said to be an estimate.
    expect(m.training.flopsMethod).toBe('estimate-6ND');
    const training = page.getByTestId('training');
    expect(await training.textContent()).toContain('20T (20,000,000,000,000)');
    expect(await training.textContent()).toContain(`$${m.training.costUsd.toLocaleString('en-US')}`);
    expect(await page.getByTestId('training-flops').textContent()).toBe('2.4e24');
    expect(await training.textContent()).toContain('estimate: 6 × active parameters × tokens');
    const blog = page.getByRole('link', { name: /dragon\.example\/blog\/moe/ });
    expect(await blog.getAttribute('href')).toBe('https://dragon.example/blog/moe');
    expect(await blog.getAttribute('rel')).toBe('noopener noreferrer');
    await screenshot(page, 'model');
  });

  it('a model page marks the count that includes the MTP modules, and the vision share, as the API records them', async () => {
    await open('/models/acme/acme-mtp');
    const m = await api('/api/models/acme/acme-mtp');
    expect(m.parameterCounts.map((c: { includesMtp: boolean }) => c.includesMtp)).toEqual([false, true]);
    await expect
      .poll(() => page.getByTestId('count-parts').allTextContents())
      .toEqual(['vision 400M', 'incl. 14B MTP']);
    const hubRow = page.locator('tr', { has: page.getByTestId('count-parts').getByText('incl. 14B MTP') });
    expect(await hubRow.textContent()).toContain('685B (685,000,000,000)');
  });

  it('compares two models: parameter ratios against the reference and benchmark deltas', async () => {
    await open('/compare?ids=dragon-lab/Dragon-MoE-200B-A20B,acme-ai/Acme-7B-Chat');
    const c = await api('/api/compare?ids=dragon-lab/Dragon-MoE-200B-A20B,acme-ai/Acme-7B-Chat');
    await expect
      .poll(() => page.getByTestId('row-total-ratio').locator('td').allTextContents())
      .toEqual(['100%', '3.5%']);
    expect(c.parameters[1].totalRatio).toBeCloseTo(0.035);
    expect(await page.getByTestId('row-active-ratio').locator('td').allTextContents()).toEqual([
      '100%',
      '35%',
    ]);
    expect(await page.getByTestId('compare-benchmarks').locator('tbody tr').first().textContent()).toContain(
      '61.2 (-23.8)',
    );
    await page.getByRole('button', { name: 'use as reference' }).click();
    await expect
      .poll(() => page.getByTestId('row-total-ratio').locator('td').allTextContents())
      .toEqual(['100%', '2857%']);
    await screenshot(page, 'compare');
  });

  it('efficiency: the scatter and the frontier table match GET /api/frontier', async () => {
    await open('/efficiency?benchmark=MMLU&metric=accuracy&x=total');
    const f = await api('/api/frontier?benchmark=MMLU&metric=accuracy&x=total');
    await expect
      .poll(() => page.getByTestId('frontier-table').locator('tbody tr td:first-child').allTextContents())
      .toEqual(
        f.points
          .filter((p: { onFrontier: boolean }) => p.onFrontier)
          .sort((a: { total: number }, b: { total: number }) => a.total - b.total)
          .map((p: { name: string }) => p.name),
      );
    expect(await page.locator('.chart svg circle').count()).toBeGreaterThanOrEqual(f.points.length);
    // The makers' settings differ (5-shot, 0-shot): the page says the scores are not strictly comparable.
    expect(await page.getByTestId('variant-warning').textContent()).toMatch(
      /2 different settings \((5-shot; 0-shot|0-shot; 5-shot)\)/,
    );
    await screenshot(page, 'efficiency');
  });

  it('organisation page: name, model count and models equal the API', async () => {
    await open('/orgs/dragon-lab');
    const o = await api('/api/orgs/dragon-lab');
    await expect.poll(() => page.getByTestId('org-model-count').textContent()).toBe(String(o.modelCount));
    expect(await page.getByTestId('org-name').textContent()).toContain('Dragon Lab');
    expect(await page.getByTestId('org-models').locator('tbody tr').count()).toBe(o.modelCount);
    await screenshot(page, 'org');
  });

  it('renders a model named like HTML as text and runs none of it', async () => {
    await open('/models/acme/acme-xss');
    await expect.poll(() => page.getByTestId('model-name').textContent()).toBe(XSS);
    expect(await page.locator('main img, main iframe, main script, main b').count()).toBe(0);
    expect(await page.locator('main').textContent()).toContain('<iframe src=javascript:alert(4)></iframe>');
    expect(await page.getByTestId('training').textContent()).toContain('<img src=x onerror=alert(6)>');
    expect(await page.locator('main').textContent()).toContain('<script>alert(7)</script>');
    await open('/models?q=acme');
    await expect.poll(() => page.getByTestId('models-table').getByText(XSS).count()).toBe(1);
    await open('/efficiency?benchmark=MMLU&metric=accuracy&x=total');
    await expect
      .poll(() => page.getByTestId('frontier-table').locator('tbody tr').count())
      .toBeGreaterThan(0);
    await page.mouse.move(200, 400);
    expect(seen.dialogs).toEqual([]);
    await screenshot(page, 'xss');
  });

  it('with a Hub snapshot: the overview ranks countries and a model page shows its derivatives', async () => {
    const file = fileURLToPath(new URL('../fixtures/hub/models-2025-08.jsonl', import.meta.url));
    const ingest = await runOmoInProcess(
      ['ingest', 'hub', file, '--at', '2025-08-01T00:00:00Z', '--skip-invalid'],
      serverEnv,
    );
    expect(ingest.code, ingest.stderr).toBe(0);
    await open('/');
    await expect.poll(() => page.getByTestId('hub-snapshot').textContent()).toBe('2025-08-01');
    expect(
      await page.getByRole('img', { name: 'Top 100 Hub models by downloads, per country' }).count(),
    ).toBe(1);
    await open('/models/dragon-lab/Dragon-MoE-200B-A20B');
    const lineage = await api('/api/lineage/dragon-lab/Dragon-MoE-200B-A20B?depth=0');
    await expect
      .poll(() => page.getByTestId('derivatives-total').textContent())
      .toBe(String(lineage.derivatives.total));
    for (const relation of ['finetune', 'adapter', 'quantized', 'merge']) {
      expect(await page.getByTestId(`derivatives-${relation}`).textContent()).toBe(
        String(lineage.derivatives[relation]),
      );
    }
    expect(await page.locator('.tree li').count()).toBeGreaterThan(0);
    await screenshot(page, 'model-with-hub');
  });

  it('serves the hashed bundle files as immutable and the page as revalidated', async () => {
    const html = await fetch(new URL('/models', server.url));
    expect(html.headers.get('cache-control')).toBe('no-cache');
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(await html.text())?.[1] ?? '';
    expect(script).not.toBe('');
    const asset = await fetch(new URL(script, server.url));
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(asset.headers.get('content-type')).toContain('javascript');
  });

  it('an unknown page says so with a 404; no page logged a console error', async () => {
    const url = new URL('/nowhere', server.url).href;
    const response = await page.goto(url, { waitUntil: 'networkidle' });
    expect(response?.status()).toBe(404);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Not found');
    // Chromium reports the 404 of the page itself as a console error: that one is the answer asked for.
    const own = `${url}: Failed to load resource: the server responded with a status of 404 (Not Found)`;
    expect(seen.errors.filter((e) => e !== own)).toEqual([]);
  });
});
