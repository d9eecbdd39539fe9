// Number formatting shared by the CLI and the dashboard.

/** 671000000000 → "671B", 32500000000 → "32.5B", 494000000 → "494M". */
export function humanCount(n: number | null | undefined): string {
  if (n === null || n === undefined) return '';
  const units: [number, string][] = [
    [1e12, 'T'],
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'K'],
  ];
  for (const [size, unit] of units) {
    if (Math.abs(n) >= size) {
      const v = n / size;
      return `${v >= 100 ? v.toFixed(0) : Number(v.toPrecision(3))}${unit}`;
    }
  }
  return String(n);
}

/** Bytes as GiB with one decimal. */
export function gib(bytes: number): string {
  return `${(bytes / 2 ** 30).toFixed(1)} GiB`;
}

/** 0.0484 → "4.8%". */
export function percent(x: number, digits = 1): string {
  return `${(100 * x).toFixed(digits)}%`;
}

const TWO_DIGITS = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const THREE_DIGITS = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
const DAY_MS = 86_400_000;
const dayText = new Map<number, string>();

/**
 * A time in milliseconds since the epoch as `toISOString` writes it (null for NaN), from a per-day cache and digit
 * tables: writing a Hub snapshot formats a million of these, and a Date per value is most of that cost.
 */
export function isoTime(ms: number): string | null {
  if (Number.isNaN(ms)) return null;
  const day = Math.floor(ms / DAY_MS);
  let date = dayText.get(day);
  if (date === undefined) {
    date = new Date(day * DAY_MS).toISOString().slice(0, 11);
    if (date.length !== 11 || !date.endsWith('T')) return new Date(ms).toISOString(); // 5-digit or negative years
    if (dayText.size > 100_000) dayText.clear();
    dayText.set(day, date);
  }
  let rest = ms - day * DAY_MS;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const s = Math.floor(rest / 1000);
  return `${date}${TWO_DIGITS[h]}:${TWO_DIGITS[m]}:${TWO_DIGITS[s]}.${THREE_DIGITS[rest - s * 1000]}Z`;
}
