import { z } from 'zod';

export const DatePrecision = z.enum(['year', 'month', 'day']);
export type DatePrecision = z.infer<typeof DatePrecision>;

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

/** A date known to a year, a month or a day, written as an ISO prefix. */
export const PartialDate = z.string().refine((s) => parsePartialDate(s) !== null, {
  message: 'expected a date as YYYY, YYYY-MM or YYYY-MM-DD',
});
