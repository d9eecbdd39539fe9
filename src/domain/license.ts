import { z } from 'zod';
import { LicenseClass } from './enums.ts';

export const License = z.object({
  /** SPDX id where one exists (MIT, Apache-2.0), otherwise a named custom licence (llama3.1, deepseek-model). */
  id: z.string(),
  name: z.string(),
  class: LicenseClass,
  spdx: z.boolean(),
  url: z.url().optional(),
  notes: z.string().optional(),
});
export type License = z.infer<typeof License>;
