import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureHubListing, readHubListing } from '../src/store/bundled-hub-listing.ts';
import { createDeps, type Deps, ensureCatalog } from '../src/store/deps.ts';
import { ingestHub } from '../src/store/hub-ingest.ts';
import { MINI_CATALOG } from './helpers/catalog-fixture.ts';
import { storeTargets } from './helpers/targets.ts';

// The bundled Hub listing becomes a store's first Hub snapshot, labelled with its coverage and source; a store with
// snapshots of its own keeps them alone.

const AUGUST_DUMP = fileURLToPath(new URL('./fixtures/hub/models-2025-08.jsonl', import.meta.url));
const BUNDLED = fileURLToPath(new URL('../boards/hub-listing', import.meta.url));

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'omo-listing-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A listing folder of its own: `listing.toml` with `fields` over good defaults, and the fixture dump. */
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
  return d;
}

describe('the bundled listing file', () => {
  it.runIf(readHubListing(BUNDLED) !== null)(
    'reads, names its coverage as partial, and its dump exists',
    () => {
      const listing = readHubListing(BUNDLED);
      expect(listing?.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(listing?.label).toMatch(/^bundled Hub listing, partial: /);
      expect(listing?.label).toContain('https://github.com/');
    },
  );

  it('refuses a listing without a date or with a missing dump, naming the file and the field', () => {
    expect(() => readHubListing(listingDir('no-date', { date: '"soon"' }))).toThrow(
      /no-date\/hub-listing\/listing\.toml.*listing\.date.*must be a date/s,
    );
    expect(() => readHubListing(listingDir('no-file', { ingest_file: '"gone.jsonl"' }))).toThrow(
      /listing\.ingest_file.*gone\.jsonl is missing/s,
    );
    expect(() => readHubListing(listingDir('no-coverage', { coverage: '""' }))).toThrow(
      /listing\.coverage.*must be a non-empty string/s,
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
    expect(snapshots[0]?.source).toBe(
      "bundled Hub listing, partial: the test fixture's models. Source: A test listing, https://example.org/listing",
    );
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
