import { isCalendarDate } from '../domain/calendar-day.ts';

/** A date literal in TOML text that is not on the calendar (e.g. `2025-02-30`), with its 1-based line and key. */
export interface BadDate {
  text: string;
  line: number;
  /** The dotted key it is assigned to, with its table header, when one is on the line (e.g. `parameters.date`). */
  field: string;
}

/**
 * Finds the date literals of a TOML text that are not calendar dates. smol-toml hands such a date to `Date`, which
 * rolls it over (`2025-02-30` becomes 2025-03-02), so the text is checked itself: strings and comments are blanked
 * first, so a URL holding `2025-02-30` is not a date.
 */
export function findBadDates(text: string): BadDate[] {
  const lines = blankStringsAndComments(text).split('\n');
  const out: BadDate[] = [];
  let header = '';
  lines.forEach((line, i) => {
    const h = /^\s*\[\[?\s*([^\]]+?)\s*\]\]?/.exec(line);
    if (h?.[1]) header = h[1];
    for (const m of line.matchAll(/(?<![\w.-])(\d{4})-(\d{2})-(\d{2})(?![\d-])/g)) {
      if (isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]))) continue;
      const key = /^\s*([^=[]+?)\s*=/.exec(line)?.[1] ?? '';
      out.push({ text: m[0], line: i + 1, field: [header, key].filter(Boolean).join('.') });
    }
  });
  return out;
}

/** The text with the contents of strings and comments replaced by spaces (newlines kept, so lines still count). */
function blankStringsAndComments(text: string): string {
  let out = '';
  let i = 0;
  const blank = (s: string) => s.replace(/[^\n]/g, ' ');
  while (i < text.length) {
    const c = text[i];
    if (c === '#') {
      const end = text.indexOf('\n', i);
      const stop = end === -1 ? text.length : end;
      out += blank(text.slice(i, stop));
      i = stop;
    } else if (c === '"' || c === "'") {
      const quote = text.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
      let j = i + quote.length;
      while (j < text.length && !text.startsWith(quote, j)) {
        if (c === '"' && text[j] === '\\') j++;
        else if (quote.length === 1 && text[j] === '\n') break;
        j++;
      }
      const stop = Math.min(text.length, j + quote.length);
      out += blank(text.slice(i, stop));
      i = stop;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}
