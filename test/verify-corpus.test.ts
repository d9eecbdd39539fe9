import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type CorpusArticle,
  checkVerifyCorpus,
  readVerifyCorpus,
} from '../bench/verify-corpus/read-verify-corpus.ts';
import { scoreArticle, verifyFigures } from '../bench/verify-corpus/score-verify.ts';
import { loadCatalog } from '../src/catalog/load-catalog.ts';
import type { Claim } from '../src/domain/verify.ts';
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

  it('scores by overlapping spans: ids (or alt ids) for mentions, types for claims', () => {
    const text = '通义千问 Qwen3 有 2350 亿参数, DeepSeek-R1 有 1500 亿参数。';
    const gold: CorpusArticle = {
      id: 'zh-score',
      url: 'https://example.org/a',
      title: 'A',
      published: '2025-04-29',
      language: 'zh',
      split: 'dev',
      text,
      mentions: [
        { text: '通义千问', start: 0, end: 4, kind: 'family', id: 'family:qwen', alt: ['alibaba'] },
        { text: 'Qwen3', start: 5, end: 10, kind: 'family', id: 'family:qwen3' },
        { text: 'DeepSeek-R1', start: 24, end: 35, kind: 'model', id: 'deepseek-ai/DeepSeek-R1' },
      ],
      claims: [
        {
          text: '2350 亿参数',
          start: 13,
          end: 21,
          type: 'parameters',
          subjects: ['family:qwen3'],
          stated: {},
          gold_verdict: 'supported',
          note: 'n',
        },
        {
          text: '1500 亿参数',
          start: 38,
          end: 46,
          type: 'parameters',
          subjects: ['deepseek-ai/DeepSeek-R1'],
          stated: {},
          gold_verdict: 'contradicted',
          note: 'n',
        },
        {
          text: 'x',
          start: 5,
          end: 10,
          type: 'benchmark',
          subjects: ['family:qwen3'],
          stated: {},
          gold_verdict: 'unverifiable',
          note: 'n',
        },
      ],
    };
    const claim = (start: number, end: number, type: Claim['type'], verdict: Claim['verdict']): Claim => ({
      text: Array.from(text).slice(start, end).join(''),
      start,
      end,
      type,
      subjects: [],
      stated: {},
      verdict,
      evidence: [],
      explanation: '',
    });
    const { counts, misses } = scoreArticle(gold, {
      mentions: [
        // the maker's id is an accepted alternative for 通义千问; a partial span still overlaps
        { text: '通义', start: 0, end: 2, kind: 'org', id: 'alibaba' },
        // overlapping but the wrong id: a wrong link, and Qwen3 stays unfound
        { text: 'Qwen3', start: 5, end: 10, kind: 'model', id: 'Qwen/Qwen3-235B-A22B' },
        // no gold mention here: spurious
        { text: '亿参', start: 17, end: 19, kind: 'org', id: 'baidu' },
      ],
      claims: [
        claim(13, 21, 'parameters', 'contradicted'), // found, wrong verdict, a false alarm
        claim(40, 44, 'release_date', 'contradicted'), // overlaps the R1 claim but another type: no match
        claim(38, 46, 'parameters', 'contradicted'), // found, right, caught
      ],
    });
    expect(counts).toMatchObject({
      predictedMentions: 3,
      matchedPredictedMentions: 1,
      goldMentions: 3,
      matchedGoldMentions: 1,
      linkedMentions: 2,
      rightlyLinkedMentions: 1,
      checkableClaims: 2,
      foundCheckableClaims: 2,
      rightVerdicts: 1,
      goldContradicted: 1,
      caughtContradicted: 1,
      alarms: 3,
      rightAlarms: 1,
    });
    expect(verifyFigures(counts)).toMatchObject({
      mentionRecall: 1 / 3,
      linkAccuracy: 0.5,
      alarmPrecision: 1 / 3,
    });
    expect(misses.map((m) => m.what).sort()).toEqual([
      'false alarm',
      'false alarm',
      'missed mention',
      'spurious mention',
      'wrong link',
      'wrong verdict',
    ]);
  });

  it('answers each of two claims in one span with the prediction about its own subject', () => {
    const text = 'DeepSeek launched R1 and V3 at the start of the year.';
    const span = { start: 0, end: Array.from(text).length };
    const gold: CorpusArticle = {
      id: 'en-two',
      url: 'https://example.org/b',
      title: 'B',
      published: '2025-06-01',
      language: 'en',
      split: 'dev',
      text,
      mentions: [],
      claims: [
        {
          text: 'R1',
          start: 18,
          end: 20,
          type: 'release_date',
          subjects: ['deepseek-ai/DeepSeek-R1'],
          stated: {},
          gold_verdict: 'supported',
          note: 'n',
        },
        {
          text: 'V3',
          start: 25,
          end: 27,
          type: 'release_date',
          subjects: ['deepseek-ai/DeepSeek-V3'],
          stated: {},
          gold_verdict: 'contradicted',
          note: 'n',
        },
      ],
    };
    const sentence = (subject: string, verdict: Claim['verdict']): Claim => ({
      text,
      ...span,
      type: 'release_date',
      subjects: [subject],
      stated: {},
      verdict,
      evidence: [],
      explanation: '',
    });
    const { counts } = scoreArticle(gold, {
      mentions: [],
      claims: [
        sentence('deepseek-ai/DeepSeek-R1', 'contradicted'),
        sentence('deepseek-ai/DeepSeek-V3', 'contradicted'),
      ],
    });
    // R1's answer is the (wrong) R1 claim, V3's the (right) V3 claim; the R1 alarm is false even though its span
    // also covers the contradicted V3 claim.
    expect(counts).toMatchObject({ rightVerdicts: 1, caughtContradicted: 1, alarms: 2, rightAlarms: 1 });
  });
});
