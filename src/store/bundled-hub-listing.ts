import path from 'node:path';
import { readHubListingLabel } from '../boards/hub-listing.ts';
import type { Deps } from './deps.ts';
import { ingestHub } from './hub-ingest.ts';

// The real Hub listing bundled with the package (`boards/hub-listing/listing.toml`, beside the JSON Lines it names)
// becomes the first Hub snapshot of a store that holds none, stamped with the day its counts were read; its source is
// the listing's file, by which `/api/hub/snapshots` recognises it and shows its label (a partial listing says so). A
// store with snapshots of its own keeps them alone.

/**
 * Ingests the bundled listing under `boardsDir` as the store's first Hub snapshot when the store holds none; returns
 * what it ingested (null when the store had snapshots, or there is no listing).
 */
export async function ensureHubListing(
  deps: Pick<Deps, 'store' | 'hub'>,
  boardsDir: string,
): Promise<{ models: number; date: string } | null> {
  const listing = readHubListingLabel(boardsDir);
  if (!listing || (await deps.hub.snapshots()).length > 0) return null;
  const r = await ingestHub(deps.store, {
    input: path.join(boardsDir, 'hub-listing', listing.file),
    at: new Date(`${listing.date}T00:00:00Z`),
  });
  return { models: r.snapshot.models, date: listing.date };
}
