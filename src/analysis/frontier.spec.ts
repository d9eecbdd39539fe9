import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type FrontierPoint, paretoFrontier } from './frontier.ts';

const dominates = (a: FrontierPoint, b: FrontierPoint) =>
  a.x <= b.x && a.y >= b.y && (a.x < b.x || a.y > b.y);

describe('paretoFrontier', () => {
  it('keeps the points no other point beats on both size and score', () => {
    const points = [
      { id: 'big-best', x: 671, y: 79.8 },
      { id: 'small-good', x: 32, y: 79.5 },
      { id: 'small-worse', x: 32, y: 60 },
      { id: 'mid-worse', x: 70, y: 70 },
      { id: 'tiny', x: 7, y: 55 },
    ];
    expect(paretoFrontier(points)).toEqual(['tiny', 'small-good', 'big-best']);
    expect(paretoFrontier([])).toEqual([]);
  });

  it('is exactly the set of non-dominated points (property)', () => {
    const point = fc.record({ x: fc.integer({ min: 1, max: 50 }), y: fc.integer({ min: 0, max: 50 }) });
    fc.assert(
      fc.property(fc.array(point, { maxLength: 40 }), (raw) => {
        const points = raw.map((p, i) => ({ id: `m${i}`, ...p }));
        const expected = points.filter((p) => !points.some((q) => dominates(q, p))).map((p) => p.id);
        expect(new Set(paretoFrontier(points))).toEqual(new Set(expected));
      }),
    );
  });
});
