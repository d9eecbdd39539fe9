import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkVerifyCorpus, readVerifyCorpus } from '../bench/verify-corpus/read-verify-corpus.ts';
import { loadCatalog } from '../src/catalog/load-catalog.ts';
import { BUNDLED_CATALOG } from '../src/store/deps.ts';

// The annotated articles `npm run bench verify` scores the engine on (issue 15): their spans must be the
// code-point slices they claim, and every id they name must be in the bundled catalog.
describe('verify corpus', () => {
  const articles = readVerifyCorpus();

  it('annotates real spans with catalog ids', () => {
    expect(checkVerifyCorpus(articles, loadCatalog(BUNDLED_CATALOG))).toEqual([]);
  });

  it('has at least 16 articles: 4 Hindi, 4 Chinese, 2 Russian, each language in both splits', () => {
    expect(articles.length).toBeGreaterThanOrEqual(16);
    const count = (lang: string, split?: string) =>
      articles.filter((a) => a.language === lang && (split === undefined || a.split === split)).length;
    expect(count('hi')).toBeGreaterThanOrEqual(4);
    expect(count('zh')).toBeGreaterThanOrEqual(4);
    expect(count('ru')).toBeGreaterThanOrEqual(2);
    for (const lang of ['en', 'hi', 'zh', 'ru']) {
      expect(count(lang, 'dev'), `${lang} dev`).toBeGreaterThan(0);
      expect(count(lang, 'test'), `${lang} test`).toBeGreaterThan(0);
    }
  });

  it('reports a span that is not its slice, and an id the catalog lacks', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'omo-verify-corpus-'));
    try {
      const article = {
        id: 'en-bad',
        url: 'https://example.org/a',
        title: 'A',
        published: '2025-01-01',
        language: 'en',
        split: 'dev',
        // "深度求索" is 4 code points but 4 UTF-16 units too; the emoji before it is 1 code point and 2 units.
        text: '🙂 深度求索 released DeepSeek-R9',
        mentions: [
          { text: '深度求索', start: 2, end: 6, kind: 'org', id: 'deepseek' },
          { text: 'DeepSeek-R9', start: 16, end: 27, kind: 'model', id: 'deepseek-ai/DeepSeek-R9' },
          { text: '深度求索', start: 3, end: 7, kind: 'org', id: 'deepseek' },
        ],
        claims: [],
      };
      writeFileSync(path.join(dir, 'en-bad.json'), JSON.stringify(article));
      const problems = checkVerifyCorpus(readVerifyCorpus(dir), loadCatalog(BUNDLED_CATALOG));
      expect(problems).toEqual([
        'en-bad: mentions[1]: "deepseek-ai/DeepSeek-R9" is not in the catalog',
        'en-bad: mentions[2]: text "深度求索" is not the slice 3-7 ("度求索 ")',
        'en-bad: mentions "深度求索" and "深度求索" overlap',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
