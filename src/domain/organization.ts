import { z } from 'zod';
import { CountryCode, OrganizationKind } from './enums.ts';
import { Source } from './source.ts';

export const Organization = z.object({
  id: z.string(),
  name: z.string(),
  /** Name in the organisation's own script, e.g. 深度求索. */
  nativeName: z.string().nullable(),
  aliases: z.array(z.string()),
  country: CountryCode,
  kind: OrganizationKind,
  parent: z.string().nullable(),
  website: z.url().nullable(),
  /** Hugging Face accounts the organisation publishes under. */
  huggingFace: z.array(z.string()),
  description: z.string().nullable(),
  sources: z.array(Source),
  modelCount: z.number().int(),
  file: z.string(),
});
export type Organization = z.infer<typeof Organization>;

/** How a model names its makers. */
export const OrganizationRef = Organization.pick({ id: true, name: true, country: true });
export type OrganizationRef = z.infer<typeof OrganizationRef>;
