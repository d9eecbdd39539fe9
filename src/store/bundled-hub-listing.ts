import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { CatalogError } from '../domain/errors.ts';
import type { Deps } from './deps.ts';
import { ingestHub } from './hub-ingest.ts';

// The real Hub listing bundled with the package (`boards/hub-listing/listing.toml`, beside the JSON Lines it names):
// a partial one, so wherever it is shown its coverage goes with it. A store that holds no Hub snapshot gets it as
// its first snapshot, stamped with the day the counts were read; a store with snapshots of its own keeps them alone.

export interface HubListing {
  /** The day the download counts were read (YYYY-MM-DD). */
  date: string;
  /** The JSON Lines of /api/models items that `omo ingest hub` reads. */
  file: string;
  /** What a snapshot of it says it is: "bundled Hub listing, partial: …; source". */
  label: string;
}

/** The bundled listing described by `<dir>/listing.toml`, or null when there is none. Errors name the file and field. */
export function readHubListing(dir: string): HubListing | null {
  const file = path.join(dir, 'listing.toml');
  if (!existsSync(file)) return null;
  const shown = path.join(path.basename(path.dirname(path.resolve(dir))), path.basename(dir), 'listing.toml');
  const fail = (field: string, message: string) => new CatalogError([{ file: shown, field, message }]);
  let doc: unknown;
  try {
    doc = parseToml(readFileSync(file, 'utf8'));
  } catch (e) {
    throw fail('', `invalid TOML: ${(e as Error).message.split('\n')[0]}`);
  }
  const listing = (doc as { listing?: Record<string, unknown> }).listing ?? {};
  const text = (field: string): string => {
    const v = listing[field];
    if (typeof v !== 'string' || v.trim() === '')
      throw fail(`listing.${field}`, 'must be a non-empty string');
    return v.trim();
  };
  const date = listing.date;
  const day =
    date instanceof Date && !Number.isNaN(date.getTime())
      ? date.toISOString().slice(0, 10)
      : typeof date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(date)
        ? date
        : null;
  if (!day) throw fail('listing.date', 'must be a date (YYYY-MM-DD)');
  const data = path.join(dir, text('ingest_file'));
  if (!existsSync(data)) throw fail('listing.ingest_file', `${text('ingest_file')} is missing`);
  return {
    date: day,
    file: data,
    label: `bundled Hub listing, ${text('coverage')} Source: ${text('source_title')}, ${text('source_url')}`,
  };
}

/**
 * Ingests the bundled listing as the store's first Hub snapshot when the store holds none; returns what it ingested
 * (null when the store had snapshots, or there is no listing).
 */
export async function ensureHubListing(
  deps: Pick<Deps, 'store' | 'hub'>,
  dir: string,
): Promise<{ models: number; date: string } | null> {
  const listing = readHubListing(dir);
  if (!listing || (await deps.hub.snapshots()).length > 0) return null;
  const r = await ingestHub(deps.store, {
    input: listing.file,
    at: new Date(`${listing.date}T00:00:00Z`),
    source: listing.label,
  });
  return { models: r.snapshot.models, date: listing.date };
}
