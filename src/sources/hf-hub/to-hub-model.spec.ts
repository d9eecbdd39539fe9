import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isRepoId, REPO_ID } from './to-hub-model.ts';

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
