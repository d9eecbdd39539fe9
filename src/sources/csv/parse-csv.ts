import { CsvError, parse } from 'csv-parse/sync';
import { ParseError } from '../../domain/errors.ts';

const LINE_BREAK = /\r\n|\r|\n/g;

/** What went wrong, by csv-parse's error code, in the words of the rest of omo's errors. */
const PROBLEMS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted field is never closed',
  INVALID_OPENING_QUOTE: 'a quote inside an unquoted field',
  CSV_INVALID_CLOSING_QUOTE: 'a closing quote followed by more text in the same field',
};

/**
 * RFC 4180 CSV through csv-parse: quoted fields may hold commas, doubled quotes and newlines; rows may end in
 * CRLF, LF or CR; a BOM and empty lines are skipped. Returns rows of cells; `line` is the 1-based line each row
 * starts on, and errors name the file and the line of the row at fault.
 */
export function parseCsv(text: string, file = 'input'): { cells: string[]; line: number }[] {
  let lastEnd = 0;
  const starts: number[] = [];
  try {
    const records: string[][] = parse(text, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      record_delimiter: ['\r\n', '\n', '\r'],
      on_record: (record: string[], context) => {
        lastEnd = context.lines;
        // `lines` is where the row ends; line breaks inside its quoted cells take it back to where it starts.
        const inside = record.reduce((n, cell) => n + (cell.match(LINE_BREAK)?.length ?? 0), 0);
        starts.push(context.lines - inside);
        return record;
      },
    });
    return records.map((cells, i) => ({ cells, line: starts[i] ?? lastEnd }));
  } catch (e) {
    if (!(e instanceof CsvError)) throw e;
    const problem = PROBLEMS[e.code] ?? e.message;
    // An unclosed quote runs to the end of the file: name the line its row starts on, the first non-empty line
    // after the last good row.
    const line =
      e.code === 'CSV_QUOTE_NOT_CLOSED'
        ? lastEnd +
          1 +
          text
            .split(LINE_BREAK)
            .slice(lastEnd)
            .findIndex((l) => l.replace('\ufeff', '') !== '')
        : Number((e as CsvError & { lines?: number }).lines ?? lastEnd + 1);
    throw new ParseError(`${file}:${line}: ${problem}`);
  }
}

/** Rows as objects keyed by the header row's names. */
export function parseCsvRecords(
  text: string,
  file = 'input',
): { record: Record<string, string>; line: number }[] {
  const [header, ...rows] = parseCsv(text, file);
  if (!header) throw new ParseError(`${file}: empty file, expected a header row`);
  const names = header.cells.map((h) => h.trim());
  return rows.map((r) => {
    if (r.cells.length > names.length) {
      throw new ParseError(`${file}:${r.line}: ${r.cells.length} fields but the header has ${names.length}`);
    }
    return { record: Object.fromEntries(names.map((n, i) => [n, r.cells[i] ?? ''])), line: r.line };
  });
}
