import { describe, expect, it } from 'vitest';
import { parseCsv, parseCsvRecords } from './parse-csv.ts';

describe('parseCsv (csv-parse)', () => {
  it('reads CRLF, LF and CR row ends in one file, skipping empty lines, with the line each row starts on', () => {
    const rows = parseCsv('a,b\r\n\r\n"multi\nline",2\n3,4\r"x, y",é\n');
    expect(rows.map((r) => r.cells)).toEqual([
      ['a', 'b'],
      ['multi\nline', '2'],
      ['3', '4'],
      ['x, y', 'é'],
    ]);
    expect(rows.map((r) => r.line)).toEqual([1, 3, 5, 6]);
  });

  it('names the file and the line of the row at fault', () => {
    expect(() => parseCsv('a,b\n1,2\n\n"open,3\nmore\n', 'f.csv')).toThrow(
      'f.csv:4: a quoted field is never closed',
    );
    expect(() => parseCsv('a,b\n1,x"y"\n', 'g.csv')).toThrow('g.csv:2: a quote inside an unquoted field');
    expect(() => parseCsvRecords('a,b\n1,2,3\n', 'h.csv')).toThrow('h.csv:2: 3 fields but the header has 2');
  });
});
