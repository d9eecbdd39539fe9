import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createdAtColumns } from './hub-column-batch.ts';

/** What the columns held before the digit-by-digit reading: Date.parse, and the month of the instant. */
function reference(iso: string): [number, number] {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return [t, 0];
  const at = new Date(t);
  return [t, (at.getUTCFullYear() - 1970) * 12 + at.getUTCMonth() + 1];
}

const pad = (v: number, n: number) => String(v).padStart(n, '0');

describe('createdAtColumns', () => {
  it('agrees with Date.parse on every time of the canonical shape, impossible dates included', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 0, max: 999 }),
        (y, mo, d, h, mi, s, ms) => {
          const iso = `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}.${pad(ms, 3)}Z`;
          expect(createdAtColumns(iso)).toEqual(reference(iso));
        },
      ),
      { numRuns: 20_000 },
    );
  });

  it('reads real times exactly, leap days and the ends of the range included', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(100, 0, 1), max: Date.UTC(9999, 11, 31, 23, 59, 59, 999) }),
        (t) => {
          const iso = new Date(t).toISOString();
          expect(createdAtColumns(iso)).toEqual(reference(iso));
          expect(createdAtColumns(iso)[1]).toBe(
            (Number(iso.slice(0, 4)) - 1970) * 12 + Number(iso.slice(5, 7)),
          );
        },
      ),
      { numRuns: 20_000 },
    );
    for (const iso of [
      '2024-02-29T23:59:59.999Z',
      '2025-02-29T00:00:00.000Z', // not a leap year: Date.parse rolls it to March 1st
      '2025-01-01T24:00:00.000Z',
      '1900-02-29T00:00:00.000Z',
      '2000-02-29T00:00:00.000Z',
      '0099-12-31T00:00:00.000Z',
      '+010000-01-01T00:00:00.000Z',
      '1969-12-31T23:59:59.999Z',
    ])
      expect(createdAtColumns(iso), iso).toEqual(reference(iso));
  });
});
