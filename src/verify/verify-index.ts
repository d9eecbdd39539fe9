import type { Model } from '../domain/model.ts';
import type { Organization } from '../domain/organization.ts';
import { type AliasIndex, buildAliasIndex, foldName } from './alias-index.ts';
import type { VerifyCatalog, VerifyLicense } from './verify-catalog.ts';

/** Everything `verifyText` reads, built once per catalog version (see `verifyIndexFor`). */
export interface VerifyIndex {
  version: string;
  aliases: AliasIndex;
  models: Map<string, Model>;
  orgs: Map<string, Organization>;
  licenses: Map<string, VerifyLicense>;
  /** Licence names and ids, folded, longest first, with the licence id they name. */
  licenseKeys: [string, string][];
  /** Benchmark names of the catalog as one pattern over lower-cased text (spaces and hyphens optional). */
  benchmarkPattern: RegExp | null;
  /** Folded benchmark name → the catalog's spelling. */
  benchmarks: Map<string, string>;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function buildVerifyIndex(catalog: VerifyCatalog): VerifyIndex {
  const benchmarks = new Map<string, string>();
  for (const m of catalog.models)
    for (const b of m.benchmarks) benchmarks.set(foldName(b.benchmark), b.benchmark);
  const names = [...new Set([...benchmarks.values()])].sort(
    (a, b) => b.length - a.length || a.localeCompare(b),
  );
  const benchmarkPattern = names.length
    ? new RegExp(
        `(?<![\\p{L}\\d])(?:${names
          .map((n) =>
            n
              .toLowerCase()
              .split(/[\s-]+/)
              .map(escapeRegExp)
              .join('[\\s-]?'),
          )
          .join('|')})(?![\\p{L}\\d])`,
        'gu',
      )
    : null;
  const licenseKeys: [string, string][] = [];
  for (const l of catalog.licenses) {
    licenseKeys.push([foldName(l.id), l.id], [foldName(l.name), l.id]);
    const short = l.name.replace(/\s+(?:license|licence)(?:\s+agreement)?$/i, '');
    if (short !== l.name && short.length >= 3) licenseKeys.push([foldName(short), l.id]);
  }
  licenseKeys.sort((a, b) => b[0].length - a[0].length || a[0].localeCompare(b[0]));
  return {
    version: catalog.version,
    aliases: buildAliasIndex(catalog),
    models: new Map(catalog.models.map((m) => [m.id, m])),
    orgs: new Map(catalog.orgs.map((o) => [o.id, o])),
    licenses: new Map(catalog.licenses.map((l) => [l.id, l])),
    licenseKeys: licenseKeys.filter(([k]) => k.length >= 3),
    benchmarkPattern,
    benchmarks,
  };
}

let cached: VerifyIndex | null = null;

/** The index of a catalog version, built once and kept while the catalog hash stays the same. */
export function verifyIndexFor(version: string, read: () => VerifyCatalog): VerifyIndex {
  if (cached?.version === version) return cached;
  cached = buildVerifyIndex(read());
  return cached;
}

/** Whether the index of `version` is built already (the caller need not read the catalog). */
export function cachedVerifyIndex(version: string): VerifyIndex | null {
  return cached?.version === version ? cached : null;
}
