import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { License } from '../domain/license.ts';
import { LicensesFile, ModelFile, OrgFile } from './catalog-files.ts';
import type { CatalogReader, ParsedFile } from './catalog-reader.ts';

export interface ModelFileEntry {
  /** The organisation folder the file sits in. */
  org: string;
  /** The file name without `.toml`. */
  slug: string;
  parsed: ParsedFile<ModelFile>;
}

/** `licenses.toml` as licences keyed by their lower-cased id. */
export function readLicenses(reader: CatalogReader): Map<string, License> {
  const licenses = new Map<string, License>();
  const licensesPath = path.join(reader.root, 'licenses.toml');
  if (!existsSync(licensesPath)) {
    reader.issues.push({ file: reader.rel(licensesPath), field: '', message: 'file is missing' });
    return licenses;
  }
  const parsed = reader.parseFile(licensesPath, LicensesFile);
  for (const [id, l] of Object.entries(parsed?.data ?? {})) {
    licenses.set(id.toLowerCase(), {
      id,
      name: l.name,
      class: l.class,
      spdx: l.spdx,
      ...(l.url ? { url: l.url } : {}),
      ...(l.notes ? { notes: l.notes } : {}),
    });
  }
  return licenses;
}

/**
 * Every `<org>/org.toml` and `<org>/models/*.toml`, in name order (so the catalog hash does not depend on the
 * file system's order). Files that fail their schema are reported and left out.
 */
export function readOrgAndModelFiles(reader: CatalogReader): {
  orgFiles: Map<string, ParsedFile<OrgFile>>;
  modelFiles: ModelFileEntry[];
} {
  const orgFiles = new Map<string, ParsedFile<OrgFile>>();
  const modelFiles: ModelFileEntry[] = [];
  const entries = readdirSync(reader.root, { withFileTypes: true }).sort((a, b) =>
    a.name.localeCompare(b.name),
  );
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const orgDir = path.join(reader.root, entry.name);
    const orgId = entry.name;
    if (!/^[a-z0-9][a-z0-9-]*$/.test(orgId)) {
      reader.issues.push({
        file: reader.rel(orgDir),
        field: '',
        message: 'organisation folder names are lower-case ids (a-z, 0-9, -)',
      });
      continue;
    }
    const orgPath = path.join(orgDir, 'org.toml');
    if (!existsSync(orgPath))
      reader.issues.push({ file: reader.rel(orgPath), field: '', message: 'file is missing' });
    else {
      const parsed = reader.parseFile(orgPath, OrgFile);
      if (parsed) orgFiles.set(orgId, parsed);
    }
    modelFiles.push(...readModelFiles(reader, orgId, path.join(orgDir, 'models')));
  }
  return { orgFiles, modelFiles };
}

function readModelFiles(reader: CatalogReader, org: string, modelsDir: string): ModelFileEntry[] {
  if (!existsSync(modelsDir)) return [];
  const out: ModelFileEntry[] = [];
  for (const name of readdirSync(modelsDir).sort()) {
    const abs = path.join(modelsDir, name);
    if (!name.endsWith('.toml')) {
      reader.issues.push({
        file: reader.rel(abs),
        field: '',
        message: 'only .toml files belong in a models folder',
      });
      continue;
    }
    const parsed = reader.parseFile(abs, ModelFile);
    if (parsed) out.push({ org, slug: name.slice(0, -'.toml'.length), parsed });
  }
  return out;
}
