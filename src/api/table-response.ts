import type { Context } from 'hono';
import { z } from 'zod';
import { choiceParam } from '../domain/param-schemas.ts';
import { FORMATS, type Format, type ListSpec, toCsv } from '../store/list-query.ts';

// Every table-shaped answer (rank, trend, timeline, a stats table, benchmarks, frontier points, a comparison table,
// Hub snapshots) is also CSV or NDJSON, as lists are: `format=csv` writes its rows with the lists' CSV writer
// (formula cells defused), one flat column per leaf (`scores.Qwen/QwQ-32B`).

export const formatParam = choiceParam('format', FORMATS, 'json').meta({
  description: 'json (default), csv or ndjson (the rows of the table, one per line).',
});

type Cell = string | number | boolean | null;

/** One row as flat columns: nested objects by dotted key, lists of plain values joined with "; ", others as JSON. */
function flattenRow(row: unknown, prefix = '', out: Record<string, Cell> = {}): Record<string, Cell> {
  if (row === null || row === undefined) {
    if (prefix) out[prefix] = null;
  } else if (Array.isArray(row)) {
    out[prefix] = row.every((v) => v === null || typeof v !== 'object')
      ? row.join('; ')
      : JSON.stringify(row);
  } else if (typeof row === 'object') {
    for (const [k, v] of Object.entries(row)) flattenRow(v, prefix ? `${prefix}.${k}` : k, out);
  } else {
    out[prefix] = row as Cell;
  }
  return out;
}

/** CSV of any rows: the columns are every flat key, in order of first appearance. */
function rowsToCsv(rows: readonly unknown[]): string {
  const flat = rows.map((r) => flattenRow(r));
  const headers = [...new Set(flat.flatMap((r) => Object.keys(r)))];
  const spec = {
    csv: headers.map((header) => ({ header, value: (r: Record<string, Cell>) => r[header] ?? null })),
  };
  // toCsv reads only the columns of a list's spec.
  return toCsv(spec as unknown as ListSpec<Record<string, Cell>>, flat);
}

/** Answers `json` as given, or `rows` as CSV or NDJSON. */
export function tableResponse(c: Context, format: Format, rows: readonly unknown[], json: unknown = rows) {
  if (format === 'csv') return c.body(rowsToCsv(rows), 200, { 'Content-Type': 'text/csv; charset=utf-8' });
  if (format === 'ndjson') {
    const body = rows.map((r) => `${JSON.stringify(r)}\n`).join('');
    return c.body(body, 200, { 'Content-Type': 'application/x-ndjson; charset=utf-8' });
  }
  return c.json(json as object, 200);
}

/** The response content of a table-shaped route: its JSON schema, and CSV/NDJSON text. */
export function tableContent(schema: z.ZodType) {
  return {
    'application/json': { schema },
    'text/csv': { schema: z.string() },
    'application/x-ndjson': { schema: z.string() },
  };
}
