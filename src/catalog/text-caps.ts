/** Longest prose a catalog field may hold (notes, descriptions), in characters. */
const PROSE_CAP = 10_000;
/** Longest URL or source title. */
const LINK_CAP = 2_048;
/** Longest name, id, alias or other short text. */
const TEXT_CAP = 200;

const PROSE_KEYS = new Set(['notes', 'note', 'description', 'architecture_detail']);
const LINK_KEYS = new Set(['url', 'website', 'title']);

/** The cap of a field, by its key: prose, links, or short text. */
function textCap(key: string): number {
  return PROSE_KEYS.has(key) ? PROSE_CAP : LINK_KEYS.has(key) ? LINK_CAP : TEXT_CAP;
}

/** Every string of a parsed TOML value longer than its field's cap, with its path and length. */
export function overlongText(
  value: unknown,
  path: PropertyKey[] = [],
  key = '',
): { path: PropertyKey[]; length: number; cap: number }[] {
  if (typeof value === 'string') {
    const cap = textCap(key);
    return value.length > cap ? [{ path, length: value.length, cap }] : [];
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => overlongText(v, [...path, i], key));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => overlongText(v, [...path, k], k));
  }
  return [];
}
