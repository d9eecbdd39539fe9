import { describe, expect, it } from 'vitest';
import { annotateText } from './annotate-text.ts';

const flat = (
  text: string,
  mentions: { start: number; end: number }[],
  claims: { start: number; end: number }[],
) =>
  annotateText(text, mentions, claims).map((r) => ({
    claims: r.claims,
    ending: r.ending,
    pieces: r.pieces.map((p) => (p.mention === null ? p.text : [p.text, p.mention])),
  }));

describe('annotateText', () => {
  it('slices by code points: an emoji before a mention does not shift it', () => {
    // '🐉' is one code point but two UTF-16 units.
    const text = '🐉 Dragon-MoE has 200B.';
    expect(flat(text, [{ start: 2, end: 12 }], [{ start: 2, end: 21 }])).toEqual([
      { claims: [], ending: [], pieces: ['🐉 '] },
      { claims: [0], ending: [0], pieces: [['Dragon-MoE', 0], ' has 200B'] },
      { claims: [], ending: [], pieces: ['.'] },
    ]);
  });

  it('covers the whole text, in order, and joins back to it', () => {
    const text = 'Acme released Acme-7B-Chat in 2023 and Dragon-MoE in 2025.';
    const regions = annotateText(
      text,
      [
        { start: 0, end: 4 },
        { start: 14, end: 26 },
        { start: 39, end: 49 },
      ],
      [
        { start: 14, end: 34 },
        { start: 0, end: 58 },
        { start: 39, end: 57 },
      ],
    );
    expect(regions.flatMap((r) => r.pieces.map((p) => p.text)).join('')).toBe(text);
    expect(regions.map((r) => r.claims)).toEqual([[1], [0, 1], [1], [2, 1], [1]]);
    // Each claim ends exactly once: the page puts its verdict label there.
    expect(regions.flatMap((r) => r.ending).sort()).toEqual([0, 1, 2]);
  });

  it('splits a mention that crosses a claim boundary and keeps the first of overlapping mentions', () => {
    expect(
      flat(
        'Qwen3 Coder 480B',
        [
          { start: 0, end: 11 },
          { start: 6, end: 16 },
        ],
        [{ start: 6, end: 16 }],
      ),
    ).toEqual([
      { claims: [], ending: [], pieces: [['Qwen3 ', 0]] },
      { claims: [0], ending: [0], pieces: [['Coder', 0], ' 480B'] },
    ]);
  });

  it('leaves out spans outside the text, empty or not whole numbers', () => {
    expect(
      flat(
        'abc',
        [
          { start: 2, end: 9 },
          { start: 1, end: 1 },
          { start: 0.5, end: 2 },
        ],
        [{ start: -1, end: 2 }],
      ),
    ).toEqual([{ claims: [], ending: [], pieces: ['abc'] }]);
    expect(annotateText('', [], [])).toEqual([]);
  });
});
