import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { type HubDumpEntry, type HubDumpSummary, readHubDump } from './read-hub-dump.ts';

// A dump that is nothing but whitespace: its blanks are counted and dropped as they come (they used to be held and
// joined chunk by chunk, quadratic: 15 MiB of gzipped newlines took 13 s), and a dump whose first 16 MiB are blank
// is refused there, however much more of it there is.

const MiB = 2 ** 20;

/** An endless stream of `chunk`, counting the bytes it handed out. */
function endless(chunk: Buffer): { stream: Readable; pulled: () => number } {
  let pulled = 0;
  const stream = Readable.from(
    (function* () {
      for (;;) {
        pulled += chunk.length;
        yield chunk;
      }
    })(),
    { objectMode: false },
  );
  return { stream, pulled: () => pulled };
}

async function readAll(input: Readable | string) {
  const entries: HubDumpEntry[] = [];
  const summary: Partial<HubDumpSummary> = {};
  for await (const batch of readHubDump({ input, summary })) entries.push(...batch.entries);
  return { entries, summary };
}

describe('readHubDump on blank input', () => {
  it.each([
    ['newlines', Buffer.alloc(64 * 1024, 0x0a)],
    ['spaces, tabs and CRLFs', Buffer.from(' \t\r\n'.repeat(16 * 1024))],
  ])('refuses an endless dump of %s after reading its first 16 MiB', async (_what, chunk) => {
    const { stream, pulled } = endless(chunk);
    await expect(readAll(stream)).rejects.toMatchObject({
      code: 'invalid_dump',
      message: 'stream: nothing but whitespace in its first 16 MiB, not a Hub dump; nothing was ingested',
    });
    // The refusal comes from a bounded read: 16 MiB and the stream's read-ahead, not the (endless) rest.
    expect(pulled()).toBeGreaterThan(16 * MiB);
    expect(pulled()).toBeLessThan(18 * MiB);
  });

  it('refuses an endless gzip stream of blanks the same way (decompressed bytes count)', async () => {
    // Stored (level 0) members: no compression ratio to trip the gzip-bomb check first.
    const { stream, pulled } = endless(gzipSync(Buffer.alloc(MiB, 0x20), { level: 0 }));
    await expect(readAll(stream)).rejects.toMatchObject({
      code: 'invalid_dump',
      message: expect.stringContaining('nothing but whitespace in its first 16 MiB'),
    });
    expect(pulled()).toBeLessThan(24 * MiB);
  });

  it('reads a blank dump under the limit to the end: no entries, every line counted', async () => {
    const { entries, summary } = await readAll(
      Readable.from([Buffer.alloc(3 * MiB, 0x0a), Buffer.from('  \n ')]),
    );
    expect(entries).toEqual([]);
    expect(summary.lines).toBe(3 * MiB + 1);
    const gz = await readAll(Readable.from([gzipSync(Buffer.alloc(5 * MiB, 0x0a))]));
    expect(gz.entries).toEqual([]);
    expect(gz.summary).toMatchObject({ gzip: true, lines: 5 * MiB });
  });

  it('numbers the lines after leading blanks as before, in JSON Lines and in a JSON array', async () => {
    const item = '{"id":"acme/Base-7B","downloads":3}';
    const blanks = '\ufeff \n\n\t\r\n   ';
    const lines = await readAll(Readable.from([Buffer.from(blanks), Buffer.from(`${item}\n\n${item}\n`)]));
    expect(lines.entries.map((e) => [e.line, 'model' in e])).toEqual([
      [4, true],
      [6, true],
    ]);
    const array = await readAll(Readable.from([Buffer.from('\n\n'), Buffer.from(`[\n${item},\n${item}]`)]));
    expect(array.entries.map((e) => e.line)).toEqual([4, 5]);
    expect(array.summary.format).toBe('json-array');
  });

  it('reads a line longer than many chunks whole', async () => {
    const item = Buffer.from('{"id":"acme/Base-7B","downloads":3}');
    const chunks = [
      item,
      ...Array.from({ length: 300 }, () => Buffer.alloc(16 * 1024, 0x20)),
      Buffer.from('\n'),
    ];
    const { entries } = await readAll(Readable.from(chunks));
    expect(entries).toMatchObject([{ line: 1, model: { id: 'acme/Base-7B' } }]);
  });
});
