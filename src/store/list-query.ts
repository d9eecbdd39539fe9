import { type Kysely, type RawBuilder, sql } from 'kysely';
import { BadRequestError } from '../domain/errors.ts';
import { parsePartialDate } from '../domain/release-date.ts';
import type { Database } from './database.ts';

// The list grammar every list speaks (API query strings and CLI flags alike), in the spirit of Datasette:
//   field=value (repeat for OR)   field__ne / __gt / __gte / __lt / __lte / __isnull / __contains
//   sort=-released,name   limit=50   cursor=<opaque>   facet=country (repeatable)   format=json|csv|ndjson
// Field names map to whitelisted SQL expressions; values only ever reach SQL as bound parameters.

export type FieldType = 'string' | 'enum' | 'number' | 'date' | 'boolean' | 'set' | 'text';

export interface FieldSpec {
  type: FieldType;
  description: string;
  /** SQL expression over the list's table alias `t` (scalar fields). Fixed text, never from input. */
  column?: string;
  /** Allowed values for enum and set fields. */
  values?: readonly string[];
  /** For set fields: the child table and column; rows link to `t.id` through `<key>`. */
  set?: { table: string; column: string; key: string; where?: string };
}

export interface FacetSpec {
  /** Scalar facet: SQL expression over `t`. */
  column?: string;
  /** Set facet: counts distinct rows per child value. */
  set?: { table: string; column: string; key: string; where?: string };
}

export interface SortSpec {
  column: string;
  numeric?: boolean;
}

export interface ListSpec<Row> {
  table: keyof Database & string;
  fields: Record<string, FieldSpec>;
  sorts: Record<string, SortSpec>;
  defaultSort: string;
  facets: Record<string, FacetSpec>;
  defaultLimit: number;
  maxLimit: number;
  /** Builds a row from the stored JSON record. */
  toRow(data: unknown): Row;
  /** Flat columns for CSV. */
  csv: { header: string; value(row: Row): string | number | boolean | null }[];
}

export const FORMATS = ['json', 'csv', 'ndjson'] as const;
export type Format = (typeof FORMATS)[number];

type Op = 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte' | 'isnull' | 'contains';
export const OPS: Record<FieldType, readonly Op[]> = {
  string: ['eq', 'ne', 'isnull'],
  enum: ['eq', 'ne'],
  number: ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'isnull'],
  date: ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'isnull'],
  boolean: ['eq'],
  set: ['eq', 'contains', 'ne'],
  text: ['eq', 'contains'],
};

export interface Filter {
  field: string;
  spec: FieldSpec;
  op: Op;
  values: (string | number)[];
}

export interface ListQuery {
  filters: Filter[];
  sort: { field: string; desc: boolean; spec: SortSpec }[];
  limit: number;
  cursor: (string | number | null)[] | null;
  facets: string[];
  format: Format;
}

export interface ListPage<Row> {
  rows: Row[];
  total: number;
  /** Opaque cursor of the next page, null on the last page. */
  nextCursor: string | null;
  facets?: Record<string, { value: string | number | null; count: number }[]>;
}

const RESERVED = new Set(['sort', 'limit', 'cursor', 'facet', 'format']);

function bad(code: string, message: string): BadRequestError {
  return new BadRequestError(code, message);
}

/** The one value of a parameter that may appear at most once; a BadRequestError when it is repeated. */
export function singleParam(pairs: readonly [string, string][], name: string): string | undefined {
  const values = pairs.filter(([k]) => k === name).map(([, v]) => v);
  if (values.length > 1)
    throw bad('invalid_parameter', `parameter "${name}" given ${values.length} times; give it once`);
  return values[0];
}

/** `value` when it is one of `allowed`, `fallback` when absent; otherwise a BadRequestError naming `label`. */
export function oneOf<T extends string>(
  label: string,
  value: string | undefined,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw bad('invalid_parameter', `${label} takes one of ${allowed.join(', ')}; got "${value}"`);
  }
  return value as T;
}

/** A whole number in [min, max]; a BadRequestError naming `label` otherwise. */
export function wholeNumber(label: string, value: string, min: number, max: number): number {
  if (!/^\d+$/.test(value)) throw bad('invalid_parameter', `${label} must be a whole number, got "${value}"`);
  const n = Number(value);
  if (n < min || n > max)
    throw bad('invalid_parameter', `${label} must be between ${min} and ${max}, got ${value}`);
  return n;
}

/** Reads the grammar from query-string pairs (repeats kept); every mistake is a BadRequestError naming the parameter. */
export function parseListQuery<Row>(spec: ListSpec<Row>, input: Iterable<[string, string]>): ListQuery {
  const pairs = [...input];
  const grouped = new Map<string, string[]>();
  for (const [key, value] of pairs) grouped.set(key, [...(grouped.get(key) ?? []), value]);
  const single = (key: string) => singleParam(pairs, key);

  const filters: Filter[] = [];
  for (const [key, rawValues] of grouped) {
    if (RESERVED.has(key)) continue;
    const [field = '', opText, ...rest] = key.split('__');
    const fieldSpec = spec.fields[field];
    if (!fieldSpec || rest.length > 0) {
      throw bad(
        'unknown_parameter',
        `unknown parameter "${key}"; filters: ${Object.keys(spec.fields).join(', ')}; also ${[...RESERVED].join(', ')}`,
      );
    }
    const op = (opText ?? 'eq') as Op;
    if (!OPS[fieldSpec.type].includes(op)) {
      throw bad(
        'unknown_parameter',
        `unknown parameter "${key}": "${field}" takes ${OPS[fieldSpec.type].map((o) => (o === 'eq' ? '=' : `__${o}`)).join(', ')}`,
      );
    }
    const values = rawValues
      // Free text (names, ids, families) may hold commas: repeat the parameter for OR. Codes and numbers split.
      .flatMap((v) => (fieldSpec.type === 'text' || fieldSpec.type === 'string' ? [v] : v.split(',')))
      .map((v) => v.trim());
    if (values.some((v) => v === '')) throw bad('invalid_parameter', `parameter "${key}" has an empty value`);
    if (['gt', 'gte', 'lt', 'lte', 'isnull'].includes(op) && values.length !== 1) {
      throw bad('invalid_parameter', `parameter "${key}" takes one value`);
    }
    filters.push({
      field,
      spec: fieldSpec,
      op,
      values: values.map((v) => convertValue(key, fieldSpec, op, v)),
    });
  }

  const sortText = single('sort') ?? spec.defaultSort;
  const sort = sortText.split(',').map((part) => {
    const desc = part.startsWith('-');
    const field = desc ? part.slice(1) : part;
    const sortSpec = spec.sorts[field];
    if (!sortSpec)
      throw bad(
        'invalid_parameter',
        `cannot sort by "${field}"; sort by ${Object.keys(spec.sorts).join(', ')}`,
      );
    return { field, desc, spec: sortSpec };
  });
  if (new Set(sort.map((s) => s.field)).size !== sort.length)
    throw bad('invalid_parameter', 'sort names a field twice');
  if (!sort.some((s) => s.field === 'id')) sort.push({ field: 'id', desc: false, spec: { column: 't.id' } });

  const limitText = single('limit');
  const limit =
    limitText === undefined ? spec.defaultLimit : wholeNumber('limit', limitText, 1, spec.maxLimit);

  const facets = (grouped.get('facet') ?? []).flatMap((f) => f.split(',')).map((f) => f.trim());
  for (const f of facets) {
    if (!spec.facets[f])
      throw bad('invalid_parameter', `no facet "${f}"; facets: ${Object.keys(spec.facets).join(', ')}`);
  }

  const format = (single('format') ?? 'json') as Format;
  if (!FORMATS.includes(format))
    throw bad('invalid_parameter', `format must be one of ${FORMATS.join(', ')}`);

  const cursorText = single('cursor');
  const cursor = cursorText === undefined ? null : decodeCursor(cursorText, sortSignature(sort));
  return { filters, sort, limit, cursor, facets: [...new Set(facets)], format };
}

function convertValue(key: string, spec: FieldSpec, op: Op, v: string): string | number {
  if (op === 'isnull') {
    if (v !== 'true' && v !== 'false')
      throw bad('invalid_parameter', `"${key}" takes true or false, got "${v}"`);
    return v === 'true' ? 1 : 0;
  }
  switch (spec.type) {
    case 'number': {
      const n = Number(v);
      if (!Number.isFinite(n) || !/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(v)) {
        throw bad('invalid_parameter', `"${key}" takes a number, got "${v}"`);
      }
      return n;
    }
    case 'date':
      if (!parsePartialDate(v))
        throw bad('invalid_parameter', `"${key}" takes a date (YYYY, YYYY-MM or YYYY-MM-DD), got "${v}"`);
      return v;
    case 'boolean':
      if (!['true', 'false', '1', '0'].includes(v))
        throw bad('invalid_parameter', `"${key}" takes true or false, got "${v}"`);
      return v === 'true' || v === '1' ? 1 : 0;
    case 'enum':
    case 'set':
      if (spec.values && !spec.values.includes(v)) {
        throw bad('invalid_parameter', `"${key}" takes one of ${spec.values.join(', ')}; got "${v}"`);
      }
      return v;
    default:
      if (v.length > 200) throw bad('invalid_parameter', `"${key}" is longer than 200 characters`);
      return v;
  }
}

function sortSignature(sort: ListQuery['sort']): string {
  return sort.map((s) => `${s.desc ? '-' : ''}${s.field}`).join(',');
}

export function encodeCursor(signature: string, values: (string | number | null)[]): string {
  return Buffer.from(JSON.stringify({ s: signature, v: values })).toString('base64url');
}

function decodeCursor(text: string, signature: string): (string | number | null)[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw bad('invalid_cursor', 'cursor is not one this server issued');
  }
  const p = parsed as { s?: unknown; v?: unknown };
  const valid =
    typeof p === 'object' &&
    p !== null &&
    Array.isArray(p.v) &&
    p.v.every((x) => x === null || typeof x === 'string' || typeof x === 'number');
  if (!valid) throw bad('invalid_cursor', 'cursor is not one this server issued');
  if (p.s !== signature)
    throw bad('invalid_cursor', 'cursor belongs to another sort order; start again without it');
  const values = p.v as (string | number | null)[];
  if (values.length !== signature.split(',').length)
    throw bad('invalid_cursor', 'cursor is not one this server issued');
  return values;
}

function value(v: string | number, numeric: boolean): RawBuilder<unknown> {
  return numeric ? sql`cast(${v} as double precision)` : sql`${v}`;
}

function filterSql(f: Filter): RawBuilder<unknown> {
  const numeric = f.spec.type === 'number';
  if (f.spec.type === 'set' && f.spec.set) {
    const s = f.spec.set;
    const extra = s.where ? sql` and ${sql.raw(s.where)}` : sql``;
    const exists = sql`exists (select 1 from ${sql.raw(s.table)} c where c.${sql.raw(s.key)} = t.id and c.${sql.raw(s.column)} in (${sql.join(f.values)})${extra})`;
    return f.op === 'ne' ? sql`not ${exists}` : exists;
  }
  const col = sql.raw(f.spec.column ?? 't.id');
  if (f.spec.type === 'text') {
    const parts = f.values.map(
      (v) =>
        sql`${col} like ${`%${String(v)
          .toLowerCase()
          .replace(/[\\%_]/g, '\\$&')}%`} escape '\\'`,
    );
    return sql`(${sql.join(parts, sql` and `)})`;
  }
  const [first = ''] = f.values;
  switch (f.op) {
    case 'eq':
      return sql`${col} in (${sql.join(f.values.map((v) => value(v, numeric)))})`;
    case 'ne':
      return sql`(${col} is null or ${col} not in (${sql.join(f.values.map((v) => value(v, numeric)))}))`;
    case 'isnull':
      return first === 1 ? sql`${col} is null` : sql`${col} is not null`;
    case 'gt':
      return sql`${col} > ${value(first, numeric)}`;
    case 'gte':
      return sql`${col} >= ${value(first, numeric)}`;
    case 'lt':
      return sql`${col} < ${value(first, numeric)}`;
    case 'lte':
      return sql`${col} <= ${value(first, numeric)}`;
    default:
      throw bad('invalid_parameter', `unsupported operator on ${f.field}`);
  }
}

export function whereSql(filters: Filter[], extra: RawBuilder<unknown>[] = []): RawBuilder<unknown> {
  const parts = [...filters.map(filterSql), ...extra];
  return parts.length === 0 ? sql`` : sql`where ${sql.join(parts, sql` and `)}`;
}

/**
 * Keyset predicate: rows strictly after the cursor in (sort keys…, id) order, nulls last in both directions:
 * OR over i of (keys before i equal) AND (key i after).
 */
function afterCursorSql(sort: ListQuery['sort'], cursor: (string | number | null)[]): RawBuilder<unknown> {
  const branches: RawBuilder<unknown>[] = [];
  for (let i = 0; i < sort.length; i++) {
    const parts: RawBuilder<unknown>[] = [];
    for (let j = 0; j < i; j++) {
      const s = sort[j];
      if (!s) continue;
      const col = sql.raw(s.spec.column);
      const c = cursor[j] ?? null;
      parts.push(c === null ? sql`${col} is null` : sql`${col} = ${value(c, !!s.spec.numeric)}`);
    }
    const s = sort[i];
    if (!s) continue;
    const c = cursor[i] ?? null;
    if (c === null) continue; // nothing sorts after a null: nulls come last
    const col = sql.raw(s.spec.column);
    const v = value(c, !!s.spec.numeric);
    parts.push(s.desc ? sql`(${col} < ${v} or ${col} is null)` : sql`(${col} > ${v} or ${col} is null)`);
    branches.push(sql`(${sql.join(parts, sql` and `)})`);
  }
  return branches.length === 0 ? sql`1 = 0` : sql`(${sql.join(branches, sql` or `)})`;
}

export async function runListQuery<Row>(
  db: Kysely<Database>,
  spec: ListSpec<Row>,
  query: ListQuery,
  opts: { facets?: boolean } = {},
): Promise<ListPage<Row>> {
  const table = sql.raw(spec.table);
  const where = whereSql(query.filters, query.cursor ? [afterCursorSql(query.sort, query.cursor)] : []);
  const order = sql.join(
    query.sort.flatMap((s) => {
      const col = sql.raw(s.spec.column);
      return [sql`(${col} is null)`, s.desc ? sql`${col} desc` : sql`${col} asc`];
    }),
  );
  const keys = sql.join(query.sort.map((s, i) => sql`${sql.raw(s.spec.column)} as ${sql.raw(`k${i}`)}`));
  const result = await sql<
    Record<string, unknown>
  >`select t.data as data, ${keys} from ${table} t ${where} order by ${order} limit ${query.limit + 1}`.execute(
    db,
  );
  const more = result.rows.length > query.limit;
  const page = result.rows.slice(0, query.limit);
  const last = page.at(-1);
  const nextCursor =
    more && last
      ? encodeCursor(
          sortSignature(query.sort),
          query.sort.map((s, i) => {
            const v = last[`k${i}`];
            return v === null || v === undefined ? null : s.spec.numeric ? Number(v) : String(v);
          }),
        )
      : null;
  const totalResult = await sql<{
    n: number;
  }>`select count(*) as n from ${table} t ${whereSql(query.filters)}`.execute(db);
  const out: ListPage<Row> = {
    rows: page.map((r) => spec.toRow(JSON.parse(String(r.data)))),
    total: Number(totalResult.rows[0]?.n ?? 0),
    nextCursor,
  };
  if (opts.facets !== false && query.facets.length > 0) {
    out.facets = {};
    for (const name of query.facets) out.facets[name] = await facetCounts(db, spec, name, query.filters);
  }
  return out;
}

async function facetCounts<Row>(
  db: Kysely<Database>,
  spec: ListSpec<Row>,
  name: string,
  filters: Filter[],
): Promise<{ value: string | number | null; count: number }[]> {
  const facet = spec.facets[name];
  const table = sql.raw(spec.table);
  const where = whereSql(filters);
  let rows: { value: string | number | null; count: number }[];
  if (facet?.set) {
    const s = facet.set;
    const extra = s.where ? sql` and ${sql.raw(s.where)}` : sql``;
    const r = await sql<{ value: string | null; count: number }>`
      select c.${sql.raw(s.column)} as value, count(distinct t.id) as count
      from ${table} t join ${sql.raw(s.table)} c on c.${sql.raw(s.key)} = t.id${extra}
      ${where} group by c.${sql.raw(s.column)}`.execute(db);
    rows = r.rows;
  } else {
    const col = sql.raw(facet?.column ?? 't.id');
    const r = await sql<{ value: string | number | null; count: number }>`
      select ${col} as value, count(*) as count from ${table} t ${where} group by ${col}`.execute(db);
    rows = r.rows;
  }
  return sortCounts(rows.map((r) => ({ value: r.value, count: Number(r.count) })));
}

/** The relative URL of the next page: the same query with the new cursor; null on the last page. */
export function nextPageUrl(
  path: string,
  pairs: Iterable<[string, string]>,
  cursor: string | null,
): string | null {
  if (!cursor) return null;
  const params = new URLSearchParams([...pairs].filter(([k]) => k !== 'cursor'));
  params.append('cursor', cursor);
  return `${path}?${params}`;
}

/** The JSON answer of every list, the same from the API and the CLI's `--json`. */
export function listBody<Row>(page: ListPage<Row>, next: string | null) {
  return {
    rows: page.rows,
    total: page.total,
    count: page.rows.length,
    next,
    truncated: next !== null,
    ...(page.facets ? { facets: page.facets } : {}),
  };
}

/** Most frequent first; ties by value, nulls last. */
export function sortCounts<T extends { value: string | number | null; count: number }>(rows: T[]): T[] {
  const byValue = (a: T, b: T) =>
    a.value === null
      ? 1
      : b.value === null
        ? -1
        : String(a.value) < String(b.value)
          ? -1
          : String(a.value) > String(b.value)
            ? 1
            : 0;
  return rows.sort((a, b) => b.count - a.count || byValue(a, b));
}

/** One CSV line per row, RFC 4180 quoting; text cells that a spreadsheet would run as a formula are defused. */
export function toCsv<Row>(spec: ListSpec<Row>, rows: Row[], header = true): string {
  const cell = (v: string | number | boolean | null): string => {
    if (v === null) return '';
    if (typeof v !== 'string') return String(v);
    const text = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
    return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const lines = rows.map((r) => spec.csv.map((c) => cell(c.value(r))).join(','));
  if (header) lines.unshift(spec.csv.map((c) => c.header).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
