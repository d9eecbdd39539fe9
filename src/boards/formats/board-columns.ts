import type { BoardRow } from '../../domain/board.ts';
import {
  type BoardTable,
  boardFileError,
  type Cell,
  hasControl,
  headerKey,
  type TableRow,
} from './board-table.ts';

/**
 * What a board's columns mean, by header key (`headerKey`: lower-case letters and digits). Each field lists the
 * header keys it may appear under, best first, across every layout the board was published in; `scores` are the
 * further numeric columns kept in `BoardRow.scores` under a stable name.
 */
export interface BoardColumns {
  rank: readonly string[];
  name: readonly string[];
  score: readonly string[];
  ci?: readonly string[];
  votes?: readonly string[];
  org?: readonly string[];
  license?: readonly string[];
  scores?: Readonly<Record<string, readonly string[]>>;
  /** Text columns read into scores by a function (a rank spread `3◄─►9` → rank_upper, rank_lower). */
  parsed?: Readonly<
    Record<string, { keys: readonly string[]; read: (text: string) => Record<string, number> | null }>
  >;
}

/** The longest name a row may have: longer is not a model name but a broken or hostile file. */
const MAX_NAME = 300;

type Where = {
  file: string;
  line?: number | undefined;
  column?: number | undefined;
  index?: number | undefined;
};

function whereOf(table: BoardTable, row: TableRow, cell?: Cell): Where {
  return { file: table.file, line: row.line, column: cell?.column, index: row.index };
}

/** The header each field is read from, or null when the table has none of its names. */
function pick(table: BoardTable, keys: readonly string[] | undefined): string | null {
  if (!keys) return null;
  const byKey = new Map<string, string>();
  for (const h of table.headers) if (!byKey.has(headerKey(h))) byKey.set(headerKey(h), h);
  for (const k of keys) {
    const h = byKey.get(k);
    if (h !== undefined) return h;
  }
  return null;
}

/** Whether the table has every one of these fields (a format's fingerprint). */
export function hasColumns(headers: readonly string[], ...fields: (readonly string[])[]): boolean {
  const keys = new Set(headers.map(headerKey));
  return fields.every((f) => f.some((k) => keys.has(k)));
}

const SCORE_WITH_CI = /^\s*([-+]?[\d.,]+)\s*\(?\s*±\s*([\d.]+)\s*\)?\s*(\D*)$/;

const EMPTY = new Set(['', '-', '—', 'n/a', 'na', 'null', 'none', 'nan', 'unknown']);

/** A number cell: `15,769`, `1495Preliminary`, `52.08`; null when empty or `-`; an error otherwise. */
function readNumber(
  text: string,
  where: Where,
  column: string,
  opts: { integer?: boolean; suffixes?: RegExp } = {},
): { value: number | null; suffix: string | null } {
  let t = text.trim();
  if (EMPTY.has(t.toLowerCase())) return { value: null, suffix: null };
  let suffix: string | null = null;
  const s = opts.suffixes?.exec(t);
  if (s) {
    suffix = s[0];
    t = t.slice(0, s.index).trim();
  }
  if (t.endsWith('%')) t = t.slice(0, -1).trim();
  // Thousands separators only where they separate thousands (`15,769`, not `1,5`).
  if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(t)) t = t.replaceAll(',', '');
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) {
    throw boardFileError(where, `${column}: not a number: "${clip(text)}"`);
  }
  const value = Number(t);
  if (!Number.isFinite(value)) throw boardFileError(where, `${column}: not a finite number: "${clip(text)}"`);
  if (opts.integer && !Number.isInteger(value)) {
    throw boardFileError(where, `${column}: not a whole number: "${clip(text)}"`);
  }
  return { value, suffix };
}

export function clip(text: string, n = 60): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this hides
  const flat = text.replace(/[\u0000-\u001f\u007f]/g, '?');
  return flat.length > n ? `${flat.slice(0, n)}…` : flat;
}

/**
 * A name cell as plain text: a markdown link `[Name](url)` gives Name; an HTML anchor `<a …>Name</a>` gives its text
 * (the Open LLM Leaderboard's model cells); other markup stays as written, to be escaped wherever it is shown.
 */
function plainName(text: string): string {
  let t = text.trim();
  const link = /^\[(.*)\]\((?:[^()\s]|\([^()\s]*\))*\)$/s.exec(t);
  if (link) t = (link[1] ?? '').trim();
  const anchor = /^<a\b[^>]*>([^<]*)<\/a>/i.exec(t);
  if (anchor) t = (anchor[1] ?? '').trim();
  // A footnote link after the name: `gemini-2.5-pro [<sup>1</sup>](https://…)`.
  t = t.replace(/\s*\[<sup>\d+<\/sup>\]\([^()\s]*\)\s*$/, '');
  return t.replace(/\*\*(.*)\*\*/, '$1').trim();
}

/** A free-text cell (CI, organisation, licence): trimmed, null when empty, refused with control characters. */
function readText(cell: Cell | undefined, where: Where, column: string): string | null {
  if (!cell) return null;
  if (hasControl(cell.text)) throw boardFileError(where, `${column}: holds a control character`);
  if (cell.text.length > MAX_NAME)
    throw boardFileError(where, `${column}: longer than ${MAX_NAME} characters`);
  const t = plainName(cell.text);
  return EMPTY.has(t.toLowerCase()) ? null : t;
}

/** The headers a table's fields are read from, found once per table. */
interface TableColumns {
  rank: string | null;
  name: string;
  score: string | null;
  ci: string | null;
  votes: string | null;
  org: string | null;
  license: string | null;
  extra: (readonly [string, string])[];
  parsed: (readonly [string, string, (t: string) => Record<string, number> | null])[];
}

function tableColumns(table: BoardTable, columns: BoardColumns, board: string): TableColumns {
  const name = pick(table, columns.name);
  const rank = pick(table, columns.rank);
  const score = pick(table, columns.score);
  const headerWhere = { file: table.file, line: table.headerLine ?? undefined };
  if (!name) {
    throw boardFileError(
      headerWhere,
      `no model name column in the ${board} table (columns: ${listHeaders(table)})`,
    );
  }
  if (!rank && !score) {
    throw boardFileError(
      headerWhere,
      `no rank and no score column in the ${board} table (columns: ${listHeaders(table)})`,
    );
  }
  return {
    rank,
    name,
    score,
    ci: pick(table, columns.ci),
    votes: pick(table, columns.votes),
    org: pick(table, columns.org),
    license: pick(table, columns.license),
    extra: Object.entries(columns.scores ?? {})
      .map(([key, keys]) => [key, pick(table, keys)] as const)
      .filter((e): e is readonly [string, string] => e[1] !== null),
    parsed: Object.entries(columns.parsed ?? {})
      .map(([label, p]) => [label, pick(table, p.keys), p.read] as const)
      .filter(
        (e): e is readonly [string, string, (t: string) => Record<string, number> | null] => e[1] !== null,
      ),
  };
}

/**
 * The rows of a table read through a board's columns. Ranks come from the rank column; a table without one (an
 * unranked export) is ranked by score, highest first, ties sharing a rank, and rows without a score are left out
 * and counted in `unscored`. A table without a name column, or without both rank and score, is refused.
 */
export function readBoardRows(
  table: BoardTable,
  columns: BoardColumns,
  board: string,
): { rows: BoardRow[]; unscored: number } {
  const h = tableColumns(table, columns, board);
  const headerWhere = { file: table.file, line: table.headerLine ?? undefined };
  if (table.rows.length === 0) throw boardFileError(headerWhere, `the ${board} table has no rows`);
  const out: (BoardRow & { position: number })[] = [];
  let unscored = 0;
  table.rows.forEach((row, position) => {
    const read = readRow(table, row, h);
    if (read) out.push({ ...read, position });
    else unscored++;
  });
  if (out.length === 0) throw boardFileError(headerWhere, `no row of the ${board} table has a score`);
  if (!h.rank) rankByScore(out);
  return { rows: out.map(({ position: _, ...r }) => r), unscored };
}

/** A row's name as plain text, refused when empty, too long or holding control characters. */
function readName(table: BoardTable, row: TableRow, header: string): string {
  const nameCell = row.cells.get(header);
  const where = whereOf(table, row, nameCell);
  const raw = nameCell?.text ?? '';
  if (hasControl(raw)) throw boardFileError(where, `${header}: holds a control character`);
  if (raw.length > MAX_NAME * 4) throw boardFileError(where, `${header}: longer than ${MAX_NAME} characters`);
  const name = plainName(raw);
  if (name === '') throw boardFileError(where, `${header}: empty model name`);
  if (name.length > MAX_NAME) throw boardFileError(where, `${header}: longer than ${MAX_NAME} characters`);
  return name;
}

/** One row read; null for a row without a score in a table without ranks (it cannot be placed). */
function readRow(table: BoardTable, row: TableRow, h: TableColumns): BoardRow | null {
  const cell = (header: string | null) => (header ? row.cells.get(header) : undefined);
  const at = (c: Cell | undefined) => whereOf(table, row, c);
  const name = readName(table, row, h.name);
  const scoreCell = cell(h.score);
  // A score may carry its interval (`1503±6`, `1507 (±5)`) where the table has no interval column.
  const withCi = scoreCell ? SCORE_WITH_CI.exec(scoreCell.text) : null;
  const scoreText = withCi ? `${withCi[1]}${withCi[3] ?? ''}` : (scoreCell?.text ?? '');
  const score = scoreCell
    ? readNumber(scoreText, at(scoreCell), h.score as string, {
        suffixes: /\s*(preliminary|provisional|new)\s*$/i,
      })
    : { value: null, suffix: null };
  let rank: number | null = null;
  const rankCell = cell(h.rank);
  if (rankCell) {
    rank = readNumber(rankCell.text, at(rankCell), h.rank as string, { integer: true }).value;
    if (rank === null || rank < 1) {
      throw boardFileError(
        at(rankCell),
        `${h.rank}: a rank is a whole number from 1, got "${clip(rankCell.text)}"`,
      );
    }
  }
  if (!h.rank && score.value === null) return null;
  const votesCell = cell(h.votes);
  const votes = votesCell
    ? readNumber(votesCell.text, at(votesCell), h.votes as string, { integer: true }).value
    : null;
  if (votes !== null && votes < 0) throw boardFileError(at(votesCell), `${h.votes}: negative`);
  const scores: Record<string, number> = {};
  if (score.suffix) scores.preliminary = 1;
  for (const [key, header] of h.extra) {
    const c = row.cells.get(header);
    const v = c ? readNumber(c.text, at(c), header).value : null;
    if (v !== null) scores[key] = v;
  }
  for (const [label, header, read] of h.parsed) {
    const c = row.cells.get(header);
    if (!c || EMPTY.has(c.text.trim().toLowerCase())) continue;
    const values = read(c.text);
    if (!values) throw boardFileError(at(c), `${label}: cannot read "${clip(c.text)}"`);
    Object.assign(scores, values);
  }
  return {
    rank: rank ?? 0,
    name,
    score: score.value,
    ci: readText(cell(h.ci), at(cell(h.ci)), h.ci ?? 'ci') ?? (withCi ? `±${withCi[2]}` : null),
    votes,
    org: readText(cell(h.org), at(cell(h.org)), h.org ?? 'org'),
    license: readText(cell(h.license), at(cell(h.license)), h.license ?? 'license'),
    scores,
  };
}

/** Ranks rows by score, highest first; equal scores share the rank (1, 2, 2, 4); the order is kept for ties. */
function rankByScore(rows: (BoardRow & { position: number })[]): void {
  rows.sort((a, b) => (b.score ?? 0) - (a.score ?? 0) || a.position - b.position);
  rows.forEach((r, i) => {
    const prev = rows[i - 1];
    r.rank = prev && prev.score === r.score ? prev.rank : i + 1;
  });
}

function listHeaders(table: BoardTable): string {
  return (
    table.headers
      .slice(0, 12)
      .map((h) => `"${clip(h, 40)}"`)
      .join(', ') || 'none'
  );
}
