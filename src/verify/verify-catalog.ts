import type { Model } from '../domain/model.ts';
import type { Organization } from '../domain/organization.ts';

/** A licence as the verifier reads it. */
export interface VerifyLicense {
  id: string;
  name: string;
  class: string;
  url: string | null;
}

/**
 * What the verifier reads of the catalog: one consistent version of it (`version` is the catalog hash the store
 * holds), read inside one snapshot.
 */
export interface VerifyCatalog {
  version: string;
  models: Model[];
  orgs: Organization[];
  licenses: VerifyLicense[];
}

/** The family id of a catalog `family` value: `family:` and the value lower-cased, non-alphanumerics as `-`. */
export function familySlug(family: string): string {
  return family
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * The families of the catalog by slug, each with its member model ids. A line's base name ("Qwen" for Qwen2.5,
 * Qwen3, …; "Llama" for Llama 3.1, Llama 4) is a family too: its members are those of every family of the line.
 */
export function familyMembers(models: readonly Model[]): Map<string, { name: string; members: string[] }> {
  const out = new Map<string, { name: string; members: string[] }>();
  const add = (name: string, id: string) => {
    const slug = familySlug(name);
    if (!slug) return;
    const entry = out.get(slug) ?? { name, members: [] };
    if (!entry.members.includes(id)) entry.members.push(id);
    out.set(slug, entry);
  };
  for (const m of models) {
    if (!m.family) continue;
    add(m.family, m.id);
  }
  for (const m of models) {
    if (!m.family) continue;
    const base = familyBase(m.family);
    if (base) add(base, m.id);
  }
  for (const entry of out.values()) entry.members.sort();
  return out;
}

/** "Qwen2.5" → "Qwen", "Llama 3.1" → "Llama", "Wan2.1" → "Wan"; null when the name has no version to strip. */
export function familyBase(family: string): string | null {
  const m = /^([A-Za-z][A-Za-z]+?)[\s-]?v?\d+(?:\.\d+)*(?:$|[\s-])/.exec(family);
  if (!m?.[1] || m[1].length < 3) return null;
  return m[1];
}
