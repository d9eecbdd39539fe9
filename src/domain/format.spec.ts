import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoTime } from './format.ts';

describe('isoTime', () => {
  it('writes what toISOString writes, for any whole-millisecond time Date can hold', () => {
    fc.assert(
      fc.property(fc.integer({ min: -8.64e15, max: 8.64e15 }), (ms) => {
        expect(isoTime(ms)).toBe(new Date(ms).toISOString());
      }),
      { numRuns: 20_000 },
    );
    for (const ms of [0, -1, 86_399_999, 86_400_000, Date.UTC(2024, 1, 29, 23, 59, 59, 999), 253402300799999])
      expect(isoTime(ms)).toBe(new Date(ms).toISOString());
  });

  it('gives null for an unknown time', () => {
    expect(isoTime(Number.NaN)).toBeNull();
  });
});
