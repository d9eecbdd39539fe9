import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { catalogCopy, MINI_CATALOG } from '../../test/helpers/catalog-fixture.ts';
import { catalogHash } from './catalog-hash.ts';
import { loadCatalog } from './load-catalog.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});
function copy(files: Record<string, string | null> = {}): string {
  const c = catalogCopy(files);
  cleanups.push(c.cleanup);
  return c.dir;
}

describe('catalogHash', () => {
  it('is the hash the loader gives the catalog, so a store loaded by either agrees with the freshness check', () => {
    expect(catalogHash(MINI_CATALOG)).toBe(loadCatalog(MINI_CATALOG).hash);
    expect(catalogHash(MINI_CATALOG)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes with any file the loader may read, config files in subfolders included', () => {
    const base = catalogHash(copy());
    expect(catalogHash(copy({ 'acme/configs/x/config.json': '{}' }))).not.toBe(base);
    expect(catalogHash(copy({ 'licenses.toml': null }))).not.toBe(base);
    const withModel = copy({ 'acme/models/extra.toml': 'id = "acme/extra"\n' });
    expect(catalogHash(withModel)).not.toBe(base);
    // The same bytes under another name are another catalog.
    expect(catalogHash(copy({ 'acme/models/extra2.toml': 'id = "acme/extra"\n' }))).not.toBe(
      catalogHash(withModel),
    );
  });

  it('ignores dot-files and where the folder is', () => {
    const base = catalogHash(copy());
    expect(catalogHash(copy({ '.DS_Store': 'x', 'acme/.swp': 'y' }))).toBe(base);
    const elsewhere = mkdtempSync(path.join(os.tmpdir(), 'omo-moved-'));
    cleanups.push(() => rmSync(elsewhere, { recursive: true, force: true }));
    cpSync(MINI_CATALOG, path.join(elsewhere, 'renamed'), { recursive: true });
    expect(catalogHash(path.join(elsewhere, 'renamed'))).toBe(base);
  });

  it('is null for a folder that does not exist (the loader then reports it)', () => {
    expect(catalogHash(path.join(os.tmpdir(), 'omo-no-such-catalog'))).toBeNull();
  });
});
