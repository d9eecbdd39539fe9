import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keyHash } from '../sources/hf-hub/hub-column-batch.ts';
import { KeyTable } from './key-table.ts';

describe('KeyTable', () => {
  it('finds what a Map finds, however badly the hashes collide, across growth', () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[A-Za-z0-9]{1,4}\/[A-Za-z0-9.-]{1,6}$/), { maxLength: 400 }),
        fc.constantFrom(1, 3, 0xffff, 0),
        (ids, spread) => {
          // spread 0: the real hash; otherwise a few buckets only, so probes run through long collision chains.
          const hash = (id: string) => (spread === 0 ? keyHash(id) : keyHash(id) % spread);
          const keys: string[] = [];
          let hashes = new Int32Array(0);
          const table = new KeyTable(keys, () => hashes);
          const reference = new Map<string, number>();
          for (const id of ids) {
            const key = id.toLowerCase();
            const found = table.find(hash(id), id, false);
            expect(found).toBe(reference.get(key) ?? -1);
            if (found < 0) {
              keys.push(key);
              hashes = Int32Array.from([...hashes, hash(id)]);
              table.add(keys.length - 1);
              reference.set(key, keys.length - 1);
            }
          }
          for (const [key, m] of reference) expect(table.find(hash(key), key, true)).toBe(m);
          expect(table.find(hash('zz/absent'), 'zz/absent', true)).toBe(reference.get('zz/absent') ?? -1);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('hashes ids case-insensitively', () => {
    expect(keyHash('Qwen/Qwen2.5-7B')).toBe(keyHash('qwen/qwen2.5-7b'));
    expect(keyHash('a/b')).not.toBe(keyHash('a/c'));
  });
});
