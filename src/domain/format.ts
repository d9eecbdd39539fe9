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

/** Large figures such as training FLOPs in scientific notation: 3.3e24 → "3.3e24". */
export function scientific(n: number): string {
  const [mantissa, exponent] = n.toExponential(2).split('e');
  return `${Number(mantissa)}e${Number(exponent)}`;
}
