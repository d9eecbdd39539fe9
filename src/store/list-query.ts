import { stringify } from 'csv-stringify/sync';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import { closestNames, didYouMean } from '../domain/closest-names.ts';
import { BadRequestError } from '../domain/errors.ts';
import { parsePartialDate } from '../domain/release-date.ts';
import type { Database } from './database.ts';
import {
  type FieldSpec,
  type Filter,
  matchListedValue,
  type Op,
  operatorsOf,
  paramName,
  resolveFilters,
  SINGLE_VALUE_OPS,
  whereSql,
} from './list-filters.ts';

/**
 * The entry a name given by a user stands for, or undefined: a user's `constructor` or `__proto__` must not find
 * what every object inherits.
 */
function own<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

// The list grammar every list speaks (API query strings and CLI flags alike), in the spirit of Datasette:
//   field=value (repeat for OR)   field__<op>=value (the operators of list-filters.ts, per field type)
//   sort=-released,name   limit=50   cursor=<opaque>   facet=country (repeatable)   format=json|csv|ndjson
// Field names map to whitelisted SQL expressions; values only ever reach SQL as bound parameters.

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

/**
 * A CLI flag for a filter: `--<name> <value>` gives `paramName(field, op)=value`; with `value`, a switch that
 * gives that value (`--open` is `open=true`). The flags of `omo models` and `omo orgs` are generated from these.
 */
export interface FlagSpec {
  name: string;
  short?: string;
  field: string;
  op?: Op;
  value?: string;
  /** What to show for the flag's value in help, e.g. `<code>`; by default from the field type. */
  placeholder?: string;
}

export interface ListSpec<Row> {
  table: keyof Database & string;
  fields: Record<string, FieldSpec>;
  sorts: Record<string, SortSpec>;
  defaultSort: string;
  facets: Record<string, FacetSpec>;
  /** Filters that apply unless the query filters the field itself (models: `kind=model`). */
  defaultFilters?: Record<string, string>;
  flags: FlagSpec[];
  defaultLimit: number;
  maxLimit: number;
  /** Builds a row from the stored JSON record. */
  toRow(data: unknown): Row;
  /** Flat columns for CSV. */
  csv: { header: string; value(row: Row): string | number | boolean | null }[];
}

export const FORMATS = ['json', 'csv', 'ndjson'] as const;
export type Format = (typeof FORMATS)[number];

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

export const RESERVED_PARAMS = ['sort', 'limit', 'cursor', 'facet', 'format'] as const;
const RESERVED: ReadonlySet<string> = new Set(RESERVED_PARAMS);

function bad(code: string, message: string): BadRequestError {
  return new BadRequestError(code, message);
}

/** The one value of a parameter that may appear at most once; a BadRequestError when it is repeated. */
function singleParam(
  pairs: readonly [string, string][],
  name: string,
  label = `parameter "${name}"`,
): string | undefined {
  const values = pairs.filter(([k]) => k === name).map(([, v]) => v);
  if (values.length > 1)
    throw bad('invalid_parameter', `${label} given ${values.length} times; give it once`);
  return values[0];
}

/** A whole number in [min, max]; a BadRequestError naming `label` otherwise. */
export function wholeNumber(label: string, value: string, min: number, max: number): number {
  if (!/^\d+$/.test(value)) throw bad('invalid_parameter', `${label} must be a whole number, got "${value}"`);
  const n = Number(value);
  if (n < min || n > max)
    throw bad('invalid_parameter', `${label} must be between ${min} and ${max}, got ${value}`);
  return n;
}

/**
 * How errors name a parameter: the CLI passes the flag each query key came from (`released__gte` →
 * `--released-after`); otherwise the key as given, quoted (reserved keys bare, as in `limit must be…`).
 */
type ParamLabels = ReadonlyMap<string, string>;

function labelOf(labels: ParamLabels | undefined, key: string): string {
  return labels?.get(key) ?? (RESERVED.has(key) ? key : `"${key}"`);
}

function unknownParameter<Row>(spec: ListSpec<Row>, key: string, label: string): BadRequestError {
  const known = Object.entries(spec.fields).flatMap(([name, f]) =>
    operatorsOf(f.type).map((op) => paramName(name, op)),
  );
  const suggestions = closestNames(
    key,
    [...known, ...RESERVED].map((k) => ({ value: k, names: [k] })),
    3,
  );
  const [field = '', op] = key.split('__');
  const fieldSpec = own(spec.fields, field);
  if (fieldSpec && op !== undefined) {
    return bad(
      'unknown_parameter',
      `unknown parameter ${label}: "${field}" takes ${operatorsOf(fieldSpec.type)
        .map((o) => (o === 'eq' ? '=' : `__${o}`))
        .join(', ')}`,
    );
  }
  return bad(
    'unknown_parameter',
    `unknown parameter ${label}${didYouMean(suggestions)}; filters: ${Object.keys(spec.fields).join(', ')}; also ${RESERVED_PARAMS.join(', ')}`,
  );
}

/**
 * Reads the grammar from query-string pairs (repeats kept); every mistake is a BadRequestError naming the
 * parameter (or, given `labels`, the flag it came from).
 */
export function parseListQuery<Row>(
  spec: ListSpec<Row>,
  input: Iterable<[string, string]>,
  labels?: ParamLabels,
): ListQuery {
  const pairs = [...input];
  const label = (key: string) => labelOf(labels, key);
  const filtered = new Set(pairs.map(([k]) => k.split('__')[0]));
  for (const [field, value] of Object.entries(spec.defaultFilters ?? {}))
    if (!filtered.has(field)) pairs.push([field, value]);
  const grouped = new Map<string, string[]>();
  for (const [key, value] of pairs) grouped.set(key, [...(grouped.get(key) ?? []), value]);
  const single = (key: string) => singleParam(pairs, key, label(key));

  const filters: Filter[] = [];
  for (const [key, rawValues] of grouped) {
    if (RESERVED.has(key)) continue;
    const [field = '', opText = 'eq', ...rest] = key.split('__');
    const fieldSpec = own(spec.fields, field);
    const op = opText as Op;
    if (
      !fieldSpec ||
      rest.length > 0 ||
      (opText === 'eq' && key.includes('__')) ||
      !operatorsOf(fieldSpec.type).includes(op)
    )
      throw unknownParameter(spec, key, label(key));
    const values = rawValues
      // Free text (names, ids, families) may hold commas: repeat the parameter for OR. Codes and numbers split.
      .flatMap((v) => (fieldSpec.type === 'text' || fieldSpec.type === 'string' ? [v] : v.split(',')))
      .map((v) => v.trim());
    if (values.some((v) => v === '')) throw bad('invalid_parameter', `${label(key)} has an empty value`);
    if (SINGLE_VALUE_OPS.has(op) && values.length !== 1) {
      throw bad('invalid_parameter', `${label(key)} takes one value`);
    }
    filters.push({
      field,
      spec: fieldSpec,
      op,
      values: values.map((v) => convertValue(label(key), fieldSpec, op, v)),
      label: label(key),
    });
  }

  const sortText = single('sort') ?? spec.defaultSort;
  const sort = sortText.split(',').map((part) => {
    const desc = part.startsWith('-');
    const field = desc ? part.slice(1) : part;
    const sortSpec = own(spec.sorts, field);
    if (!sortSpec)
      throw bad(
        'invalid_parameter',
        `${label('sort')}: cannot sort by "${field}"; sort by ${Object.keys(spec.sorts).join(', ')}`,
      );
    return { field, desc, spec: sortSpec };
  });
  if (new Set(sort.map((s) => s.field)).size !== sort.length)
    throw bad('invalid_parameter', `${label('sort')} names a field twice`);
  if (!sort.some((s) => s.field === 'id')) sort.push({ field: 'id', desc: false, spec: { column: 't.id' } });

  const limitText = single('limit');
  const limit =
    limitText === undefined ? spec.defaultLimit : wholeNumber(label('limit'), limitText, 1, spec.maxLimit);

  const facets = (grouped.get('facet') ?? []).flatMap((f) => f.split(',')).map((f) => f.trim());
  for (const f of facets) {
    if (!own(spec.facets, f))
      throw bad(
        'invalid_parameter',
        `${label('facet')}: no facet "${f}"; facets: ${Object.keys(spec.facets).join(', ')}`,
      );
  }

  const format = (single('format') ?? 'json') as Format;
  if (!FORMATS.includes(format))
    throw bad('invalid_parameter', `${label('format')} must be one of ${FORMATS.join(', ')}`);

  const cursorText = single('cursor');
  const cursor = cursorText === undefined ? null : decodeCursor(cursorText, sort, label('cursor'));
  return { filters, sort, limit, cursor, facets: [...new Set(facets)], format };
}

/** Counts may carry a K, M, B or T suffix (`10B`), as the CLI's `--min-params` always took. */
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?([KMBT])?$/i;
const SCALE: Record<string, number> = { K: 1e3, M: 1e6, B: 1e9, T: 1e12 };

function convertValue(label: string, spec: FieldSpec, op: Op, v: string): string | number {
  if (op === 'isnull') {
    if (v !== 'true' && v !== 'false')
      throw bad('invalid_parameter', `${label} takes true or false, got "${v}"`);
    return v === 'true' ? 1 : 0;
  }
  switch (spec.type) {
    case 'number': {
      const m = NUMBER.exec(v);
      const n = m
        ? Number(v.slice(0, m[3] ? -1 : undefined)) * (SCALE[(m[3] ?? '').toUpperCase()] ?? 1)
        : Number.NaN;
      if (!Number.isFinite(n))
        throw bad('invalid_parameter', `${label} takes a number (1e10, 10B), got "${v}"`);
      return n;
    }
    case 'date':
      if (!parsePartialDate(v))
        throw bad('invalid_parameter', `${label} takes a date (YYYY, YYYY-MM or YYYY-MM-DD), got "${v}"`);
      return v;
    case 'boolean':
      if (!['true', 'false', '1', '0'].includes(v))
        throw bad('invalid_parameter', `${label} takes true or false, got "${v}"`);
      return v === 'true' || v === '1' ? 1 : 0;
    default:
      if (spec.values) return matchListedValue(label, spec.values, v);
      if (v.length > 200) throw bad('invalid_parameter', `${label} is longer than 200 characters`);
      return v;
  }
}

function sortSignature(sort: ListQuery['sort']): string {
  return sort.map((s) => `${s.desc ? '-' : ''}${s.field}`).join(',');
}

function encodeCursor(signature: string, values: (string | number | null)[]): string {
  return Buffer.from(JSON.stringify({ s: signature, v: values })).toString('base64url');
}

/** The longest cursor this server issues is far shorter; anything longer is forged. */
const MAX_CURSOR = 4096;

/** Whether `v` is what this server writes for sort key `s`: a finite number (numeric keys) or text, or null. */
function cursorKeyFits(s: ListQuery['sort'][number], v: unknown): boolean {
  if (v === null) return true;
  if (s.spec.numeric) return typeof v === 'number' && Number.isFinite(v);
  // PostgreSQL refuses a NUL in text.
  return typeof v === 'string' && v.length <= MAX_CURSOR && !v.includes('\0');
}

/**
 * The keys a cursor carries, each of the type its sort key takes (a forged cursor with text where a number goes is
 * refused here, not by the database); a mistake names `name` (`cursor`, or the CLI's `--cursor`).
 */
function decodeCursor(text: string, sort: ListQuery['sort'], name: string): (string | number | null)[] {
  const forged = () => bad('invalid_cursor', `${name} is not one this server issued`);
  if (text.length > MAX_CURSOR) throw forged();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw forged();
  }
  const p = parsed as { s?: unknown; v?: unknown };
  if (typeof p !== 'object' || p === null || typeof p.s !== 'string' || !Array.isArray(p.v)) throw forged();
  if (p.s !== sortSignature(sort))
    throw bad('invalid_cursor', `${name} belongs to another sort order; start again without it`);
  const values: unknown[] = p.v;
  if (values.length !== sort.length || !sort.every((s, i) => cursorKeyFits(s, values[i]))) throw forged();
  return values as (string | number | null)[];
}

function value(v: string | number, numeric: boolean): RawBuilder<unknown> {
  return numeric ? sql`cast(${v} as double precision)` : sql`${v}`;
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
  const filters = await resolveFilters(db, query.filters);
  const table = sql.raw(spec.table);
  const where = whereSql(filters, query.cursor ? [afterCursorSql(query.sort, query.cursor)] : []);
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
  }>`select count(*) as n from ${table} t ${whereSql(filters)}`.execute(db);
  const out: ListPage<Row> = {
    rows: page.map((r) => spec.toRow(JSON.parse(String(r.data)))),
    total: Number(totalResult.rows[0]?.n ?? 0),
    nextCursor,
  };
  if (opts.facets !== false && query.facets.length > 0) {
    out.facets = {};
    for (const name of query.facets) out.facets[name] = await facetCounts(db, spec, name, filters);
  }
  return out;
}

async function facetCounts<Row>(
  db: Kysely<Database>,
  spec: ListSpec<Row>,
  name: string,
  filters: Filter[],
): Promise<{ value: string | number | null; count: number }[]> {
  const facet = own(spec.facets, name);
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

/**
 * One CSV line per row (csv-stringify: RFC 4180 quoting, CRLF, cells with line breaks quoted too); text cells that a
 * spreadsheet would run as a formula (=, +, -, @, tab, CR first) are defused with a leading `'`.
 */
export function toCsv<Row>(spec: ListSpec<Row>, rows: Row[], header = true): string {
  const cell = (v: string | number | boolean | null): string | number | null =>
    typeof v === 'boolean' ? String(v) : typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return stringify(
    rows.map((r) => spec.csv.map((c) => cell(c.value(r)))),
    {
      header,
      columns: spec.csv.map((c) => c.header),
      record_delimiter: '\r\n',
      quoted_match: /[\r\n]/,
    },
  );
}
