import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { isCalendarDay } from '../domain/calendar-day.ts';
import { readToml } from './read-bundled-boards.ts';

// The bundled Hub listing (`boards/hub-listing/listing.toml`): a real listing of Hub models with their download
// counts, ingested as a Hub snapshot from its `ingest_file`. Wherever that snapshot is shown, its label goes with it
// (the day the counts were read, the source, what the listing covers), so a partial listing always says so.

const ListingFile = z.object({
  listing: z.object({
    date: z.string().refine(isCalendarDay, 'a day as YYYY-MM-DD'),
    ingest_file: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'a file name beside the manifest (no folders)'),
    source_url: z.url(),
    source_title: z.string().min(1),
    coverage: z.string().min(1),
    downloads: z.string().min(1).optional(),
  }),
});

/** What a Hub snapshot ingested from the bundled listing is labelled with. */
export interface HubListingLabel {
  /** The file `omo ingest hub` reads (a snapshot's source names it). */
  file: string;
  /** The day the counts were read. */
  date: string;
  title: string;
  url: string;
  /** What the listing covers, in words ("partial: 1,821 models …"). */
  coverage: string;
  /** True unless the listing is the whole Hub: `coverage` starts with "partial". */
  partial: boolean;
  /** What the download counts are (e.g. the last 30 days). */
  downloads: string | null;
}

/** The label of the listing under `boardsDir` (`hub-listing/listing.toml`), or null when there is none. */
export function readHubListingLabel(boardsDir: string): HubListingLabel | null {
  const file = path.join(boardsDir, 'hub-listing', 'listing.toml');
  if (!existsSync(file)) return null;
  const { listing } = readToml(file, 'boards/hub-listing/listing.toml', ListingFile);
  return {
    file: listing.ingest_file,
    date: listing.date,
    title: listing.source_title,
    url: listing.source_url,
    coverage: listing.coverage,
    partial: /^partial\b/i.test(listing.coverage),
    downloads: listing.downloads ?? null,
  };
}
