import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { BoardName } from '../domain/board-name.ts';
import type { CatalogFreshness } from '../domain/catalog-freshness.ts';
import { CatalogError, type CatalogIssue } from '../domain/errors.ts';
import type { License } from '../domain/license.ts';
import type { Model } from '../domain/model.ts';
import type { Organization } from '../domain/organization.ts';
import { buildModel } from './build-model.ts';
import { buildOrganizations } from './build-organizations.ts';
import { catalogFreshness } from './catalog-freshness.ts';
import { catalogHash } from './catalog-hash.ts';
import { catalogReader } from './catalog-reader.ts';
import { checkNames } from './check-names.ts';
import { type Adoption, readAdoption } from './read-adoption.ts';
import { readBoardNames } from './read-board-names.ts';
import { readLicenses, readOrgAndModelFiles } from './read-catalog-files.ts';

export interface Catalog {
  /** Absolute path of the catalog folder. */
  dir: string;
  /** sha256 over every file in the catalog folder (`catalogHash`): a changed file changes it. */
  hash: string;
  licenses: License[];
  organizations: Organization[];
  models: Model[];
  /** The reviewed resolution of leaderboard names (`board-names.toml`). */
  boardNames: BoardName[];
  /** Published adoption figures (`adoption.toml`) and the families they name. */
  adoption: Adoption;
  /** The newest release it records and when its sources were read. */
  freshness: CatalogFreshness;
  /** Problems that do not block loading, e.g. a stated parameter count more than 2% off the computed one. */
  warnings: CatalogIssue[];
}

/**
 * Reads and validates a catalog folder: `licenses.toml`, `<org>/org.toml`, `<org>/models/<slug>.toml`. Collects
 * every problem (file-level and cross-file) and throws one CatalogError listing them all.
 *
 * The steps, in order: read and validate each file
 * against its schema, build the organisations, build each model (its config counted and its counts checked
 * against the convention), then the rules across models (names and base models), then `board-names.toml`.
 */
export function loadCatalog(dir: string): Catalog {
  const root = path.resolve(dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    const label = path.basename(root);
    throw new CatalogError([{ file: label, field: '', message: `catalog folder not found: ${root}` }]);
  }
  // Hashed before reading, as the freshness check hashes (`catalogHash`): a file changed while loading leaves a
  // hash that no longer matches, so the next run reloads.
  const hash = catalogHash(root) ?? '';
  const reader = catalogReader(root);
  const licenses = readLicenses(reader);
  const { orgFiles, modelFiles } = readOrgAndModelFiles(reader);
  const organizations = buildOrganizations(reader, orgFiles);
  const seenIds = new Map<string, string>();
  const models = modelFiles.map((entry) => buildModel(reader, entry, { organizations, licenses, seenIds }));
  checkNames(reader, models, modelFiles);
  const boardNames = readBoardNames(reader, models, organizations);
  const adoption = readAdoption(reader, organizations, models);
  if (reader.issues.length > 0) throw new CatalogError(reader.issues);
  const orgList = [...organizations.values()];
  return {
    dir: root,
    warnings: reader.warnings,
    hash,
    licenses: [...licenses.values()],
    organizations: orgList,
    models: models.sort((a, b) => a.id.localeCompare(b.id)),
    boardNames,
    adoption,
    freshness: catalogFreshness(models, orgList),
  };
}
