import type { Model } from '../domain/model.ts';
import type { Organization } from '../domain/organization.ts';
import { type AliasIndex, buildAliasIndex, foldName } from './alias-index.ts';
import type { VerifyCatalog, VerifyLicense } from './verify-catalog.ts';

/** Everything `verifyText` reads, built once per catalog version (see `readVerifyIndex`). */
export interface VerifyIndex {
  version: string;
  aliases: AliasIndex;
  models: Map<string, Model>;
  orgs: Map<string, Organization>;
  licenses: Map<string, VerifyLicense>;
  /** Licence names and ids as patterns over lower-cased text, longest first, with the licence id they name. */
  licenseKeys: [RegExp, string][];
  /** Benchmark names of the catalog as one pattern over lower-cased text (spaces and hyphens optional). */
  benchmarkPattern: RegExp | null;
  /** Folded benchmark name → the catalog's spelling. */
  benchmarks: Map<string, string>;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Licences articles name that a catalog may not list (yet): recognised so that a wrong one is caught. */
const COMMON_LICENCES: [string, string][] = [
  ['Apache 2.0', 'Apache-2.0'],
  ['Apache', 'Apache-2.0'],
  ['MIT', 'MIT'],
  ['GPL-3.0', 'GPL-3.0'],
  ['GPLv3', 'GPL-3.0'],
  ['CC BY-NC 4.0', 'CC-BY-NC-4.0'],
  ['CC-BY-4.0', 'CC-BY-4.0'],
  ['BSD-3-Clause', 'BSD-3-Clause'],
];

/** A name as a pattern over lower-cased text: spaces and hyphens optional, not inside a word. */
function namePattern(name: string, flags: string): RegExp {
  const body = name
    .toLowerCase()
    .split(/[\s-]+/)
    .map(escapeRegExp)
    .join('[\\s-]?');
  return new RegExp(`(?<![\\p{L}\\d])${body}(?![\\p{L}\\d])`, `u${flags}`);
}

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
  const licenseNames: [string, string][] = [...COMMON_LICENCES];
  for (const l of catalog.licenses) {
    licenseNames.push([l.id, l.id], [l.name, l.id]);
    const short = l.name.replace(/\s+(?:license|licence)(?:\s+agreement)?$/i, '');
    if (short !== l.name && short.length >= 3) licenseNames.push([short, l.id]);
  }
  const licenseKeys = licenseNames
    .filter(([name]) => name.length >= 3)
    .sort((a, b) => b[0].length - a[0].length || a[0].localeCompare(b[0]))
    .map(([name, id]): [RegExp, string] => [namePattern(name, ''), id]);
  return {
    version: catalog.version,
    aliases: buildAliasIndex(catalog),
    models: new Map(catalog.models.map((m) => [m.id, m])),
    orgs: new Map(catalog.orgs.map((o) => [o.id, o])),
    licenses: new Map(catalog.licenses.map((l) => [l.id, l])),
    licenseKeys,
    benchmarkPattern,
    benchmarks,
  };
}

let cached: VerifyIndex | null = null;

/** Keeps the index of one catalog version (the newest asked for) for the next verification. */
export function rememberVerifyIndex(index: VerifyIndex): VerifyIndex {
  cached = index;
  return index;
}

/** The kept index when it is the one of `version`. */
export function cachedVerifyIndex(version: string): VerifyIndex | null {
  return cached?.version === version ? cached : null;
}
