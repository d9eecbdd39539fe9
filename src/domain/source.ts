import { z } from 'zod';
import { SourceKind } from './enums.ts';

/** Where a fact comes from. `id` is local to the catalog file that lists it. */
export const Source = z.object({
  id: z.string(),
  url: z.url(),
  title: z.string().optional(),
  kind: SourceKind.optional(),
  /** When the source was read (YYYY-MM-DD). */
  accessed: z.string().optional(),
});
export type Source = z.infer<typeof Source>;

/** The compact reference a fact carries to its source. */
export const SourceRef = Source.pick({ id: true, url: true, title: true });
export type SourceRef = z.infer<typeof SourceRef>;
