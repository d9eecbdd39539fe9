import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MINI_CATALOG } from '../../test/helpers/catalog-fixture.ts';
import { loadCatalog } from '../catalog/load-catalog.ts';
import { parseCsv } from '../sources/csv/parse-csv.ts';
import { parseEpochCsv, readEpochCsv } from '../sources/epoch/read-epoch-csv.ts';
import { compareWithEpoch, nameKey } from './compare-epoch.ts';

const FIXTURES = fileURLToPath(new URL('../../test/fixtures/epoch', import.meta.url));

describe('parseCsv', () => {
  it('reads quoted commas, doubled quotes, newlines inside quotes, CRLF and a BOM', () => {
    const rows = parseCsv('\ufeffa,b\r\n"x, y","say ""hi"""\r\n"multi\nline",2\n');
    expect(rows.map((r) => r.cells)).toEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"'],
      ['multi\nline', '2'],
    ]);
    expect(rows.map((r) => r.line)).toEqual([1, 2, 3]);
  });

  it('names the line of an unclosed quote', () => {
    expect(() => parseCsv('a,b\n1,2\n"open,3\n', 'f.csv')).toThrow('f.csv:3: a quoted field is never closed');
  });
});

describe('parseEpochCsv', () => {
  it('reads both column layouts, mapping country names to ISO codes', () => {
    const notable = readEpochCsv(path.join(FIXTURES, 'notable-layout.csv'));
    expect(notable[0]).toMatchObject({
      name: 'Dragon MoE',
      organizations: ['Dragon Lab'],
      published: '2025-01-20',
      parameters: 200_000_000_000,
      countries: ['CN'],
      unknownCountries: [],
      line: 2,
    });
    expect(notable[2]?.countries).toEqual(['US', 'GB']);
    expect(notable[3]?.unknownCountries).toEqual(['Atlantis']);
    const large = readEpochCsv(path.join(FIXTURES, 'large-scale-layout.csv'));
    expect(large[1]).toMatchObject({
      name: 'Joint Robot Policy',
      organizations: ['Dragon Lab', 'Acme AI'],
      countries: ['CN', 'US'],
    });
    expect(large[0]?.parameters).toBeNull();
  });

  it('rejects a file without a Model column and bad numbers, naming the line', () => {
    expect(() => parseEpochCsv('Name,Parameters\nx,1\n', 'x.csv')).toThrow('x.csv: no "Model" column');
    expect(() => parseEpochCsv('Model,Parameters\nx,lots\n', 'x.csv')).toThrow(
      'x.csv:2: Parameters: expected a number, got "lots"',
    );
    expect(() => parseEpochCsv('Model,Publication date\nx,March 2024\n', 'x.csv')).toThrow(
      'x.csv:2: Publication date',
    );
  });
});

describe('compareWithEpoch', () => {
  const catalog = loadCatalog(MINI_CATALOG);

  it('matches names regardless of order and separators', () => {
    expect(nameKey('Qwen2.5 Instruct (72B)')).toBe(nameKey('Qwen2.5-72B-Instruct'));
    expect(nameKey('Dragon MoE')).toBe(nameKey('Dragon-MoE'));
  });

  it('lists date, parameter and country disagreements and unmatched rows', () => {
    const rows = [
      ...readEpochCsv(path.join(FIXTURES, 'notable-layout.csv')),
      ...readEpochCsv(path.join(FIXTURES, 'large-scale-layout.csv')),
    ];
    const result = compareWithEpoch(catalog.models, rows);
    expect(result.matched.map((m) => m.model).sort()).toEqual([
      'acme-ai/Acme-7B',
      'acme-ai/Acme-7B-Chat',
      'dragon-lab/Dragon-MoE-200B-A20B',
      'dragon-lab/Dragon-Video-5B',
      'dragon-lab/dragon-next',
      'dragon-lab/joint-robot',
    ]);
    expect(result.unmatched.map((u) => u.name)).toEqual(['Unknown Model X']);
    const brief = result.disagreements.map((d) => [d.model, d.field, d.kind, d.catalog, d.epoch]);
    expect(brief).toEqual([
      ['dragon-lab/Dragon-MoE-200B-A20B', 'released', 'differs', '2025-01-15', '2025-01-20'],
      ['acme-ai/Acme-7B-Chat', 'parameters', 'differs', '7000000000', '20000000000'],
      ['acme-ai/Acme-7B-Chat', 'country', 'differs', 'US', 'GB,US'],
      // Dragon-Video: the catalog knows only the month (2025-02), which Epoch's 2025-02-14 falls in: no disagreement.
      ['dragon-lab/joint-robot', 'parameters', 'differs', '1300000000', '20000000000'],
      ['dragon-lab/dragon-next', 'released', 'missing', null, '2025-05-02'],
    ]);
    expect(result.disagreements[0]?.detail).toBe('5 days later in Epoch');
  });

  it('recognises the active count and marks disagreements the catalog has a peer note for', () => {
    const moe = catalog.models.find((m) => m.id === 'dragon-lab/Dragon-MoE-200B-A20B');
    if (!moe) throw new Error('fixture');
    const noted = {
      ...moe,
      peerNotes: [
        { peer: 'epoch', field: 'parameters', note: 'Epoch gives the active count.', source: null },
      ],
    };
    const result = compareWithEpoch(
      [noted],
      [
        {
          line: 2,
          name: 'Dragon-MoE',
          organizations: [],
          published: null,
          parameters: 20e9,
          countries: ['CN'],
          unknownCountries: [],
          accessibility: null,
          link: null,
        },
      ],
    );
    expect(result.disagreements).toEqual([
      expect.objectContaining({
        field: 'parameters',
        detail: "Epoch's figure is the active count (20B), not the total (200B)",
        acknowledged: 'Epoch gives the active count.',
      }),
    ]);
  });
});
