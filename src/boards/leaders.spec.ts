import { describe, expect, it } from 'vitest';
import type { BoardRow } from '../domain/board.ts';
import { bestOfSnapshot, leaderShares, placeRows, snapshotAtOrBefore } from './leaders.ts';
import { boardNameIndex, type IndexModel } from './resolve-name.ts';

const model = (id: string, org: string, weights: string, licenseClass: string): IndexModel => ({
  id,
  name: id.split('/')[1] ?? id,
  aliases: [],
  huggingFace: [],
  weights,
  license: { class: licenseClass },
  organizations: [{ id: org }],
});

const index = boardNameIndex(
  [
    model('openai/gpt-5', 'openai', 'api-only', 'no-weights'),
    model('google/gemini-2.5-pro', 'google', 'api-only', 'no-weights'),
    model('deepseek-ai/DeepSeek-R1', 'deepseek', 'open', 'open-source'),
    model('Qwen/Qwen3-235B-A22B', 'alibaba', 'open', 'open-source'),
    model('google/gemma-3-27b-it', 'google', 'open', 'open-weights-restricted'),
  ],
  [
    { id: 'openai', name: 'OpenAI', nativeName: null, aliases: [], huggingFace: [], country: 'US' },
    { id: 'google', name: 'Google', nativeName: null, aliases: [], huggingFace: [], country: 'US' },
    { id: 'deepseek', name: 'DeepSeek', nativeName: null, aliases: [], huggingFace: [], country: 'CN' },
    { id: 'alibaba', name: 'Alibaba', nativeName: null, aliases: [], huggingFace: [], country: 'CN' },
    { id: 'tencent', name: 'Tencent', nativeName: null, aliases: [], huggingFace: [], country: 'CN' },
  ],
);

const row = (
  rank: number,
  name: string,
  score: number | null,
  org: string | null,
  license: string | null,
): BoardRow => ({
  rank,
  name,
  score,
  ci: null,
  votes: null,
  org,
  license,
  scores: {},
});

// Board order with a shared rank (two rows at 2) and a row listed out of score order.
const ROWS: BoardRow[] = [
  row(1, 'gemini-2.5-pro', 1460, 'Google', 'Proprietary'),
  row(2, 'gpt-5-high', 1440, 'OpenAI', 'Proprietary'),
  row(2, 'deepseek-r1-0528', 1440, 'DeepSeek', 'MIT'),
  row(4, 'hunyuan-turbos-20250416', 1445, 'Tencent', 'Proprietary'),
  row(5, 'qwen3-235b-a22b-no-thinking', 1420, 'Alibaba', 'Apache 2.0'),
  row(6, 'mystery-chat', 1400, 'Nobody Labs', 'Other'),
  row(7, 'gemma-3-27b-it', 1360, 'Google', 'Gemma'),
  row(8, 'no-score-model', null, 'Tencent', 'Apache 2.0'),
];

const placed = placeRows(ROWS, 'lmarena-text', index);

describe('placeRows', () => {
  it('orders by score, ties by the board rank then its order; rows without a score last', () => {
    expect(placed.map((p) => [p.position, p.rank, p.name])).toEqual([
      [1, 1, 'gemini-2.5-pro'],
      [2, 4, 'hunyuan-turbos-20250416'],
      [3, 2, 'gpt-5-high'],
      [4, 2, 'deepseek-r1-0528'],
      [5, 5, 'qwen3-235b-a22b-no-thinking'],
      [6, 6, 'mystery-chat'],
      [7, 7, 'gemma-3-27b-it'],
      [8, 8, 'no-score-model'],
    ]);
  });
});

describe('leaderShares', () => {
  it('counts the top N by country, the unknown group last, and lists what did not resolve', () => {
    const s = leaderShares(placed, { top: 6, group: 'country' });
    expect(s.rows).toEqual([
      { group: 'CN', count: 3, share: 0.5 },
      { group: 'US', count: 2, share: 2 / 6 },
      { group: null, count: 1, share: 1 / 6 },
    ]);
    expect(s.unresolved).toEqual([
      {
        rank: 4,
        name: 'hunyuan-turbos-20250416',
        org: 'tencent',
        board_org: 'Tencent',
        method: 'board-licence',
      },
      { rank: 6, name: 'mystery-chat', org: null, board_org: 'Nobody Labs', method: 'unresolved' },
    ]);
    expect(s.resolved).toEqual({ model: 4, org: 5, total: 6 });
  });

  it('takes exactly N rows by position though ranks are shared', () => {
    expect(leaderShares(placed, { top: 3, group: 'org' }).rows).toEqual([
      { group: 'google', count: 1, share: 1 / 3 },
      { group: 'openai', count: 1, share: 1 / 3 },
      { group: 'tencent', count: 1, share: 1 / 3 },
    ]);
  });

  it('splits open from closed by the catalog, and by the board licence only for unresolved rows', () => {
    expect(leaderShares(placed, { top: 7, group: 'weights' }).rows).toEqual([
      { group: 'closed', count: 3, share: 3 / 7 },
      { group: 'open', count: 3, share: 3 / 7 },
      { group: null, count: 1, share: 1 / 7 },
    ]);
    expect(
      leaderShares(placed, { top: 7, group: 'license_class' }).rows.map((r) => [r.group, r.count]),
    ).toEqual([
      ['no-weights', 3],
      ['open-source', 2],
      ['open-weights-restricted', 1],
      [null, 1],
    ]);
  });

  it('with open, counts only the open-weight rows among the top N', () => {
    const s = leaderShares(placed, { top: 7, group: 'country', open: true });
    expect(s.rows).toEqual([
      { group: 'CN', count: 2, share: 2 / 3 },
      { group: 'US', count: 1, share: 1 / 3 },
    ]);
    expect(s.resolved.total).toBe(3);
    expect(s.unresolved).toEqual([]);
  });

  it('answers a board with fewer rows than N, and none', () => {
    expect(leaderShares(placed, { top: 100, group: 'country' }).resolved.total).toBe(8);
    expect(leaderShares([], { top: 100, group: 'country' })).toEqual({
      rows: [],
      unresolved: [],
      resolved: { model: 0, org: 0, total: 0 },
    });
  });
});

describe('snapshotAtOrBefore', () => {
  const dates = ['2025-07-14', '2024-06-01', '2025-11-25'];
  it('picks the latest snapshot at or before a date, or the latest', () => {
    expect(snapshotAtOrBefore(dates)).toBe('2025-11-25');
    expect(snapshotAtOrBefore(dates, '2025-07-14')).toBe('2025-07-14');
    expect(snapshotAtOrBefore(dates, '2025-07-13')).toBe('2024-06-01');
    expect(snapshotAtOrBefore(dates, '2024-01-01')).toBeNull();
  });
});

describe('bestOfSnapshot', () => {
  it('gives the best model per country and the best open and closed with the gap', () => {
    expect(bestOfSnapshot(placed)).toEqual({
      by_country: [
        { country: 'US', model: 'google/gemini-2.5-pro', name: 'gemini-2.5-pro', score: 1460 },
        { country: 'CN', model: null, name: 'hunyuan-turbos-20250416', score: 1445 },
      ],
      open_by_country: [
        { country: 'CN', model: 'deepseek-ai/DeepSeek-R1', name: 'deepseek-r1-0528', score: 1440 },
        { country: 'US', model: 'google/gemma-3-27b-it', name: 'gemma-3-27b-it', score: 1360 },
      ],
      best_open: { model: 'deepseek-ai/DeepSeek-R1', name: 'deepseek-r1-0528', score: 1440, country: 'CN' },
      best_closed: { model: 'google/gemini-2.5-pro', name: 'gemini-2.5-pro', score: 1460, country: 'US' },
      gap: 20,
    });
  });

  it('has no gap without an open (or closed) model', () => {
    const closedOnly = placed.filter((p) => p.resolution.weights === 'closed');
    expect(bestOfSnapshot(closedOnly)).toMatchObject({ best_open: null, gap: null });
  });
});
