import { type Kysely, type RawBuilder, sql } from 'kysely';
import { type Candidate, closestNames, didYouMean, foldName, matchName } from '../domain/closest-names.ts';
import { BadRequestError } from '../domain/errors.ts';
import { datePeriod } from '../domain/release-date.ts';
import type { Database } from './database.ts';

// The operators of the list grammar, in one registry (after Datasette's filters.py): for each field type, the
// operators it takes, each with its SQL and a human description. The SQL (`filterSql`), the OpenAPI text
// (`src/api/openapi-list.ts`) and the CLI flags (`src/cli/list-flags.ts`) are all generated from it, so what one
// accepts the others document and reach (test/list-registry.test.ts checks that they agree).

export type FieldType = 'string' | 'enum' | 'number' | 'date' | 'boolean' | 'set' | 'text';
export type Op = 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte' | 'isnull' | 'contains';

export interface FieldSpec {
  type: FieldType;
  description: string;
  /** SQL expression over the list's table alias `t` (scalar fields). Fixed text, never from input. */
  column?: string;
  /** Date fields: SQL for the first and last day of the stored partial date (`periodSql`). */
  period?: { start: string; end: string };
  /** Allowed values for enum and set fields; matched case-insensitively, a typo answered with suggestions. */
  values?: readonly string[];
  /**
   * Values known by name rather than listed (countries, organisations, licences…): every value with the names it
   * answers to, fixed or read from the store when a filter uses the field (see `resolveFilters`). `noun` names
   * one value in errors, `hint` says what to give.
   */
  names?: {
    noun: string;
    hint?: string;
    candidates(db: Kysely<Database>): readonly Candidate[] | Promise<readonly Candidate[]>;
  };
  /** For set fields: the child table and column; rows link to `t.id` through `<key>`. */
  set?: { table: string; column: string; key: string; where?: string };
}

/** One parsed filter: `label` is the parameter or flag as the user gave it, for error messages. */
export interface Filter {
  field: string;
  spec: FieldSpec;
  op: Op;
  values: (string | number)[];
  label: string;
}

interface Operator {
  /** What the operator means for this field type, completing "<field description>: …". */
  human: string;
  sql(f: Filter): RawBuilder<unknown>;
}

/** Operators that take exactly one value. */
export const SINGLE_VALUE_OPS: ReadonlySet<Op> = new Set(['gt', 'gte', 'lt', 'lte', 'isnull']);

const column = (f: Filter) => sql.raw(f.spec.column ?? 't.id');
const bound = (v: string | number, numeric: boolean) =>
  numeric ? sql`cast(${v} as double precision)` : sql`${v}`;
const first = (f: Filter) => f.values[0] ?? '';
const isNull = (f: Filter) => (first(f) === 1 ? sql`${column(f)} is null` : sql`${column(f)} is not null`);
const inList = (f: Filter, numeric = false) =>
  sql`${column(f)} in (${sql.join(f.values.map((v) => bound(v, numeric)))})`;
const notInList = (f: Filter, numeric = false) => sql`(${column(f)} is null or not ${inList(f, numeric)})`;
const compare = (cmp: '>' | '>=' | '<' | '<=') => (f: Filter) =>
  sql`${column(f)} ${sql.raw(cmp)} ${bound(first(f), true)}`;

function exists(f: Filter): RawBuilder<unknown> {
  const s = f.spec.set;
  if (!s) throw new Error(`set field ${f.field} has no child table`);
  const extra = s.where ? sql` and ${sql.raw(s.where)}` : sql``;
  return sql`exists (select 1 from ${sql.raw(s.table)} c where c.${sql.raw(s.key)} = t.id and c.${sql.raw(s.column)} in (${sql.join(f.values)})${extra})`;
}

function containsText(f: Filter): RawBuilder<unknown> {
  const parts = f.values.map(
    (v) =>
      sql`${column(f)} like ${`%${String(v)
        .toLowerCase()
        .replace(/[\\%_]/g, '\\$&')}%`} escape '\\'`,
  );
  return sql`(${sql.join(parts, sql` and `)})`;
}

// Dates compare as periods: a bound stands for its whole period (`2025` is 2025-01-01 to 2025-12-31), and a row
// dated only to a month or year is its period too, matching when any day of it meets the condition, so that no
// coarsely dated release falls out of a range it may lie in.
const period = (f: Filter) => {
  const p = f.spec.period;
  if (!p) throw new Error(`date field ${f.field} has no period SQL`);
  return { start: sql.raw(p.start), end: sql.raw(p.end) };
};
const boundPeriod = (v: string | number) => {
  const p = datePeriod(String(v));
  if (!p) throw new Error(`not a date: ${v}`); // convertValue checked it
  return p;
};
function overlaps(f: Filter): RawBuilder<unknown> {
  const { start, end } = period(f);
  const each = f.values.map((v) => {
    const b = boundPeriod(v);
    return sql`(${start} <= ${b.end} and ${end} >= ${b.start})`;
  });
  return sql`(${sql.join(each, sql` or `)})`;
}

const DESCRIBE_SET = 'has any of the values (comma-separate or repeat for OR)';

/** The registry: field type → operator → SQL and meaning. The order is the order of the documentation. */
export const OPERATORS: { readonly [T in FieldType]: Readonly<Partial<Record<Op, Operator>>> } = {
  string: {
    eq: { human: 'equals one of the values (repeat for OR)', sql: (f) => inList(f) },
    ne: { human: 'equals none of the values (repeat for several), or is empty', sql: (f) => notInList(f) },
    isnull: { human: 'true: has no value; false: has one', sql: isNull },
  },
  enum: {
    eq: { human: 'one of the values (comma-separate or repeat for OR)', sql: (f) => inList(f) },
    ne: { human: 'none of the values', sql: (f) => notInList(f) },
  },
  number: {
    eq: { human: 'equals one of the values (comma-separate for OR)', sql: (f) => inList(f, true) },
    ne: { human: 'equals none of the values, or is empty', sql: (f) => notInList(f, true) },
    gt: { human: 'greater than', sql: compare('>') },
    gte: { human: 'at least', sql: compare('>=') },
    lt: { human: 'less than', sql: compare('<') },
    lte: { human: 'at most', sql: compare('<=') },
    isnull: { human: 'true: has no value; false: has one', sql: isNull },
  },
  date: {
    eq: {
      human:
        'within the period (2025, 2025-03 or 2025-03-10; comma-separate for OR). With every operator, a release known only to its month or year matches when any day of that period does',
      sql: overlaps,
    },
    ne: {
      human: 'outside the period, or undated',
      sql: (f) => sql`(${column(f)} is null or not ${overlaps(f)})`,
    },
    gt: {
      human: 'after the whole period (2025: from 2026-01-01)',
      sql: (f) => sql`${period(f).end} > ${boundPeriod(first(f)).end}`,
    },
    gte: {
      human: 'on or after its start (2025: from 2025-01-01)',
      sql: (f) => sql`${period(f).end} >= ${boundPeriod(first(f)).start}`,
    },
    lt: {
      human: 'before its start (2025: before 2025-01-01)',
      sql: (f) => sql`${period(f).start} < ${boundPeriod(first(f)).start}`,
    },
    lte: {
      human: 'on or before its end (2025: through 2025-12-31)',
      sql: (f) => sql`${period(f).start} <= ${boundPeriod(first(f)).end}`,
    },
    isnull: { human: 'true: undated; false: dated', sql: isNull },
  },
  boolean: {
    eq: { human: 'true or false', sql: (f) => inList(f) },
  },
  set: {
    eq: { human: DESCRIBE_SET, sql: exists },
    contains: { human: `${DESCRIBE_SET}; the same as =`, sql: exists },
    ne: { human: 'has none of the values', sql: (f) => sql`not ${exists(f)}` },
  },
  text: {
    eq: { human: 'contains the text, case-insensitively (repeat: all of them)', sql: containsText },
    contains: { human: 'the same as =', sql: containsText },
  },
};

/** The operators a field type takes, in registry order. */
export function operatorsOf(type: FieldType): Op[] {
  return Object.keys(OPERATORS[type]) as Op[];
}

/** The query parameter of a field and operator: `country`, `released__gte`. */
export function paramName(field: string, op: Op): string {
  return op === 'eq' ? field : `${field}__${op}`;
}

/** What `paramName(field, op)` does, for the OpenAPI text and CLI help. */
export function describeFilter(spec: FieldSpec, op: Op): string {
  const operator = OPERATORS[spec.type][op];
  if (!operator) throw new Error(`no operator ${op} on ${spec.type} fields`);
  return `${spec.description}: ${operator.human}`;
}

function filterSql(f: Filter): RawBuilder<unknown> {
  const operator = OPERATORS[f.spec.type][f.op];
  if (!operator) throw new BadRequestError('invalid_parameter', `${f.label} takes no operator "${f.op}"`);
  return operator.sql(f);
}

export function whereSql(filters: Filter[], extra: RawBuilder<unknown>[] = []): RawBuilder<unknown> {
  const parts = [...filters.map(filterSql), ...extra];
  return parts.length === 0 ? sql`` : sql`where ${sql.join(parts, sql` and `)}`;
}

/** A listed value (enum and set fields), matched case-insensitively; a BadRequestError with suggestions otherwise. */
export function matchListedValue(label: string, values: readonly string[], typed: string): string {
  const candidates = values.map((v) => ({ value: v, names: [v] }));
  const found = matchName(typed, candidates);
  if (found !== null) return found;
  throw new BadRequestError(
    'invalid_parameter',
    `${label} takes one of ${values.join(', ')}; got "${typed}"${didYouMean(closestNames(typed, candidates, 3))}`,
  );
}

/**
 * The closest names to a value that matched none. Two-letter names (country codes) match only exactly: as
 * suggestions they would be "contained" in almost anything typed (`CH`, `HN` and `NA` in "Chna").
 */
function suggest(typed: string, candidates: readonly Candidate[]): string[] {
  const named = candidates.map((c) => ({
    value: c.value,
    names: c.names.filter((n) => foldName(n).length > 2),
  }));
  return closestNames(typed, named, 3);
}

/**
 * The filters with every value of a name-matched field (country, organisation, licence, family…) replaced by the
 * value it names: `China` and `cn` become `CN`, `DeepSeek` and `deepseek-ai` become `deepseek`. A value that
 * names nothing is a BadRequestError naming the parameter as given, with the closest names. Run before `whereSql`
 * by every query that takes filters, so the list, the stats, the timeline and the frontier agree.
 */
export async function resolveFilters(db: Kysely<Database>, filters: Filter[]): Promise<Filter[]> {
  const loaded = new Map<FieldSpec, readonly Candidate[]>();
  const out: Filter[] = [];
  for (const f of filters) {
    const names = f.spec.names;
    if (!names || f.op === 'isnull') {
      out.push(f);
      continue;
    }
    let candidates = loaded.get(f.spec);
    if (!candidates) {
      candidates = await names.candidates(db);
      loaded.set(f.spec, candidates);
    }
    const values = f.values.map((v) => {
      const found = matchName(String(v), candidates);
      if (found !== null) return found;
      throw new BadRequestError(
        'invalid_parameter',
        `${f.label}: no ${names.noun} "${v}"${didYouMean(suggest(String(v), candidates))}${names.hint ? `; ${names.hint}` : ''}`,
      );
    });
    out.push({ ...f, values });
  }
  return out;
}
