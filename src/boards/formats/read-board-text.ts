import type { BoardRow } from '../../domain/board.ts';
import { type BoardColumns, clip, readBoardRows } from './board-columns.ts';
import {
  type BoardTable,
  boardFileError,
  checkText,
  csvTable,
  dateInText,
  jsonTable,
  markdownTables,
} from './board-table.ts';

/** One board's columns and how to recognise its table by its headers. */
export interface BoardKind {
  id: string;
  name: string;
  columns: BoardColumns;
  matches(headers: readonly string[]): boolean;
  /** A last pass over each row read (splitting cells a layout glued together). */
  refine?(row: BoardRow): BoardRow;
}

/** A leaderboard file read: its format (`lmarena-md`, `open-llm-leaderboard-csv`…), its date when it says one, its rows. */
export interface ParsedBoard {
  format: string;
  at: string | null;
  rows: BoardRow[];
  /** Rows of an unranked table left out because they have no score (never silently: the importer says so). */
  unscored: number;
}

/**
 * Reads a leaderboard file's text as the first table that one of `kinds` recognises. The layout is told by the
 * content, not the file name: JSON when it starts with `[` or `{`, markdown when it has a pipe table or reads as
 * markdown, CSV otherwise.
 */
export function readBoardText(text: string, file: string, kinds: readonly BoardKind[]): ParsedBoard {
  checkText(text, file);
  const body = text.replace(/^\uFEFF/, '');
  let tables: BoardTable[];
  let at: string | null = null;
  // JSON starts with an array or an object's first key; a markdown page may start with a `{% hint %}` tag.
  if (/^\s*(\[|\{\s*("|\}))/.test(body)) {
    const t = jsonTable(body, file);
    tables = [t];
    at = t.at;
  } else {
    tables = markdownTables(body, file);
    if (tables.length > 0 || /^\s*(#|\|)/m.test(body)) at = dateInText(body, file);
    else tables = [csvTable(body, file)];
  }
  for (const table of tables) {
    for (const kind of kinds) {
      if (!kind.matches(table.headers)) continue;
      const { rows, unscored } = readBoardRows(table, kind.columns, kind.name);
      const refined = kind.refine ? rows.map((r) => kind.refine?.(r) ?? r) : rows;
      return { format: `${kind.id}-${table.layout}`, at, rows: refined, unscored };
    }
  }
  const [firstTable] = tables;
  const names = kinds
    .map((k) => k.name)
    .join(', ')
    .replace(/, ([^,]*)$/, ' or $1');
  if (!firstTable) throw boardFileError({ file }, `no table found: expected a table of ${names}`);
  throw boardFileError(
    { file, line: firstTable.headerLine ?? undefined },
    `not a table of ${names} (columns: ${
      firstTable.headers
        .slice(0, 12)
        .map((h) => `"${clip(h, 40)}"`)
        .join(', ') || 'none'
    })`,
  );
}
