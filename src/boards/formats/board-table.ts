import { isCalendarDay } from '../../domain/calendar-day.ts';
import { BadRequestError } from '../../domain/errors.ts';
import { parseCsv } from '../../sources/csv/parse-csv.ts';

/**
 * A leaderboard file read as a table, whatever its layout: header names and rows of cells, each cell knowing where
 * it stands in the file, so that an error names the file, the line and the column. Markdown and CSV give a line
 * (and markdown a character column); a JSON element gives its index instead.
 */
export interface Cell {
  text: string;
  /** 1-based character column in its line (markdown), absent when the layout has none. */
  column?: number;
}

export interface TableRow {
  /** 1-based line the row starts on; absent for JSON elements. */
  line?: number;
  /** For JSON: the element's index in its array. */
  index?: number;
  /** Cells by header name. */
  cells: Map<string, Cell>;
}

export interface BoardTable {
  file: string;
  layout: 'md' | 'csv' | 'json';
  headers: string[];
  /** Where the header is: a line (md, csv) or null (JSON keys). */
  headerLine: number | null;
  rows: TableRow[];
}

/** A bad leaderboard file: the message names file, line and column (or element), and the store is not touched. */
export function boardFileError(
  where: { file: string; line?: number | undefined; column?: number | undefined; index?: number | undefined },
  message: string,
): BadRequestError {
  return new BadRequestError('invalid_leaderboard', `${placeOf(where)}: ${message}`, {
    file: where.file,
    ...(where.line !== undefined ? { line: where.line } : {}),
    ...(where.column !== undefined ? { column: where.column } : {}),
    ...(where.index !== undefined ? { index: where.index } : {}),
  });
}

function placeOf(w: {
  file: string;
  line?: number | undefined;
  column?: number | undefined;
  index?: number | undefined;
}) {
  if (w.line !== undefined) return `${w.file}:${w.line}${w.column !== undefined ? `:${w.column}` : ''}`;
  if (w.index !== undefined) return `${w.file}: element [${w.index}]`;
  return w.file;
}

/**
 * A header name reduced to lower-case letters and digits of any script: `Rank* (UB)` → `rankub`, `95_pct_ci` →
 * `95pctci`, `95% 置信区间 (±)` → `95置信区间`.
 */
export function headerKey(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this finds
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const DATE_NEAR_UPDATE =
  /(?:update(?:d)?\s*time|last\s*updated|updated\s*(?:at|on)?|data\s*as\s*of|更新时间)\W{0,12}(\d{4})-(\d{2})-(\d{2})/i;

/** The text of a leaderboard file, refused when it is binary or not text at all. */
export function checkText(text: string, file: string): void {
  const nul = text.indexOf('\u0000');
  if (nul >= 0) {
    const { line, column } = lineColumn(text, nul);
    throw boardFileError({ file, line, column }, 'holds a NUL byte: not a text table');
  }
  if (text.trim() === '') throw boardFileError({ file }, 'empty file: expected a leaderboard table');
}

/** 1-based line and column of a character offset. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

/** A date written near "updated" in a text file (`Data Update Time: 2025-07-14 11:44:01 UTC`), checked. */
export function dateInText(text: string, file: string): string | null {
  const m = DATE_NEAR_UPDATE.exec(text);
  if (!m) return null;
  const day = `${m[1]}-${m[2]}-${m[3]}`;
  if (!isCalendarDay(day)) {
    const { line, column } = lineColumn(text, m.index + m[0].length - 10);
    throw boardFileError({ file, line, column }, `update time: not a calendar day: "${day}"`);
  }
  return day;
}

/** Splits one markdown table line into cells with the column each starts at; `\|` is a pipe inside a cell. */
function markdownCells(line: string): Cell[] | null {
  const trimmed = line.trimEnd();
  if (!trimmed.trimStart().startsWith('|')) return null;
  const cells: Cell[] = [];
  let start = trimmed.indexOf('|') + 1;
  let text = '';
  for (let i = start; i < trimmed.length; i++) {
    const ch = trimmed[i];
    if (ch === '\\' && trimmed[i + 1] === '|') {
      text += '|';
      i++;
    } else if (ch === '|') {
      cells.push(cellOf(text, start));
      text = '';
      start = i + 1;
    } else text += ch;
  }
  // A row that does not end in a pipe still has its last cell (some writers omit the closing pipe).
  if (text.trim() !== '') cells.push(cellOf(text, start));
  return cells;
}

function cellOf(raw: string, start: number): Cell {
  const lead = raw.length - raw.trimStart().length;
  return { text: raw.trim(), column: start + lead + 1 };
}

const SEPARATOR = /^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/;

/**
 * Every pipe table of a markdown file: a header line, a `|---|---|` line, then rows until a line that is not a
 * table row. Rows with another number of cells than the header are an error (a table cut short, a broken row).
 */
export function markdownTables(text: string, file: string): BoardTable[] {
  const lines = text.split(/\r\n|\r|\n/);
  const tables: BoardTable[] = [];
  for (let i = 0; i + 1 < lines.length; i++) {
    const header = markdownCells(lines[i] ?? '');
    if (!header || !SEPARATOR.test(lines[i + 1] ?? '')) continue;
    const headers = header.map((c) => c.text);
    const rows: TableRow[] = [];
    let j = i + 2;
    for (; j < lines.length; j++) {
      const cells = markdownCells(lines[j] ?? '');
      if (!cells) break;
      if (cells.length !== headers.length) {
        throw boardFileError(
          { file, line: j + 1, column: 1 },
          `a table row with ${cells.length} cells under a header of ${headers.length}`,
        );
      }
      rows.push({ line: j + 1, cells: new Map(headers.map((h, k) => [h, cells[k] as Cell])) });
    }
    tables.push({ file, layout: 'md', headers, headerLine: i + 1, rows });
    i = j - 1;
  }
  return tables;
}

/** A CSV file as a table (RFC 4180, through the project's CSV reader); ragged rows are an error. */
export function csvTable(text: string, file: string): BoardTable {
  let parsed: { cells: string[]; line: number }[];
  try {
    parsed = parseCsv(text, file);
  } catch (e) {
    throw new BadRequestError('invalid_leaderboard', (e as Error).message, { file });
  }
  const [head, ...body] = parsed;
  if (!head) throw boardFileError({ file }, 'empty file: expected a header row');
  const headers = head.cells.map((h) => h.trim());
  const rows = body.map(({ cells, line }) => {
    if (cells.length !== headers.length) {
      throw boardFileError({ file, line }, `${cells.length} fields but the header has ${headers.length}`);
    }
    return { line, cells: new Map(headers.map((h, k) => [h, { text: (cells[k] ?? '').trim() }])) };
  });
  return { file, layout: 'csv', headers, headerLine: head.line, rows };
}

/** Keys under which JSON leaderboards keep their rows and their date. */
const ROW_KEYS = ['rows', 'data', 'leaderboard', 'models', 'entries', 'results'];
/** The category of an LMArena data file that is the overall board. */
const OVERALL_CATEGORY = 'full';
const DATE_KEYS = ['date', 'at', 'updated', 'updated_at', 'last_updated', 'lastUpdated', 'generated'];

/**
 * A JSON leaderboard as a table: an array of objects, or an object holding one under `rows`, `data`,
 * `leaderboard`…; a datasets-server page (`{"rows": [{"row": {…}}]}`) is unwrapped. Nested objects are flattened
 * with `_` (`{"model": {"name": …}}` → `model_name`), which is how the Open LLM Leaderboard's API rows read as CSV.
 */
export function jsonTable(text: string, file: string): BoardTable & { at: string | null } {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    const m = /position (\d+)/.exec((e as Error).message);
    const where = m ? lineColumn(text, Number(m[1])) : {};
    throw boardFileError({ file, ...where }, `not valid JSON (${(e as Error).message})`);
  }
  let at: string | null = null;
  let list: unknown = doc;
  if (doc !== null && typeof doc === 'object' && !Array.isArray(doc)) {
    const obj = doc as Record<string, unknown>;
    for (const k of DATE_KEYS) {
      const v = obj[k];
      if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v)) {
        at = v.slice(0, 10);
        if (!isCalendarDay(at))
          throw boardFileError({ file }, `${k}: not a calendar day: "${v.slice(0, 40)}"`);
        break;
      }
    }
    const key = ROW_KEYS.find((k) => Array.isArray(obj[k]));
    const categories = obj[OVERALL_CATEGORY];
    if (key) list = obj[key];
    else if (isObject(categories) && Object.values(categories).every(isObject)) {
      // LMArena's arena-catalog data file: categories of `{model key: {rating, rating_q025, rating_q975}}`; the
      // overall board is the `full` category, and each row's name is its key.
      list = Object.entries(categories).map(([name, v]) => ({ model: name, ...(v as object) }));
    } else {
      throw boardFileError(
        { file },
        `expected an array of rows, an object with one under ${ROW_KEYS.join(', ')}, or categories of ratings under "${OVERALL_CATEGORY}"`,
      );
    }
  }
  if (!Array.isArray(list)) throw boardFileError({ file }, 'expected an array of rows');
  const headers: string[] = [];
  const seen = new Set<string>();
  const rows: TableRow[] = list.map((item, index) => {
    let element = item;
    if (isObject(element) && Object.keys(element).length <= 3 && isObject(element.row)) element = element.row;
    if (!isObject(element)) throw boardFileError({ file, index }, 'a row is not an object');
    const cells = new Map<string, Cell>();
    flatten(element, '', cells, file, index);
    for (const h of cells.keys()) {
      if (!seen.has(h)) {
        seen.add(h);
        headers.push(h);
      }
    }
    return { index, cells };
  });
  return { file, layout: 'json', headers, headerLine: null, rows, at };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function flatten(
  obj: Record<string, unknown>,
  prefix: string,
  out: Map<string, Cell>,
  file: string,
  index: number,
) {
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}_${k}` : k;
    if (isObject(v)) flatten(v, key, out, file, index);
    else if (v === null || v === undefined) out.set(key, { text: '' });
    else if (typeof v === 'string') out.set(key, { text: v.trim() });
    else if (typeof v === 'number' || typeof v === 'boolean') out.set(key, { text: String(v) });
    // Arrays (tags, categories) are no column of a leaderboard row.
  }
}

/** Whether a string holds a control character (NUL, escape codes…), never accepted in a name. */
export function hasControl(text: string): boolean {
  return CONTROL.test(text);
}
