/**
 * Best-effort line number (1-based) of a field in TOML text, so errors point at the line to fix. Handles top-level
 * keys, `[table]` keys and the n-th `[[array]]` table; returns undefined when unsure.
 */
export function findLine(text: string, path: readonly PropertyKey[]): number | undefined {
  const lines = text.split('\n');
  const keyLine = (key: string, from: number, to = lines.length): number | undefined => {
    const re = new RegExp(`^\\s*(?:${escapeRegExp(key)}|"${escapeRegExp(key)}")\\s*=`);
    for (let i = from; i < to; i++) if (re.test(lines[i] ?? '')) return i;
    return undefined;
  };
  const headerLine = (name: string, nth: number, array: boolean): number | undefined => {
    const re = array
      ? new RegExp(`^\\s*\\[\\[\\s*${escapeRegExp(name)}\\s*\\]\\]`)
      : new RegExp(`^\\s*\\[\\s*${escapeRegExp(name)}\\s*\\]`);
    let seen = -1;
    for (let i = 0; i < lines.length; i++) if (re.test(lines[i] ?? '') && ++seen === nth) return i;
    return undefined;
  };
  const nextHeader = (from: number): number => {
    for (let i = from + 1; i < lines.length; i++) if (/^\s*\[/.test(lines[i] ?? '')) return i;
    return lines.length;
  };
  const [first, second, third] = path;
  if (typeof first !== 'string') return undefined;
  const firstHeader = lines.findIndex((l) => /^\s*\[/.test(l));
  const topEnd = firstHeader === -1 ? lines.length : firstHeader;
  let found: number | undefined;
  if (typeof second === 'number') {
    const header = headerLine(first, second, true);
    if (header !== undefined) {
      found = typeof third === 'string' ? (keyLine(third, header + 1, nextHeader(header)) ?? header) : header;
    } else found = keyLine(first, 0, topEnd);
  } else if (typeof second === 'string') {
    const header = headerLine(first, 0, false);
    found =
      header !== undefined
        ? (keyLine(second, header + 1, nextHeader(header)) ?? header)
        : keyLine(first, 0, topEnd);
  } else {
    found = keyLine(first, 0, topEnd);
  }
  return found === undefined ? undefined : found + 1;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
