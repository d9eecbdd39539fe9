import { z } from 'zod';
import { DATE_PRECISIONS, parsePartialDate } from './release-date.ts';

export const DatePrecision = z.enum(DATE_PRECISIONS);

/** A date known to a year, a month or a day, written as an ISO prefix. */
export const PartialDate = z.string().refine((s) => parsePartialDate(s) !== null, {
  message: 'expected a date as YYYY, YYYY-MM or YYYY-MM-DD',
});
