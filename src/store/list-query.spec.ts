import { describe, expect, it } from 'vitest';
import { datePeriod } from '../domain/release-date.ts';
import { type ListSpec, parseListQuery, toCsv } from './list-query.ts';
import { modelListSpec } from './model-repo.ts';

interface Row {
  text: string | null;
  n: number | null;
  flag: boolean;
}

const spec = {
  ...modelListSpec,
  csv: [
    { header: 'text', value: (r: Row) => r.text },
    { header: 'n', value: (r: Row) => r.n },
    { header: 'flag', value: (r: Row) => r.flag },
  ],
} as unknown as ListSpec<Row>;

describe('toCsv (csv-stringify)', () => {
  it('quotes commas, quotes and line breaks, writes CRLF, and defuses formulas', () => {
    const csv = toCsv(spec, [
      { text: 'a, "b"', n: 1e12, flag: true },
      { text: 'two\nlines', n: null, flag: false },
      { text: '=HYPERLINK("x")', n: -1, flag: false },
      { text: '+1', n: 0.5, flag: true },
      { text: '@SUM(A1)', n: 2, flag: true },
      { text: '-2', n: 3, flag: true },
      { text: null, n: null, flag: false },
    ]);
    expect(csv.split('\r\n')).toEqual([
      'text,n,flag',
      '"a, ""b""",1000000000000,true',
      '"two\nlines",,false',
      `"'=HYPERLINK(""x"")",-1,false`,
      "'+1,0.5,true",
      "'@SUM(A1),2,true",
      "'-2,3,true",
      ',,false',
      '',
    ]);
    expect(toCsv(spec, [{ text: 'x', n: 1, flag: true }], false)).toBe('x,1,true\r\n');
  });
});

describe('the list grammar', () => {
  it('takes counts with a K, M, B or T suffix and refuses anything else', () => {
    const [f] = parseListQuery(modelListSpec, [['params_total__gte', '10B']]).filters;
    expect(f?.values).toEqual([1e10]);
    expect(parseListQuery(modelListSpec, [['params_total__lt', '1.5t']]).filters[0]?.values).toEqual([
      1.5e12,
    ]);
    for (const bad of ['10X', 'B', '1e10B5', '1;2'])
      expect(() => parseListQuery(modelListSpec, [['params_total__gte', bad]])).toThrow('takes a number');
  });

  it('reads partial dates as periods', () => {
    expect(datePeriod('2025')).toEqual({ start: '2025-01-01', end: '2025-12-31' });
    expect(datePeriod('2025-02')).toEqual({ start: '2025-02-01', end: '2025-02-31' });
    expect(datePeriod('2025-02-10')).toEqual({ start: '2025-02-10', end: '2025-02-10' });
    expect(datePeriod('2025-13')).toBeNull();
  });

  it('names the flag a key came from when given labels', () => {
    const labels = new Map([['released__gte', '--released-after']]);
    expect(() => parseListQuery(modelListSpec, [['released__gte', 'lastweek']], labels)).toThrow(
      /^--released-after takes a date/,
    );
  });
});
