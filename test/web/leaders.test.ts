import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Dashboard, haveChromium, openDashboard, screenshot } from '../helpers/browser.ts';
import { catalogCopy } from '../helpers/catalog-fixture.ts';
import { runOmoInProcess } from '../helpers/run-omo-in-process.ts';

// `/leaders` from the real server (`omo serve`) on the mini catalog and a small board of our own: two dated
// snapshots in the lmsys CSV layout with an open and a closed model from each of two countries (Acme AI, US;
// Dragon Lab, CN), and a row whose name and maker are HTML injection attempts. Every check compares what a person
// sees in Chromium with what the API says, and the fixture's known answers (the gap shrinks from 30 to 10).

const XSS_NAME = '<img src=x onerror=alert(1)>';
const XSS_ORG = '<script>alert(2)</script>';

// Closed models of both makers (the mini catalog has open ones: Acme-7B-Chat, Dragon-MoE).
const ACME_ULTRA = `
id = "acme/acme-ultra"
name = "Acme-Ultra"
released = 2024-11-01
weights = "api-only"
license = "proprietary"
input = ["text"]
output = ["text"]
tasks = ["chat"]

[[sources]]
id = "blog"
url = "https://acme.example/blog/ultra"
`;
const DRAGON_MAX = `
id = "dragon-lab/dragon-max"
name = "Dragon-Max"
released = 2024-12-01
weights = "api-only"
license = "proprietary"
input = ["text"]
output = ["text"]
tasks = ["chat"]

[[sources]]
id = "news"
url = "https://dragon.example/news/max"
`;

// Published adoption figures: a family's derivative counts (a maker's claims, one source title an injection attempt)
// and a country's share of downloads (an independent study).
const ADOPTION = `
[[families]]
id = "acme"
name = "Acme"
org = "acme"

[[facts]]
id = "acme-derivatives-2025"
kind = "family"
subject = "acme"
metric = "derivatives"
value = 90000
qualifier = "more-than"
as_of = "2025-02"
scope = "Hugging Face"
measured_by = "maker"
source = { url = "https://acme.example/blog/derivatives", title = "<img src=x onerror=alert(3)>Acme blog", accessed = 2025-03-01 }
quote = "more than 90,000 derivatives"

[[facts]]
id = "acme-derivatives-2026"
kind = "family"
subject = "acme"
metric = "derivatives"
value = 180000
as_of = "2026-01-15"
scope = "Hugging Face"
measured_by = "maker"
source = { url = "https://acme.example/blog/180k", title = "Acme: 180,000 derivatives", accessed = 2026-02-01 }
quote = "180,000 derivatives"

[[facts]]
id = "cn-download-share-2025"
kind = "country"
subject = "CN"
metric = "download_share"
value = 0.41
qualifier = "about"
as_of = "2025-08"
scope = "Hugging Face"
measured_by = "independent"
source = { url = "https://study.example/atom", title = "A study of downloads", accessed = 2025-09-01 }
quote = "about 41% of downloads"
`;

// A Hub listing of our own in the bundled layout (boards/hub-listing): a partial one, which must say so.
const LISTING_TOML = `
[listing]
date = 2026-05-09
file = "listing.json"
ingest_file = "listing-2026-05-09.jsonl"
source_url = "https://example.org/listing.json"
source_title = "A test listing <b>of downloads</b>"
coverage = "partial: 3 models chosen by hand, not the whole Hub"
downloads = "downloads over the last 30 days"
`;
const LISTING_JSONL = [
  { id: 'dragon-lab/Dragon-MoE-200B-A20B', downloads: 6000, likes: 3 },
  { id: 'acme-ai/Acme-7B-Chat', downloads: 5000, likes: 2 },
  { id: 'acme-ai/Acme-7B', downloads: 4000, likes: 1 },
]
  .map((m) => JSON.stringify(m))
  .join('\n');

const HEADER = 'rank,model,arena_score,95_pct_ci,votes,organization,license,knowledge_cutoff,url';
const row = (rank: number, name: string, score: number, org: string, licence: string) =>
  `${rank},${name},${score},+5/-5,${1000 * (10 - rank)},${org},${licence},2024/10,https://example.org/${rank}`;

/** The board as a person would read it on each date: closed leads open by 30, then by 10. */
const SNAPSHOTS = {
  '2025-01-15': [
    row(1, 'Acme-Ultra', 1350, 'Acme AI', 'Proprietary'),
    row(2, 'Dragon-Max', 1330, 'Dragon Lab', 'Proprietary'),
    row(3, 'Dragon-MoE', 1320, 'Dragon Lab', 'MIT'),
    row(4, 'Acme-7B-Chat', 1200, 'Acme AI', 'acme-community'),
    row(5, XSS_NAME, 1100, XSS_ORG, 'Unknown'),
  ],
  '2025-06-15': [
    row(1, 'Acme-Ultra', 1360, 'Acme AI', 'Proprietary'),
    row(2, 'Dragon-MoE', 1350, 'Dragon Lab', 'MIT'),
    row(3, 'Dragon-Max', 1340, 'Dragon Lab', 'Proprietary'),
    row(4, 'Acme-7B-Chat', 1210, 'Acme AI', 'acme-community'),
    row(5, XSS_NAME, 1120, XSS_ORG, 'Unknown'),
  ],
};

const BOARD_TOML = `
name = "Test Arena"
url = "https://arena.example/"
kind = "human-preference"
description = "A small board for the dashboard test."
score = "Elo-style rating from pairwise votes"
`;

const manifest = () =>
  Object.keys(SNAPSHOTS)
    .map(
      (at) => `
[[snapshots]]
at = ${at}
file = "${at}.csv"
format = "lmarena-csv"
source_url = "https://example.org/arena/${at}.csv?q=<b>"
source_title = "Test Arena table of ${at} <i>verbatim</i>"
repo = "example/arena"
path = "arena.csv"
commit = "0000000000000000000000000000000000000000"
licence = "MIT"
note = "fixture"
`,
    )
    .join('');

describe.skipIf(!haveChromium)('/leaders in Chromium', () => {
  let d: Dashboard;
  let page: Page;
  let seen: Dashboard['seen'];
  let catalog: ReturnType<typeof catalogCopy>;
  let serverEnv: NodeJS.ProcessEnv;
  const api: Dashboard['api'] = (p) => d.api(p);
  const open = (p: string) => d.open(p);

  beforeAll(async () => {
    catalog = catalogCopy({
      'acme/models/acme-ultra.toml': ACME_ULTRA,
      'dragon-lab/models/dragon-max.toml': DRAGON_MAX,
      'adoption.toml': ADOPTION,
    });
    // The boards loaded with a catalog sit beside it (`boards/<id>/`).
    const board = path.join(path.dirname(catalog.dir), 'boards', 'test-arena');
    mkdirSync(board, { recursive: true });
    writeFileSync(path.join(board, 'board.toml'), BOARD_TOML);
    writeFileSync(path.join(board, 'snapshots.toml'), manifest());
    for (const [at, rows] of Object.entries(SNAPSHOTS))
      writeFileSync(path.join(board, `${at}.csv`), `${[HEADER, ...rows].join('\n')}\n`);
    const listing = path.join(path.dirname(catalog.dir), 'boards', 'hub-listing');
    mkdirSync(listing, { recursive: true });
    writeFileSync(path.join(listing, 'listing.toml'), LISTING_TOML);
    writeFileSync(path.join(listing, 'listing-2026-05-09.jsonl'), `${LISTING_JSONL}\n`);
    d = await openDashboard(catalog.dir, 'omo-web-leaders-');
    ({ page, seen, env: serverEnv } = d);
  });
  afterAll(async () => {
    await d?.close();
    catalog?.cleanup();
  });

  it('the overview links to /leaders', async () => {
    await open('/');
    await page.getByTestId('leaders-link').getByRole('link', { name: 'the leaderboards over time' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/leaders');
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('Who leads the leaderboards');
  });

  it('shows the top N by country over time, with the snapshots and their sources under the chart', async () => {
    await open('/leaders?board=test-arena&top=10');
    const series = await api('/api/leaders?board=test-arena&top=10&group=country&over=time');
    expect(series.series.map((s: { at: string }) => s.at)).toEqual(['2025-01-15', '2025-06-15']);
    const section = page.getByTestId('country-shares');
    const chart = section.getByRole('img', {
      name: 'Share of the top 10 of Test Arena per country, by snapshot',
    });
    await expect.poll(() => chart.locator('svg').count()).toBeGreaterThan(0);
    // The legend names the series: both countries.
    const legend = await chart.textContent();
    expect(legend).toContain('CN');
    expect(legend).toContain('US');
    expect(await section.locator('.chart svg path').count()).toBeGreaterThanOrEqual(2);
    // Each snapshot with its source link and the counts per country the chart stacks.
    const rows = section.getByTestId('snapshots-country').locator('tbody tr');
    expect(await rows.count()).toBe(2);
    const first = rows.first();
    expect(await first.locator('td').first().textContent()).toBe('2025-01-15');
    const link = first.getByRole('link');
    expect(await link.textContent()).toBe('Test Arena table of 2025-01-15 <i>verbatim</i>');
    expect(await link.getAttribute('href')).toBe('https://example.org/arena/2025-01-15.csv?q=%3Cb%3E');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    const counts = (s: { rows: { group: string | null; count: number }[] }, g: string) =>
      s.rows.find((r) => r.group === g)?.count;
    for (const [i, s] of series.series.entries()) {
      const text = await rows.nth(i).locator('td').last().textContent();
      expect(text).toContain(`CN ${counts(s, 'CN')}`);
      expect(text).toContain(`US ${counts(s, 'US')}`);
    }
    // The board lists 5 rows, fewer than the top 10 asked: the page says the shares are of those 5.
    expect(series.series.map((s: { total: number }) => s.total)).toEqual([5, 5]);
    expect(await section.getByTestId('short-snapshots').textContent()).toBe(
      '2 snapshots list fewer than 10 rows, so their shares are of fewer models: 2025-01-15 (5 rows), 2025-06-15 (5 rows).',
    );
    expect(await rows.first().locator('td').last().textContent()).toMatch(/^only 5 rows; /);
    expect(counts(series.series[0], 'CN')).toBe(2);
    expect(counts(series.series[0], 'US')).toBe(2);
    await screenshot(page, 'leaders');
  });

  it('the board and N selectors change the URL and the charts; an unknown board says so', async () => {
    await open('/leaders?board=test-arena&top=10');
    await page.getByRole('combobox', { name: /^Top/ }).selectOption('20');
    await expect.poll(() => new URL(page.url()).searchParams.get('top')).toBe('20');
    await expect
      .poll(() =>
        page.getByRole('img', { name: 'Share of the top 20 of Test Arena per country, by snapshot' }).count(),
      )
      .toBe(1);
    // The mini catalog's own board, LMArena Text, has two snapshots of its own.
    const boards = await api('/api/boards');
    const lmarena = boards.boards.find((b: { id: string }) => b.id === 'lmarena-text');
    await page.getByRole('combobox', { name: /^Board/ }).selectOption('lmarena-text');
    await expect.poll(() => new URL(page.url()).searchParams.get('board')).toBe('lmarena-text');
    await expect
      .poll(() => page.getByTestId('snapshots-country').locator('tbody tr td:first-child').allTextContents())
      .toEqual(lmarena.snapshots.map((x: { at: string }) => x.at));
    expect(await page.getByTestId('board-summary').textContent()).toContain('LMArena Text');
    await open('/leaders?board=no-such-board');
    await expect.poll(() => page.getByText('No board called “no-such-board”.').count()).toBe(1);
  });

  it('shows open against closed over time', async () => {
    await open('/leaders?board=test-arena&top=10');
    const weights = await api('/api/leaders?board=test-arena&top=10&group=weights&over=time');
    const section = page.getByTestId('open-closed');
    const chart = section.getByRole('img', {
      name: 'Share of the top 10 of Test Arena with open and closed weights, by snapshot',
    });
    await expect.poll(() => chart.locator('svg').count()).toBeGreaterThan(0);
    const legend = await chart.textContent();
    expect(legend).toContain('open');
    expect(legend).toContain('closed');
    const open2 = weights.series[0].rows.find((r: { group: string }) => r.group === 'open');
    expect(open2.count).toBe(2);
    expect(
      await section.getByTestId('snapshots-weights').locator('tbody tr').first().textContent(),
    ).toContain(`${(100 * open2.share).toFixed(1)}%`);
  });

  it('names the best open model of each country per snapshot and the open–closed gap', async () => {
    await open('/leaders?board=test-arena&top=10');
    const best = await api('/api/leaders/best?board=test-arena');
    const latest = best.snapshots.at(-1);
    expect(latest.best_open.name).toBe('Dragon-MoE');
    expect(latest.best_closed.name).toBe('Acme-Ultra');
    expect(best.snapshots.map((s: { gap: number }) => s.gap)).toEqual([30, 10]);
    await expect.poll(() => page.getByTestId('gap-latest').textContent()).toBe('10');
    expect(await page.getByTestId('best-open-latest').textContent()).toBe('Dragon-MoE');
    expect(await page.getByTestId('best-closed-latest').textContent()).toBe('Acme-Ultra');
    expect(await page.getByTestId('snapshots-gap').getByTestId('gap-value').allTextContents()).toEqual([
      '30',
      '10',
    ]);
    const perCountry = page.getByTestId('best-by-country');
    const lines = perCountry.getByRole('img', {
      name: 'Score of the best open model of each country on Test Arena, by snapshot',
    });
    expect(await lines.textContent()).toContain('Dragon-MoE');
    const entries = await perCountry.getByTestId('snapshots-best').locator('tbody tr').allTextContents();
    expect(entries[1]).toContain('CN: Dragon-MoE (1350)');
    expect(entries[1]).toContain('US: Acme-7B-Chat (1210)');
    expect(await page.getByTestId('gap').locator('.chart[role=img]').count()).toBe(2);
  });

  it('shows the published adoption figures beside them as sourced series', async () => {
    await open('/leaders?board=test-arena&top=10');
    const adoption = await api('/api/adoption');
    expect(adoption.facts).toHaveLength(3);
    const section = page.getByTestId('adoption');
    const table = section.getByTestId('adoption-table');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(2);
    const rows = await table.locator('tbody tr').allTextContents();
    expect(rows[0]).toContain('2025-02');
    expect(rows[0]).toContain('more than 90K models');
    expect(rows[0]).toContain("maker's claim");
    expect(rows[1]).toContain('180K models');
    const link = table.getByRole('link', { name: 'Acme: 180,000 derivatives' });
    expect(await link.getAttribute('href')).toBe('https://acme.example/blog/180k');
    expect(
      await section.getByRole('img', { name: /^Published derivatives figures over time/ }).textContent(),
    ).toContain('Acme (Hugging Face)');
    await section.getByRole('combobox', { name: /^Measure/ }).selectOption('download_share');
    await expect
      .poll(() => table.locator('tbody tr').allTextContents())
      .toEqual([expect.stringContaining('about 41.0%')]);
    expect(await table.textContent()).toContain('independent study');
    expect(await table.getByRole('link').textContent()).toBe('A study of downloads');
  });

  it('renders a hostile model name and maker from a snapshot as text and runs none of it', async () => {
    await open('/leaders?board=test-arena&top=10');
    await expect.poll(() => page.getByTestId('unresolved').textContent()).toContain(XSS_NAME);
    expect(await page.getByTestId('unresolved').textContent()).toContain(XSS_ORG);
    expect(await page.getByTestId('adoption-table').textContent()).toContain(
      '<img src=x onerror=alert(3)>Acme blog',
    );
    expect(await page.locator('main img, main script, main i, main b').count()).toBe(0);
    await page.mouse.move(300, 500);
    expect(seen.dialogs).toEqual([]);
  });

  it("the overview's adoption panel labels the bundled Hub listing with its date, source and coverage", async () => {
    const file = path.join(path.dirname(catalog.dir), 'boards', 'hub-listing', 'listing-2026-05-09.jsonl');
    const ingest = await runOmoInProcess(['ingest', 'hub', file, '--at', '2026-05-09T00:00:00Z'], serverEnv);
    expect(ingest.code, ingest.stderr).toBe(0);
    const [snapshot] = await api('/api/hub/snapshots');
    expect(snapshot.listing).toMatchObject({ date: '2026-05-09', partial: true });
    await open('/');
    const label = page.getByTestId('hub-listing');
    await expect.poll(() => label.textContent()).toContain('Partial listing: 3 models');
    const text = await label.textContent();
    expect(text).toContain('read on 2026-05-09');
    expect(text).toContain('Coverage: partial: 3 models chosen by hand, not the whole Hub');
    expect(text).toContain('downloads over the last 30 days');
    const link = label.getByRole('link', { name: 'A test listing <b>of downloads</b>' });
    expect(await link.getAttribute('href')).toBe('https://example.org/listing.json');
    expect(await page.locator('main b').count()).toBe(0);
    expect(await page.getByTestId('hub-snapshot').textContent()).toBe('2026-05-09');
    expect(
      await page.getByRole('img', { name: 'Top 100 Hub models by downloads, per country' }).textContent(),
    ).toContain('CN');
  });

  it('no page logged a console error', () => {
    expect(seen.errors).toEqual([]);
  });
});
