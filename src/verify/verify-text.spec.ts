import { describe, expect, it } from 'vitest';
import type { Model } from '../domain/model.ts';
import type { Organization } from '../domain/organization.ts';
import { countHolds } from './judge-claims.ts';
import { prepareText } from './prepare-text.ts';
import { readDates } from './read-dates.ts';
import { readQuantities } from './read-quantities.ts';
import { buildVerifyIndex } from './verify-index.ts';
import { readRankingShare, verifyText } from './verify-text.ts';

const src = { id: 'card', url: 'https://example.org/card', title: 'card' };
function model(p: Partial<Model> & { id: string; name: string }): Model {
  return {
    slug: p.id,
    kind: 'model',
    family: null,
    organizations: [{ id: 'deepseek', name: 'DeepSeek', country: 'CN' }],
    countries: ['CN'],
    released: null,
    releasedPrecision: null,
    announced: null,
    weights: 'open',
    open: true,
    license: { id: 'MIT', name: 'MIT License', class: 'open-source', url: null },
    modalities: { input: ['text'], output: ['text'] },
    tasks: [],
    architecture: 'moe',
    architectureDetail: null,
    parameters: { total: null, active: null },
    parameterCounts: [],
    contextLength: null,
    huggingFace: [],
    baseModels: [],
    aliases: [],
    benchmarks: [],
    computed: null,
    training: null,
    peerNotes: [],
    sources: [src],
    provenance: { released: src, weights: src, license: src },
    notes: null,
    file: `${p.id}.toml`,
    ...p,
  } as Model;
}
const counts = (total: number, active: number | null) => [
  {
    total,
    active,
    method: 'official' as const,
    source: src,
    canonical: true,
    mtp: null,
    includesMtp: false,
    vision: null,
    note: null,
  },
];
const models = [
  model({
    id: 'deepseek-ai/DeepSeek-R1',
    name: 'DeepSeek-R1',
    family: 'DeepSeek-R1',
    released: '2025-01-20',
    parameters: { total: 671e9, active: 37e9 },
    parameterCounts: counts(671e9, 37e9),
  }),
  model({
    id: 'deepseek-ai/DeepSeek-V3',
    name: 'DeepSeek-V3',
    family: 'DeepSeek-V3',
    released: '2024-12-26',
    parameters: { total: 671e9, active: 37e9 },
    parameterCounts: counts(671e9, 37e9),
    benchmarks: [
      { benchmark: 'MMLU', score: 88.5, metric: 'accuracy', variant: '', source: src, date: null },
    ],
  }),
  model({
    id: 'Qwen/QwQ-32B',
    name: 'QwQ-32B',
    family: 'QwQ',
    organizations: [{ id: 'alibaba', name: 'Alibaba', country: 'CN' }],
    released: '2025-03-06',
    architecture: 'dense',
    parameters: { total: 32.5e9, active: 32.5e9 },
    parameterCounts: counts(32.5e9, 32.5e9),
    license: { id: 'Apache-2.0', name: 'Apache License 2.0', class: 'open-source', url: null },
  }),
  model({
    id: 'Qwen/Qwen2.5-72B-Instruct',
    name: 'Qwen2.5-72B-Instruct',
    family: 'Qwen2.5',
    organizations: [{ id: 'alibaba', name: 'Alibaba', country: 'CN' }],
    released: '2024-09-19',
    parameters: { total: 72.7e9, active: null },
    parameterCounts: counts(72.7e9, null),
  }),
];
const org = (id: string, name: string, nativeName: string, aliases: string[]): Organization => ({
  id,
  name,
  nativeName,
  aliases,
  country: 'CN',
  kind: 'startup',
  parent: null,
  website: null,
  huggingFace: [],
  description: null,
  sources: [src],
  modelCount: 1,
  file: `${id}/org.toml`,
});
const index = buildVerifyIndex({
  version: 'test',
  models,
  orgs: [
    org('deepseek', 'DeepSeek', '深度求索', ['डीपसीक', 'ДипСик']),
    org('alibaba', 'Alibaba', '阿里巴巴', ['अलीबाबा', 'Алибаба', '通义千问']),
  ],
  licenses: [{ id: 'MIT', name: 'MIT License', class: 'open-source', url: null }],
});
const verify = (text: string, date = '2025-03-10') => verifyText(text, { date }, index);
const slice = (text: string, s: number, e: number) => Array.from(text).slice(s, e).join('');

describe('numbers in four scripts', () => {
  const q = (s: string) => readQuantities(prepareText(s).lower).map((x) => [x.value, x.precision, x.kind]);
  it('reads scale words and letters', () => {
    expect(q('671 billion')).toEqual([[671e9, 1e9, 'count']]);
    expect(q('6710亿')).toEqual([[671e9, 1e8, 'count']]);
    expect(q('1.5万亿')).toEqual([[1.5e12, 1e11, 'count']]);
    expect(q('32 अरब')).toEqual([[32e9, 1e9, 'count']]);
    expect(q('३२ अरब')).toEqual([[32e9, 1e9, 'count']]);
    expect(q('32,5 млрд')).toEqual([[32.5e9, 1e8, 'count']]);
    expect(q('32B')).toEqual([[32e9, 1e9, 'count']]);
    expect(q('5%')).toEqual([[5, 1, 'percent']]);
    expect(q('20 times')).toEqual([[20, 1, 'times']]);
    expect(q('1,000 users')).toEqual([[1000, 1, 'plain']]);
  });
  it('leaves numbers inside names alone', () => expect(q('Qwen2 and V3')).toEqual([]));
});

describe('dates in four languages', () => {
  const d = (s: string, at?: string) =>
    readDates(prepareText(s).lower, at).map((x) => [x.from, x.to, x.precision]);
  it('reads absolute days and months', () => {
    for (const s of [
      'January 20, 2025',
      '20 January 2025',
      '2025年1月20日',
      '20 जनवरी 2025',
      '20 января 2025',
      '2025-01-20',
    ])
      expect(d(s), s).toEqual([['2025-01-20', '2025-01-20', 'day']]);
    expect(d('December 2024')).toEqual([['2024-12-01', '2024-12-31', 'month']]);
    expect(d('2024年12月')).toEqual([['2024-12-01', '2024-12-31', 'month']]);
  });
  it('resolves relative dates against the article date, and only with one', () => {
    for (const s of ['last month', '上个月', 'पिछले महीने', 'в прошлом месяце'])
      expect(d(s, '2025-03-10'), s).toEqual([['2025-02-01', '2025-02-28', 'month']]);
    expect(d('last month')).toEqual([[null, null, 'period']]);
  });
});

describe('mentions', () => {
  it('offsets are code points, also after astral characters', () => {
    const text = '🚀🚀 深度求索的R1 and Qwen 2.5 72B';
    const r = verify(text);
    const got = r.mentions.map((m) => [m.text, m.id]);
    expect(got).toEqual([
      ['深度求索', 'deepseek'],
      ['R1', 'deepseek-ai/DeepSeek-R1'],
      ['Qwen 2.5 72B', 'Qwen/Qwen2.5-72B-Instruct'],
    ]);
    for (const m of r.mentions) expect(slice(text, m.start, m.end)).toBe(m.text);
  });
  it('reads transliterations, Russian endings, families and short forms only after their maker', () => {
    expect(verify('डीपसीक और अलीबाबा').mentions.map((m) => m.id)).toEqual(['deepseek', 'alibaba']);
    expect(verify('акции Алибабы').mentions.map((m) => m.text)).toEqual(['Алибабы']);
    expect(verify('Qwen2.5 models').mentions.map((m) => m.id)).toEqual(['family:qwen2-5']);
    expect(verify('V3 is fast.').mentions).toEqual([]);
    expect(verify('DeepSeek said V3 is fast.').mentions.map((m) => m.id)).toEqual([
      'deepseek',
      'deepseek-ai/DeepSeek-V3',
    ]);
  });
  it('skips HTML tags, decodes entities, keeps offsets into the input', () => {
    const text = '<p class="DeepSeek">Deep&shy;Seek-R1</p>';
    const [m] = verify(text).mentions;
    expect(m?.id).toBe('deepseek-ai/DeepSeek-R1');
    expect(slice(text, m?.start ?? 0, m?.end ?? 0)).toBe('Deep&shy;Seek-R1');
  });
});

describe('claims and verdicts', () => {
  const claims = (text: string, date?: string) =>
    verify(text, date).claims.map((c) => [c.type, c.subjects.join(','), c.verdict]);
  it('dates two models in one sentence as two claims', () => {
    expect(claims('DeepSeek launched R1 and V3 at the start of the year.')).toEqual([
      ['release_date', 'deepseek-ai/DeepSeek-R1', 'supported'],
      ['release_date', 'deepseek-ai/DeepSeek-V3', 'contradicted'],
    ]);
  });
  it('accepts a one-day time-zone difference and not two', () => {
    expect(claims('DeepSeek-R1 was released on January 21, 2025.')[0]?.[2]).toBe('supported');
    expect(claims('DeepSeek-R1 was released on January 22, 2025.')[0]?.[2]).toBe('contradicted');
  });
  it('checks parameters within the precision the text uses', () => {
    expect(claims('QwQ-32B has 32 billion parameters.')).toEqual([
      ['parameters', 'Qwen/QwQ-32B', 'supported'],
    ]);
    expect(claims('QwQ-32B has 34 billion parameters.')).toEqual([
      ['parameters', 'Qwen/QwQ-32B', 'contradicted'],
    ]);
    expect(claims('DeepSeek-V3 拥有6710亿参数，激活参数370亿。')).toEqual([
      ['parameters', 'deepseek-ai/DeepSeek-V3', 'supported'],
    ]);
    expect(claims('DeepSeek-R1 has 671B total and 40B active parameters.')).toEqual([
      ['parameters', 'deepseek-ai/DeepSeek-R1', 'partly'],
    ]);
  });
  it('judges a ratio on total and active counts', () => {
    const [c] = verify('QwQ-32B matches DeepSeek-R1 with 5% of the parameters.').claims;
    expect(c).toMatchObject({
      type: 'parameter_ratio',
      verdict: 'partly',
      subjects: ['Qwen/QwQ-32B', 'deepseek-ai/DeepSeek-R1'],
    });
    expect(c?.explanation).toContain('4.84%');
  });
  it('tolerance edges: half a unit of the stated precision', () => {
    expect(countHolds(32.5e9, { value: 32e9, precision: 1e9, qualifier: 'exact' }).holds).toBe(true);
    expect(countHolds(32.51e9, { value: 32e9, precision: 1e9, qualifier: 'exact' }).holds).toBe(false);
    expect(countHolds(4.8, { value: 5, precision: 1, qualifier: 'exact' }).holds).toBe(true);
    expect(countHolds(4.4, { value: 5, precision: 1, qualifier: 'exact' }).holds).toBe(false);
  });
  it('judges open weights, licences, benchmark scores, and leaves ranking shares unverifiable', () => {
    expect(claims('DeepSeek-R1 is open-source.')).toEqual([
      ['open_weights', 'deepseek-ai/DeepSeek-R1', 'supported'],
    ]);
    expect(claims('QwQ-32B is released under the MIT license.').find((c) => c[0] === 'licence')?.[2]).toBe(
      'contradicted',
    );
    expect(claims('DeepSeek-V3 scores 88.5 on MMLU.')).toEqual([
      ['benchmark', 'deepseek-ai/DeepSeek-V3', 'supported'],
    ]);
    expect(claims('DeepSeek-V3 scores 90.1 on MMLU.')).toEqual([
      ['benchmark', 'deepseek-ai/DeepSeek-V3', 'contradicted'],
    ]);
    expect(claims('41 of the top 100 models are Chinese.')).toEqual([['ranking_share', '', 'unverifiable']]);
  });
  it('every claim carries sourced evidence unless unverifiable', () => {
    for (const c of verify('DeepSeek-R1 was released on January 20, 2025 with 671 billion parameters.')
      .claims) {
      expect(c.evidence.length).toBeGreaterThan(0);
      for (const e of c.evidence) expect(e.source.url).toBe('https://example.org/card');
    }
  });
});

describe('ranking shares', () => {
  it('reads a count or a share of a top N, in a country or among open models, and the board when named', () => {
    expect(readRankingShare('41 of the top 100 models on lmarena are chinese')).toEqual({
      top: 100,
      board: 'lmarena-text',
      count: 41,
      group: 'country',
      value: 'CN',
    });
    expect(readRankingShare('open-weight models hold 20% of the top 50')).toEqual({
      top: 50,
      board: null,
      percent: 20,
      group: 'weights',
      value: 'open',
    });
    expect(readRankingShare('前100名中有41个中国模型')).toMatchObject({ top: 100, count: 41, value: 'CN' });
    expect(readRankingShare('41 of the top 100 models')).toBeNull();
  });
});

describe('odd input', () => {
  it('answers empty, binary-looking and mixed-script text without failing', () => {
    expect(verify('')).toEqual({ language: 'unknown', mentions: [], claims: [] });
    expect(verify('\u0001\u0002\uFFFD\uD800').language).toBe('unknown');
    expect(verify('DeepSeek и 深度求索 और डीपसीक').language).toBe('mixed');
    expect(verify('<<<>>>&&&;;;').claims).toEqual([]);
  });
});
