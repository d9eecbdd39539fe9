import type { Candidate } from './closest-names.ts';

// Country filter values: ISO 3166-1 alpha-2 codes in any case, or English names (`China`, `United States`, `UK`).
// The names come from the runtime's own CLDR data (Intl.DisplayNames) rather than a list kept here.

/** Common names that are neither a code nor CLDR's English short name. */
const ALSO_CALLED: Record<string, readonly string[]> = {
  US: ['USA', 'United States of America', 'America'],
  GB: ['UK', 'Great Britain', 'Britain'],
  AE: ['UAE'],
  KR: ['Korea', 'Republic of Korea'],
  RU: ['Russian Federation'],
  CZ: ['Czech Republic'],
};

let candidates: Candidate[] | null = null;

/** Every region CLDR names with a two-letter code, each answering to its code, English name and common names. */
export function countryCandidates(): readonly Candidate[] {
  if (candidates) return candidates;
  const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
  const out: Candidate[] = [];
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      const name = code === 'ZZ' ? undefined : names.of(code); // ZZ is CLDR's "Unknown Region"
      if (name) out.push({ value: code, names: [code, name, ...(ALSO_CALLED[code] ?? [])] });
    }
  }
  candidates = out;
  return out;
}

/** Whether `code` is a two-letter region code CLDR names (`XX` and `ZZ` are not). */
export function isCountryCode(code: string): boolean {
  return countryCandidates().some((c) => c.value === code);
}
