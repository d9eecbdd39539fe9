import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseItem, parseLine } from './read-hub-dump.ts';
import { HubItemScanner } from './scan-hub-item.ts';

// The byte scanner must never change an answer: for any line, parseLine (scanner, else the reference path) gives
// exactly what parseItem (JSON.parse + toHubModel) gives — the model, or the error with its wording.

const scanner = new HubItemScanner();

function viaBytes(line: string) {
  const bytes = Buffer.from(line, 'utf8');
  return parseLine(scanner, bytes, 0, bytes.length, 7, false);
}
/** The reference reading of the same bytes (a JS string with a lone surrogate has no UTF-8 form of its own). */
function reference(line: string) {
  const text = Buffer.from(line, 'utf8').toString('utf8');
  return text.trim() === '' ? null : parseItem(text, 7);
}

const repoId = fc.oneof(
  fc.constantFrom('acme/Base-7B', 'ACME/base-7b', 'bob/x.y_z-1', 'gpt2', 'a/b'),
  fc.stringMatching(/^[A-Za-z0-9][\w.-]{0,12}\/[\w.-]{1,12}$/),
);
const weirdString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.constantFrom('', 'é/ü', 'a"b', 'back\\slash', 'tab\there', 'line\nbreak', '\u2028', '😀/x', 'x/y'),
);
const counter = fc.oneof(
  fc.nat(),
  fc.constantFrom(0, 10, 1e15, 2 ** 53, 2 ** 53 + 2, -1, 1.5, 1e3, Number.MAX_SAFE_INTEGER),
  fc.constant(null),
  fc.constant('3000'),
);
const time = fc.oneof(
  fc.constantFrom(
    '2025-06-01T10:00:00.000Z',
    '2025-06-01',
    '2025-06-01T10:00:00+02:00',
    'yesterday',
    null,
    5,
  ),
  fc
    .date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true })
    .map((d) => d.toISOString()),
);
const relation = fc.constantFrom('finetune', 'adapter', 'quantized', 'merge', 'distill', null, 3);
const tag = fc.oneof(
  fc.constantFrom('transformers', 'license:mit', 'region:us', 'base_model:acme/Base-7B', 'base_model:x'),
  fc.tuple(relation, repoId).map(([r, id]) => `base_model:${r}:${id}`),
  weirdString,
);
const json: fc.Arbitrary<unknown> = fc.jsonValue({ maxDepth: 3 });
const card = fc.oneof(
  fc.record(
    {
      base_model: fc.oneof(
        repoId,
        fc.array(repoId, { maxLength: 3 }),
        fc.constant(null),
        fc.constant(42),
        weirdString,
      ),
      base_model_relation: relation,
      license: fc.constantFrom('mit', 'other'),
      'model-index': json,
      名前: weirdString,
    },
    { requiredKeys: [] },
  ),
  fc.constant(null),
  fc.constant('card'),
  fc.constant([]),
);
const item = fc.record(
  {
    _id: fc.stringMatching(/^[0-9a-f]{24}$/),
    id: fc.oneof(repoId, weirdString, fc.constant(null), fc.constant(7)),
    modelId: repoId,
    author: fc.oneof(fc.stringMatching(/^[a-zA-Z0-9-]{1,10}$/), fc.constant(null), fc.constant(1)),
    createdAt: time,
    downloads: counter,
    downloadsAllTime: counter,
    likes: counter,
    tags: fc.oneof(fc.array(tag, { maxLength: 6 }), fc.constant(null), fc.constant('t'), fc.constant([1])),
    cardData: card,
    siblings: fc.array(fc.record({ rfilename: weirdString }), { maxLength: 3 }),
    extra: json,
  },
  { requiredKeys: [] },
);

/** JSON text of an item, sometimes spaced out (JSON whitespace only: raw newlines never occur inside strings). */
const line = fc
  .tuple(item, fc.constantFrom('compact', 'spaced', 'tabs'))
  .map(([value, style]) =>
    style === 'compact'
      ? JSON.stringify(value)
      : JSON.stringify(value, null, style === 'tabs' ? '\t' : 1).replace(
          /\n/g,
          style === 'tabs' ? '\r' : ' ',
        ),
  );

/** A valid line with one edit, to cover malformed input. */
const damaged = fc
  .tuple(
    line,
    fc.nat(),
    fc.constantFrom('delete', 'insert', 'duplicate-member'),
    fc.constantFrom(...'{}[]",:\\ 0a-.e\t\u0001é'),
  )
  .map(([text, at, edit, ch]) => {
    const i = text.length === 0 ? 0 : at % text.length;
    if (edit === 'delete') return text.slice(0, i) + text.slice(i + 1);
    if (edit === 'insert') return text.slice(0, i) + ch + text.slice(i);
    // Repeat the first member: a field given twice (JSON.parse keeps the last).
    const m = /^\{("[^"]*":("[^"]*"|-?\d+|null|true|false)),/.exec(text);
    return m ? `{${m[1]},${text.slice(1)}` : text;
  });

describe('the byte scanner of JSON Lines items', () => {
  it('gives the reference answer for generated items', () => {
    fc.assert(
      fc.property(line, (text) => {
        expect(viaBytes(text)).toEqual(reference(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('gives the reference answer (the same error wording) for damaged lines', () => {
    fc.assert(
      fc.property(damaged, (text) => {
        expect(viaBytes(text)).toEqual(reference(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('gives the reference answer for hand-picked edge cases', () => {
    const cases = [
      '',
      '   \t ',
      '{}',
      '[]',
      'null',
      '{"id":"a/b"} x',
      '{"id":"a/b",}',
      '{"id":"a/b","id":"c/d"}',
      '{"\\u0069d":"a/b"}',
      '{"id":"a\\/b"}',
      '{"id":"a/b","downloads":1e3}',
      '{"id":"a/b","downloads":-0}',
      '{"id":"a/b","downloads":00}',
      '{"id":"a/b","likes":1234567890123456}',
      '{"id":"a/b","tags":["base_model:finetune:c/d","base_model:adapter:c/d"]}',
      '{"id":"a/b","tags":["base_model:finetune:A/B"],"cardData":{"base_model":"a/b"}}',
      '{"id":"a/b","cardData":{"base_model":["c/d","C/D","e/f"],"base_model_relation":"merge"}}',
      '{"id":"a/b","cardData":{"base_model":"c/d","base_model":"e/f"}}',
      '{"id":"a/b","cardData":{"x":{"y":[1,2,{"z":"\\ud83d\\ude00"}]}}}',
      '{"id":"a/b","x":"\u0001"}',
      '{"id":"a/b","x":"\\x"}',
      '{"id":"a/b","x":tru}',
      '{"id":"a/b","x":[1,]}',
      '{"id":"a/b","x":.5}',
      '{"id":"a/b","x":1.}',
      '\ufeff{"id":"a/b"}',
      `{"id":"a/b","deep":${'['.repeat(600)}${']'.repeat(600)}}`,
    ];
    for (const text of cases) expect(viaBytes(text), text).toEqual(reference(text));
  });

  it('reads ordinary Hub items without falling back to JSON.parse', () => {
    const text = readFileSync(
      new URL('../../../test/fixtures/hub/models-2025-07.jsonl', import.meta.url),
      'utf8',
    );
    const lines = text.split('\n').filter((l) => l.trim() !== '');
    const accepted = lines.filter((l) => reference(l) && 'model' in (reference(l) ?? {}));
    const fast = accepted.filter((l) => {
      const b = Buffer.from(l);
      return scanner.scan(b, 0, b.length) !== undefined;
    });
    expect(accepted.length).toBeGreaterThan(10);
    expect(fast.length).toBe(accepted.length);
  });
});

describe('readHubDump on JSON Lines split anywhere', () => {
  it('reads the same entries whatever the chunk boundaries', async () => {
    const { Readable } = await import('node:stream');
    const { readHubDump } = await import('./read-hub-dump.ts');
    const fixture = readFileSync(new URL('../../../test/fixtures/hub/models-2025-07.jsonl', import.meta.url));
    const bad = readFileSync(new URL('../../../test/fixtures/hub/bad-lines.jsonl', import.meta.url));
    // A byte order mark, blank and CRLF lines, a leading whitespace-only chunk, no newline at the end.
    const text = Buffer.concat([
      Buffer.from('\ufeff  \n'),
      fixture,
      Buffer.from('\r\n\n{"id":"tail/Model","downloads":3}\r\n'),
      bad,
      Buffer.from('{"id":"last/One","likes":2}'),
    ]);
    const read = async (chunks: Buffer[]) => {
      const entries = [];
      const summary = {};
      for await (const batch of readHubDump({ input: Readable.from(chunks), summary }))
        entries.push(...batch.entries);
      return { entries, summary };
    };
    const whole = await read([text]);
    expect(whole.entries.filter((e) => 'model' in e).length).toBeGreaterThan(15);
    expect(whole.entries.some((e) => 'error' in e)).toBe(true);
    // Line numbers count every newline of the file.
    const lineOf = (needle: string) =>
      text.subarray(0, text.indexOf(needle)).filter((b) => b === 10).length + 1;
    const lineOfModel = (id: string) => whole.entries.find((e) => 'model' in e && e.model.id === id)?.line;
    expect(lineOfModel('tail/Model')).toBe(lineOf('tail/Model'));
    expect(lineOfModel('last/One')).toBe(lineOf('last/One'));
    for (const size of [1, 2, 7, 64, 1000]) {
      const chunks: Buffer[] = [];
      for (let i = 0; i < text.length; i += size) chunks.push(text.subarray(i, i + size));
      expect(await read(chunks), `chunks of ${size} bytes`).toEqual(whole);
    }
  });
});
