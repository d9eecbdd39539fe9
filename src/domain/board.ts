import { z } from 'zod';
import { isCalendarDay } from './calendar-day.ts';

/** A board's id: a short lowercase slug (`lmarena-text`, `open-llm-leaderboard-v2`). */
export const BoardId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}[a-z0-9]$/, 'a board id is a short lowercase slug such as lmarena-text');
export type BoardId = z.infer<typeof BoardId>;

/**
 * One row of a leaderboard as the board published it. `org` and `license` are the BOARD's own columns,
 * raw text (never trusted over the catalog); `scores` holds any further numeric columns by their header.
 */
export const BoardRow = z.object({
  rank: z.number().int().positive(),
  name: z.string().min(1),
  score: z.number().nullable(),
  ci: z.string().nullable(),
  votes: z.number().int().nonnegative().nullable(),
  org: z.string().nullable(),
  license: z.string().nullable(),
  scores: z.record(z.string(), z.number()),
});
export type BoardRow = z.infer<typeof BoardRow>;

/** One dated table of a board with where it came from. */
export const BoardSnapshot = z.object({
  board: BoardId,
  /** The day the table shows (YYYY-MM-DD). */
  at: z.string().refine(isCalendarDay, 'a day as YYYY-MM-DD'),
  source: z.object({
    url: z.string(),
    title: z.string(),
    note: z.string().optional(),
  }),
  rows: z.array(BoardRow),
});
export type BoardSnapshot = z.infer<typeof BoardSnapshot>;
