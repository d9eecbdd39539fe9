// Partial release dates, without zod (a read command loads this on every start); their schemas are in
// partial-date.ts.

export const DATE_PRECISIONS = ['year', 'month', 'day'] as const;
export type DatePrecision = (typeof DATE_PRECISIONS)[number];

const DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/** Parses `2025`, `2025-01` or `2025-01-20` into the date string and its precision; null when malformed. */
export function parsePartialDate(text: string): { date: string; precision: DatePrecision } | null {
  const m = DATE.exec(text);
  if (!m) return null;
  const [, y, mo, d] = m;
  const year = Number(y);
  if (year < 1950 || year > 2100) return null;
  if (mo === undefined) return { date: text, precision: 'year' };
  const month = Number(mo);
  if (month < 1 || month > 12) return null;
  if (d === undefined) return { date: text, precision: 'month' };
  const day = Number(d);
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > last) return null;
  return { date: text, precision: 'day' };
}

/**
 * The period a partial date stands for, as the ISO strings of its first and last day: `2025` is 2025-01-01 to
 * 2025-12-31, `2025-03` is 2025-03-01 to 2025-03-31, a day is itself. A month's end is written with day 31 whatever
 * the month: as a string it sorts after every day of that month and before the next month's first, which is all
 * the comparisons need, and SQL builds the same ends from a stored date without a calendar (see `periodSql`).
 */
export function datePeriod(text: string): { start: string; end: string } | null {
  const parsed = parsePartialDate(text);
  if (!parsed) return null;
  if (parsed.precision === 'year') return { start: `${text}-01-01`, end: `${text}-12-31` };
  if (parsed.precision === 'month') return { start: `${text}-01`, end: `${text}-31` };
  return { start: text, end: text };
}

/**
 * SQL for the first and last day of a stored partial date in `column` (null stays null), the same strings as
 * `datePeriod`. Fixed text over a fixed column name; runs on SQLite and PostgreSQL alike. Being equal in length and
 * shape, the padded strings also compare alike under any collation, which bare prefixes (`2025` against
 * `2025-01-01`) do not.
 */
export function periodSql(column: string): { start: string; end: string } {
  const pad = (year: string, month: string) =>
    `case length(${column}) when 4 then ${column} || '${year}' when 7 then ${column} || '${month}' else ${column} end`;
  return { start: pad('-01-01', '-01'), end: pad('-12-31', '-31') };
}
