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

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this finds
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/**
 * Every string of a parsed TOML value holding a control character other than tab and line breaks (ESC, BEL, NUL…):
 * TOML's escapes let a file write them, and a name holding ESC would reach terminals and pages.
 */
export function controlText(value: unknown, path: PropertyKey[] = []): PropertyKey[][] {
  if (typeof value === 'string') return CONTROL.test(value) ? [path] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => controlText(v, [...path, i]));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => controlText(v, [...path, k]));
  return [];
}
