import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Claim, VerifyResult } from '../../src/domain/verify.ts';
import { type Dashboard, haveChromium, openDashboard, screenshot } from '../helpers/browser.ts';
import { catalogCopy } from '../helpers/catalog-fixture.ts';

// The verify page on the real server (`omo serve`, the mini catalog) in Debian's Chromium: paste an article, check
// it, and compare what a person sees with what POST /api/verify answers for the same text.

// The mini catalog has Dragon-MoE (Dragon Lab, released 2025-01-15, 200B total) and Acme-7B-Chat (Acme AI, 7B
// total). The first claim holds, the second does not. The dragon is one code point but two UTF-16 units: a page
// that sliced by UTF-16 indices would shift every highlight after it by one.
const ARTICLE =
  '🐉 Dragon Lab released Dragon-MoE on 15 January 2025, with 200 billion parameters.\n' +
  'Acme-7B-Chat from Acme AI has 13 billion parameters.';
const XSS_IMG = '<img src=x onerror=window.__x=1>';
const XSS_SCRIPT = '<script>window.__y=1</script>';

const codePoints = (text: string, c: { start: number; end: number }) =>
  Array.from(text).slice(c.start, c.end).join('');

describe.skipIf(!haveChromium)('verify page in Chromium', () => {
  let d: Dashboard;
  let server: Dashboard['server'];
  let page: Page;
  let seen: Dashboard['seen'];
  let catalog: ReturnType<typeof catalogCopy>;

  const verify = async (text: string, opts: { date?: string; lang?: string } = {}): Promise<VerifyResult> => {
    const res = await fetch(new URL('/api/verify', server.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text, ...opts }),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as VerifyResult;
  };
  /** Opens the page, pastes `text`, presses Check and waits for the marked-up article. */
  const check = async (text: string) => {
    await page.goto(new URL('/verify', server.url).href, { waitUntil: 'networkidle' });
    await page.getByLabel('Article').fill(text);
    await page.getByRole('button', { name: 'Check' }).click();
    await page.getByTestId('article').waitFor();
  };
  const claimOf = (r: VerifyResult, type: Claim['type'], subject: string) => {
    const i = r.claims.findIndex((c) => c.type === type && c.subjects.includes(subject));
    expect(i, `a ${type} claim about ${subject} in ${JSON.stringify(r.claims)}`).toBeGreaterThanOrEqual(0);
    return { i, claim: r.claims[i] as Claim };
  };

  beforeAll(async () => {
    catalog = catalogCopy();
    d = await openDashboard(catalog.dir, 'omo-web-verify-');
    ({ server, page, seen } = d);
  });
  afterAll(async () => {
    await d?.close();
    catalog?.cleanup();
  });

  it('is linked from the navigation and starts with an empty form', async () => {
    await page.goto(new URL('/', server.url).href, { waitUntil: 'networkidle' });
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Check an article' })
      .click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/verify');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Check an article');
    expect(await page.getByRole('button', { name: 'Check' }).isDisabled()).toBe(true);
  });

  it('highlights the mentions at their code-point offsets, linked to the model and organisation pages', async () => {
    const r = await verify(ARTICLE);
    for (const m of r.mentions) expect(m.text).toBe(codePoints(ARTICLE, m));
    const wanted = [
      ['Dragon Lab', '/orgs/dragon-lab'],
      ['Dragon-MoE', '/models/dragon-lab/Dragon-MoE-200B-A20B'],
      ['Acme-7B-Chat', '/models/acme-ai/Acme-7B-Chat'],
      ['Acme AI', '/orgs/acme'],
    ];
    await check(ARTICLE);
    const links = await page
      .getByTestId('article')
      .locator('a.mention')
      .evaluateAll((as) => as.map((a) => [a.textContent, a.getAttribute('href')]));
    expect(links).toEqual(expect.arrayContaining(wanted));
    // As many links as the API has mentions, in the same order, each the slice of the text the API names.
    expect(links.map(([text]) => text)).toEqual(
      [...r.mentions].sort((a, b) => a.start - b.start).map((m) => codePoints(ARTICLE, m)),
    );
    // The article reads exactly as pasted: nothing lost or doubled around the highlights.
    expect(await page.getByTestId('article').evaluate(articleText)).toBe(ARTICLE);
    await page.getByTestId('article').getByRole('link', { name: 'Dragon-MoE' }).click();
    await expect.poll(() => page.getByTestId('model-name').textContent()).toBe('Dragon-MoE');
    // Back from the model page: the article and its check are still there.
    await page.goBack();
    await expect.poll(() => page.getByTestId('article').evaluate(articleText)).toBe(ARTICLE);
    expect(await page.getByLabel('Article').inputValue()).toBe(ARTICLE);
    // Editing the text after the check says the marks are for the text as checked.
    expect(await page.getByTestId('text-changed').count()).toBe(0);
    await page.getByLabel('Article').fill(`${ARTICLE} More.`);
    await expect.poll(() => page.getByTestId('text-changed').count()).toBe(1);
    expect(await page.getByTestId('article').evaluate(articleText)).toBe(ARTICLE);
  });

  it('marks each claim by verdict, with the counts on top equal to the API', async () => {
    const r = await verify(ARTICLE);
    const date = claimOf(r, 'release_date', 'dragon-lab/Dragon-MoE-200B-A20B');
    expect(date.claim.verdict).toBe('supported');
    const params = claimOf(r, 'parameters', 'acme-ai/Acme-7B-Chat');
    expect(params.claim.verdict).toBe('contradicted');
    await check(ARTICLE);
    for (const v of ['supported', 'contradicted', 'partly', 'unverifiable'])
      expect(await page.getByTestId(`count-${v}`).textContent()).toBe(
        String(r.claims.filter((c) => c.verdict === v).length),
      );
    expect(await page.getByTestId('count-mentions').textContent()).toBe(String(r.mentions.length));
    // A verdict button after each claim names the verdict in words (colour is not the only cue).
    const badges = page.getByTestId('claim-badge');
    expect(await badges.count()).toBe(r.claims.length);
    expect(await page.locator(`[data-testid=claim-badge][data-claim="${date.i}"]`).textContent()).toContain(
      'supported',
    );
    expect(await page.locator(`[data-testid=claim-badge][data-claim="${params.i}"]`).textContent()).toContain(
      'contradicted',
    );
    // The marked text of each claim is the claim's slice of the text.
    const marked = await page
      .locator(`mark.claim[data-claims~="${params.i}"]`)
      .evaluateAll((ms) => ms.map((m) => m.textContent).join(''));
    expect(marked).toBe(codePoints(ARTICLE, params.claim));
    expect(
      await page.locator(`mark.claim[data-claim="${params.i}"]`).first().getAttribute('class'),
    ).toContain('verdict-contradicted');
    await screenshot(page, 'verify');
  });

  it('a claim opens its panel: what the text states, what the catalog holds, the verdict, the sources', async () => {
    const r = await verify(ARTICLE);
    const { i, claim } = claimOf(r, 'parameters', 'acme-ai/Acme-7B-Chat');
    await check(ARTICLE);
    // By keyboard: focus the verdict button, press Enter.
    await page.locator(`[data-testid=claim-badge][data-claim="${i}"]`).focus();
    await page.keyboard.press('Enter');
    const panel = page.getByTestId('claim-panel');
    await expect.poll(() => panel.getByTestId('panel-quote').textContent()).toBe(claim.text);
    expect(await panel.getByTestId('panel-verdict').textContent()).toContain('contradicted');
    expect(await panel.getByTestId('panel-stated').textContent()).toContain('13,000,000,000');
    const evidence = await panel.getByTestId('panel-evidence').locator('tbody tr').allTextContents();
    expect(evidence).toHaveLength(claim.evidence.length);
    expect(evidence.join('\n')).toContain('7,000,000,000');
    expect(await panel.getByTestId('panel-explanation').textContent()).toBe(claim.explanation);
    const sources = await panel
      .getByTestId('panel-sources')
      .getByRole('link')
      .evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(sources).toContain('https://huggingface.co/acme-ai/Acme-7B-Chat');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('claim-panel');
    // Escape closes the panel and gives the focus back to the claim's verdict button.
    await page.keyboard.press('Escape');
    await expect.poll(() => panel.count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-claim'))).toBe(String(i));
    // Clicking the marked text of the other claim switches the panel to it.
    const date = claimOf(r, 'release_date', 'dragon-lab/Dragon-MoE-200B-A20B');
    await page
      .locator(`mark.claim[data-claim="${date.i}"]`)
      .first()
      .click({ position: { x: 2, y: 2 } });
    await expect.poll(() => panel.getByTestId('panel-quote').textContent()).toBe(date.claim.text);
    expect(await panel.getByTestId('panel-evidence').textContent()).toContain('2025-01-15');
    await screenshot(page, 'verify-panel');
  });

  it('sends the publication date and the language: "last month" is judged against the date given', async () => {
    const text = 'Dragon Lab released Dragon-MoE last month.';
    const verdicts = async (date: string) => {
      await page.goto(new URL('/verify', server.url).href, { waitUntil: 'networkidle' });
      await page.getByLabel('Article').fill(text);
      await page.getByLabel('Published').fill(date);
      await page.getByLabel('Language').selectOption('en');
      const request = page.waitForRequest('**/api/verify');
      await page.getByRole('button', { name: 'Check' }).click();
      expect((await request).postDataJSON()).toEqual({ text, date, lang: 'en' });
      await page.getByTestId('article').waitFor();
      return page.getByTestId('claim-badge').allTextContents();
    };
    const inFebruary = await verify(text, { date: '2025-02-10', lang: 'en' });
    expect(inFebruary.claims.map((c) => c.verdict)).toEqual(['supported']);
    expect(await verdicts('2025-02-10')).toEqual([expect.stringContaining('supported')]);
    const inJune = await verify(text, { date: '2025-06-10', lang: 'en' });
    expect(inJune.claims.map((c) => c.verdict)).toEqual(['contradicted']);
    expect(await verdicts('2025-06-10')).toEqual([expect.stringContaining('contradicted')]);
  });

  it("a refused article shows the server's error and no result", async () => {
    await page.goto(new URL('/verify', server.url).href, { waitUntil: 'networkidle' });
    await page.getByLabel('Article').fill('Dragon-MoE\u0000 has 200 billion parameters.');
    await page.getByRole('button', { name: 'Check' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toMatch(/^Could not check the article: .*NUL/);
    expect(await page.getByTestId('verify-result').count()).toBe(0);
  });

  it('a family mention links to the list of its members', async () => {
    const text = 'Models of the Dragon family keep growing.';
    const r = await verify(text);
    expect(r.mentions).toContainEqual(
      expect.objectContaining({ text: 'Dragon', kind: 'family', id: 'family:dragon' }),
    );
    await check(text);
    const link = page.getByTestId('article').getByRole('link', { name: 'Dragon' });
    expect(await link.getAttribute('href')).toBe('/families/dragon');
    await link.click();
    const family = (await (await fetch(new URL('/api/families/dragon', server.url))).json()) as {
      name: string;
      members: { name: string }[];
    };
    expect(family.members.length).toBeGreaterThan(0);
    await expect
      .poll(() => page.getByTestId('family-models').locator('tbody tr td:first-child').allTextContents())
      .toEqual(family.members.map((m) => m.name));
    expect(await page.getByTestId('family-name').textContent()).toContain(family.name);
  });

  it('shows pasted HTML as text and runs none of it', async () => {
    const text = `${ARTICLE}\n${XSS_IMG} ${XSS_SCRIPT} <b onmouseover=window.__z=1>bold</b>`;
    const errorsBefore = seen.errors.length;
    const r = await verify(text);
    await check(text);
    const article = page.getByTestId('article');
    expect(await article.evaluate(articleText)).toBe(text);
    expect(await article.locator('img, script, b').count()).toBe(0);
    expect(await page.locator('main img, main script').count()).toBe(0);
    await article.getByText('bold').first().hover();
    expect(await page.evaluate(() => [typeof window.__x, typeof window.__y, typeof window.__z])).toEqual([
      'undefined',
      'undefined',
      'undefined',
    ]);
    // The highlights still sit where the API puts them with the markup in the text.
    expect(await article.locator('a.mention').evaluateAll((as) => as.map((a) => a.textContent))).toEqual(
      [...r.mentions].sort((a, b) => a.start - b.start).map((m) => codePoints(text, m)),
    );
    expect(seen.dialogs).toEqual([]);
    expect(seen.errors.slice(errorsBefore)).toEqual([]);
  });
});

/** The article's text as a reader sees it: the verdict buttons are controls, not part of the text. */
function articleText(el: Element): string {
  const copy = el.cloneNode(true) as Element;
  for (const b of Array.from(copy.querySelectorAll('button'))) b.remove();
  return copy.textContent ?? '';
}

declare global {
  interface Window {
    __x?: unknown;
    __y?: unknown;
    __z?: unknown;
  }
}
