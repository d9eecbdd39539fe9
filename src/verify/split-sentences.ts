/**
 * Sentences of the prepared text as UTF-16 ranges, trimmed: ends at 。！？!? and ।॥, at "." before a space or
 * the end (not in "2.5", "e.g. x" or "U.S."), and at line breaks.
 */
export function splitSentences(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let start = 0;
  const push = (end: number) => {
    let s = start;
    let e = end;
    while (s < e && /\s/.test(text[s] as string)) s++;
    while (e > s && /\s/.test(text[e - 1] as string)) e--;
    if (e > s) out.push({ start: s, end: e });
    start = end;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n' || c === '\r') {
      // A short label line without final punctuation ("Release date", "Дата выпуска") goes with the next line.
      const line = text.slice(start, i).trim();
      const label =
        line.length > 0 &&
        line.length <= 40 &&
        line.split(/\s+/).length <= 4 &&
        !/[.!?。！？।:;]$/.test(line);
      if (label && text[i + 1] !== '\n' && text[i + 1] !== '\r') continue;
      push(i + 1);
    } else if (c === '。' || c === '！' || c === '？' || c === '।' || c === '॥' || c === '；') {
      push(i + 1);
    } else if (c === '!' || c === '?') {
      if (/\s|$/.test(text[i + 1] ?? '') || /[\u3400-\u9fff]/.test(text[i + 1] ?? '')) push(i + 1);
    } else if (c === '.') {
      const next = text[i + 1];
      if (next !== undefined && !/\s/.test(next) && !/["'”’»)\]]/.test(next)) continue;
      // "e.g. ", "U.S. ", "Inc. ", "Jan. 20": an abbreviation, unless a capital follows after it ends.
      const word = /(?:^|[\s(])([\p{L}.]{1,5})$/u.exec(text.slice(Math.max(0, i - 6), i))?.[1] ?? '';
      if (
        /^(?:e\.g|i\.e|etc|vs|mr|ms|dr|inc|ltd|co|no|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|u\.s|u\.k|approx|ca|ст|г|млрд|млн|трлн|тыс|т\.е|т\.д|т\.к)$/i.test(
          word,
        )
      )
        continue;
      if (/^\p{Lu}$/u.test(word)) continue;
      push(i + 1);
    }
  }
  push(text.length);
  return out;
}
