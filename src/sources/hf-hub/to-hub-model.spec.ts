import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HubItemError, isRepoId, REPO_ID, toHubModel } from './to-hub-model.ts';

describe('isRepoId', () => {
  // Characters that matter to the pattern, and some that must be refused.
  const char = fc.constantFrom(...'aZ09_.-/', '\n', ' ', 'é', ':', '\u0130');
  const part = (max: number) => fc.array(char, { maxLength: max }).map((cs) => cs.join(''));

  it('answers as the REPO_ID pattern does, for any text near the length limits', () => {
    fc.assert(
      fc.property(part(200), (s) => {
        expect(isRepoId(s)).toBe(REPO_ID.test(s));
      }),
      { numRuns: 20_000 },
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 100 }),
        part(3),
        (a, b, tail) => {
          for (const s of [`A${'x'.repeat(a)}/${'y'.repeat(b)}${tail}`, `0${'-'.repeat(a)}${tail}`]) {
            expect(isRepoId(s), s).toBe(REPO_ID.test(s));
          }
        },
      ),
      { numRuns: 5_000 },
    );
  });

  it('accepts the Hub ids it should and refuses the rest', () => {
    for (const id of ['Qwen/Qwen2.5-7B-Instruct', 'gpt2', 'a/b', `a${'b'.repeat(95)}/${'c'.repeat(96)}`])
      expect(isRepoId(id), id).toBe(true);
    for (const id of [
      '',
      '/x',
      '-a/b',
      'a/',
      'a/b/c',
      'a b/c',
      `a${'b'.repeat(96)}/c`,
      `a/${'c'.repeat(97)}`,
      'a/b\n',
    ])
      expect(isRepoId(id), id).toBe(false);
  });
});

describe('toHubModel createdAt', () => {
  const created = (createdAt: string) => toHubModel({ id: 'a/b', createdAt }).createdAt;

  it('keeps a canonical time as it is and writes other ISO forms the same way', () => {
    expect(created('2024-02-29T23:59:59.999Z')).toBe('2024-02-29T23:59:59.999Z');
    expect(created('0050-01-01T00:00:00.000Z')).toBe('0050-01-01T00:00:00.000Z');
    expect(created('2025-06-01')).toBe('2025-06-01T00:00:00.000Z');
    expect(created('2025-06-01T12:00:00+02:00')).toBe('2025-06-01T10:00:00.000Z');
  });

  it('refuses a day the calendar does not have (Date would shift it to another day), and one Date cannot read', () => {
    // 24:00 is ISO 8601's end of a day: the instant it names is kept.
    expect(created('2025-01-01T24:00:00.000Z')).toBe('2025-01-02T00:00:00.000Z');
    expect(created('2024-02-29T00:00:00+01:00')).toBe('2024-02-28T23:00:00.000Z');
    for (const bad of [
      '2025-02-29T00:00:00.000Z',
      '2025-04-31T08:00:00+02:00',
      '2025-02-30',
      '2025-13-01T00:00:00.000Z',
      '2025-01-32T00:00:00.000Z',
      '2025-01-01T23:60:00.000Z',
    ])
      expect(() => created(bad), bad).toThrow(
        new HubItemError(`createdAt: expected an ISO 8601 time, got "${bad}"`),
      );
  });
});

describe('toHubModel: text caps', () => {
  it('refuses an id or an account name past the Hub limit of 96 characters, naming the field', () => {
    expect(() => toHubModel({ id: `a/${'x'.repeat(10_000_000)}` })).toThrow(
      /^id: not a Hub repo id: "a\/x{5}/,
    );
    expect(() => toHubModel({ id: 'gpt2', author: 'y'.repeat(10_000_000) })).toThrow(
      /^author: 10000000 characters, more than a Hub account name's 96: "y{10}/,
    );
    expect(toHubModel({ id: 'gpt2', author: 'y'.repeat(96) }).author).toBe('y'.repeat(96));
  });
});
