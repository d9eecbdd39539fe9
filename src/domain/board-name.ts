import { z } from 'zod';

/**
 * One entry of the reviewed resolution table `catalog/board-names.toml`: a leaderboard's name for a model (as the
 * board prints it), the board it applies to (null: every board), the catalog model it is (null when it is not one
 * catalog model) and its maker.
 */
export const BoardName = z.object({
  name: z.string(),
  board: z.string().nullable(),
  model: z.string().nullable(),
  org: z.string(),
  note: z.string().nullable(),
});
export type BoardName = z.infer<typeof BoardName>;
