import { ParseError } from '../../domain/errors.ts';

/**
 * RFC 4180 CSV: quoted fields may hold commas, doubled quotes and newlines. Returns rows of cells; `line` is the
 * 1-based line each row starts on, for error messages.
 */
export function parseCsv(text: string, file = 'input'): { cells: string[]; line: number }[] {
  const rows: { cells: string[]; line: number }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRow = () => {
    cells.push(cell);
    if (!(cells.length === 1 && cells[0] === '')) rows.push({ cells, line: rowLine });
    cells = [];
    cell = '';
  };
  for (; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        cell += ch;
      }
    } else if (ch === '"') {
      if (cell !== '') throw new ParseError(`${file}:${line}: a quote inside an unquoted field`);
      quoted = true;
    } else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
    } else cell += ch;
  }
  if (quoted) throw new ParseError(`${file}:${rowLine}: a quoted field is never closed`);
  if (cell !== '' || cells.length > 0) endRow();
  return rows;
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
