import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readHubListingLabel } from '../src/boards/hub-listing.ts';
import { ensureHubListing } from '../src/store/bundled-hub-listing.ts';
import { createDeps, type Deps, ensureCatalog } from '../src/store/deps.ts';
import { ingestHub } from '../src/store/hub-ingest.ts';
import { MINI_CATALOG } from './helpers/catalog-fixture.ts';
import { storeTargets } from './helpers/targets.ts';

// The bundled Hub listing becomes a store's first Hub snapshot, labelled with its coverage and source; a store with
// snapshots of its own keeps them alone.

const AUGUST_DUMP = fileURLToPath(new URL('./fixtures/hub/models-2025-08.jsonl', import.meta.url));
const BUNDLED = fileURLToPath(new URL('../boards', import.meta.url));

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'omo-listing-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A boards folder of its own whose listing is `listing.toml` with `fields` over good defaults, and the fixture dump. */
function listingDir(name: string, fields: Record<string, string> = {}): string {
  const d = path.join(dir, name, 'hub-listing');
  mkdirSync(d, { recursive: true });
  copyFileSync(AUGUST_DUMP, path.join(d, 'models.jsonl'));
  const all = {
    date: '2025-08-02',
    ingest_file: '"models.jsonl"',
    coverage: '"partial: the test fixture\'s models."',
    source_title: '"A test listing"',
    source_url: '"https://example.org/listing"',
    ...fields,
  };
  writeFileSync(
    path.join(d, 'listing.toml'),
    `[listing]\n${Object.entries(all)
      .map(([k, v]) => `${k} = ${v}`)
      .join('\n')}\n`,
  );
  return path.dirname(d);
}

describe('the bundled listing file', () => {
  it.runIf(readHubListingLabel(BUNDLED) !== null)('reads, says it is partial, and its dump exists', () => {
    const listing = readHubListingLabel(BUNDLED);
    expect(listing?.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(listing?.partial).toBe(true);
    expect(listing?.url).toMatch(/^https:\/\/github\.com\//);
    expect(existsSync(path.join(BUNDLED, 'hub-listing', listing?.file ?? ''))).toBe(true);
  });

  it('refuses a listing without a day or a coverage, naming the file and the field', () => {
    expect(() => readHubListingLabel(listingDir('no-date', { date: '"soon"' }))).toThrow(
      'boards/hub-listing/listing.toml: listing.date: a day as YYYY-MM-DD',
    );
    expect(() => readHubListingLabel(listingDir('no-coverage', { coverage: '""' }))).toThrow(
      /boards\/hub-listing\/listing\.toml: listing\.coverage: /,
    );
  });
});

describe.each(storeTargets)('ensureHubListing on $name', (target) => {
  let deps: Deps;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const created = await target.create();
    drop = created.drop;
    deps = createDeps({ url: created.url, catalogDir: MINI_CATALOG });
    await ensureCatalog(deps);
  });
  afterAll(async () => {
    await deps.store.close();
    await drop();
  });

  it('ingests the listing into a store without Hub snapshots, once, stamped with its day and labelled', async () => {
    const d = listingDir(`ok-${target.name}`);
    expect(await ensureHubListing(deps, d)).toEqual({ models: expect.any(Number), date: '2025-08-02' });
    const snapshots = await deps.hub.snapshots();
    expect(snapshots).toHaveLength(1);
    expect(snapshots[0]?.takenAt.slice(0, 10)).toBe('2025-08-02');
    // The source names the listing's file, by which /api/hub/snapshots shows the listing's label.
    expect(path.basename(snapshots[0]?.source ?? '')).toBe(readHubListingLabel(d)?.file);
    expect(snapshots[0]?.models).toBeGreaterThan(0);
    expect(await ensureHubListing(deps, d)).toBeNull();
    expect(await deps.hub.snapshots()).toHaveLength(1);
  });

  it('leaves a store with snapshots of its own alone', async () => {
    const created = await target.create();
    const own = createDeps({ url: created.url, catalogDir: MINI_CATALOG });
    try {
      await ensureCatalog(own);
      await ingestHub(own.store, {
        input: AUGUST_DUMP,
        at: new Date('2025-09-01T00:00:00Z'),
        skipInvalid: true,
      });
      const before = await own.hub.snapshots();
      expect(await ensureHubListing(own, listingDir(`other-${target.name}`))).toBeNull();
      expect(await own.hub.snapshots()).toEqual(before);
      expect(before.map((s) => s.takenAt.slice(0, 10))).toEqual(['2025-09-01']);
    } finally {
      await own.store.close();
      await created.drop();
    }
  });
});
