export { gib, humanCount, scientific } from '../domain/format.ts';

/** Plain-text table; cells are strings, widths fit the content. Control characters in data are shown escaped. */
export function renderTable(headers: string[], rows: string[][]): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what this escapes
  const clean = (s: string) => s.replace(/[\u0000-\u001f\u007f-\u009f]/g, hexEscape);
  const body = rows.map((r) => r.map(clean));
  const widths = headers.map((h, i) =>
    Math.max(displayWidth(h), ...body.map((r) => displayWidth(r[i] ?? ''))),
  );
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c + ' '.repeat(Math.max(0, (widths[i] ?? 0) - displayWidth(c))))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

/** Columns a string takes in a terminal: CJK and full-width characters take two. */
function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    w +=
      (cp >= 0x1100 && cp <= 0x115f) ||
      (cp >= 0x2e80 && cp <= 0xa4cf) ||
      (cp >= 0xac00 && cp <= 0xd7a3) ||
      (cp >= 0xf900 && cp <= 0xfaff) ||
      (cp >= 0xfe30 && cp <= 0xfe4f) ||
      (cp >= 0xff00 && cp <= 0xff60) ||
      (cp >= 0xffe0 && cp <= 0xffe6) ||
      (cp >= 0x20000 && cp <= 0x3fffd)
        ? 2
        : 1;
  }
  return w;
}

/** `\x1b` for ESC: how a control character from data is shown. */
function hexEscape(ch: string): string {
  return `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`;
}

// C0 controls but newline and tab, DEL and the C1 controls (U+0080–U+009F, which some terminals obey as well).
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what this escapes
const TERMINAL_CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * Text safe to print on a terminal: control characters (from a Hub dump, a catalog, a file name) are shown escaped
 * (ESC as `\x1b`, BEL as `\x07`) so that data can never move the cursor, retitle the window or ring the bell.
 * Newlines and tabs are kept: they are the output's own layout.
 */
export function terminalSafe(text: string): string {
  return text.replace(TERMINAL_CONTROLS, hexEscape);
}

/** Writes human-readable output to standard output, control characters escaped ({@link terminalSafe}). */
export function writeOut(text: string): void {
  process.stdout.write(terminalSafe(text));
}

/** Writes a message to standard error, control characters escaped ({@link terminalSafe}). */
export function writeErr(text: string): void {
  process.stderr.write(terminalSafe(text));
}

/** JSON on standard output. JSON.stringify escapes C0 controls; the C1 ones are escaped here (`\u009b`), same value. */
export function printJson(value: unknown): void {
  process.stdout.write(
    `${JSON.stringify(value, null, 2).replace(/[\u0080-\u009f]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n`,
  );
}
