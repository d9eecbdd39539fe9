/**
 * Dates in the four languages, read on the prepared, lower-cased text: absolute ("January 20, 2025",
 * "2025年1月20日", "20 जनवरी 2025", "20 января 2025", "2025-01-20"), a month ("December 2024", "2024年12月"),
 * and relative ones ("last month", "上个月", "पिछले महीने", "в прошлом месяце", "at the start of the year")
 * resolved against the article's date. Each becomes the interval of days it names.
 */
export interface StatedDate {
  start: number;
  end: number;
  /** First and last day named, YYYY-MM-DD; null when a relative or year-less date has no article date. */
  from: string | null;
  to: string | null;
  precision: 'day' | 'month' | 'year' | 'period';
  /** How the text gives it: `absolute` or `relative`. */
  how: 'absolute' | 'relative';
}

const EN_MONTHS: [string, number][] = [
  ['january', 1],
  ['february', 2],
  ['march', 3],
  ['april', 4],
  ['may', 5],
  ['june', 6],
  ['july', 7],
  ['august', 8],
  ['september', 9],
  ['october', 10],
  ['november', 11],
  ['december', 12],
  ['jan', 1],
  ['feb', 2],
  ['mar', 3],
  ['apr', 4],
  ['jun', 6],
  ['jul', 7],
  ['aug', 8],
  ['sept', 9],
  ['sep', 9],
  ['oct', 10],
  ['nov', 11],
  ['dec', 12],
];
const HI_MONTHS: [string, number][] = [
  ['जनवरी', 1],
  ['फ़रवरी', 2],
  ['फ\u093cरवरी', 2],
  ['फरवरी', 2],
  ['मार्च', 3],
  ['अप्रैल', 4],
  ['अप्रेल', 4],
  ['मई', 5],
  ['जून', 6],
  ['जुलाई', 7],
  ['अगस्त', 8],
  ['सितंबर', 9],
  ['सितम्बर', 9],
  ['अक्टूबर', 10],
  ['अक्तूबर', 10],
  ['नवंबर', 11],
  ['नवम्बर', 11],
  ['दिसंबर', 12],
  ['दिसम्बर', 12],
];
const RU_MONTHS: [string, number][] = [
  ['январ', 1],
  ['феврал', 2],
  ['март', 3],
  ['апрел', 4],
  ['мая', 5],
  ['мае', 5],
  ['май', 5],
  ['июн', 6],
  ['июл', 7],
  ['август', 8],
  ['сентябр', 9],
  ['октябр', 10],
  ['ноябр', 11],
  ['декабр', 12],
];

const alt = (names: [string, number][]) =>
  names
    .map(([n]) => n)
    .sort((a, b) => b.length - a.length)
    .join('|');
const monthOf = (word: string): number | null => {
  const w = word.replace(/\.$/, '');
  for (const list of [EN_MONTHS, HI_MONTHS]) for (const [n, m] of list) if (w === n) return m;
  for (const [n, m] of RU_MONTHS) if (w.startsWith(n)) return m;
  return null;
};

const EN_M = `(${alt(EN_MONTHS)})\\.?`;
const HI_M = `(${alt(HI_MONTHS)})`;
const RU_M = `((?:${alt(RU_MONTHS)})\\p{L}*)`;
const ORD = '(?:st|nd|rd|th)?';
const YEAR = '((?:19|20)\\d{2})';

interface Pattern {
  re: RegExp;
  read: (m: RegExpExecArray) => { y: number | null; m: number | null; d: number | null; yearOnly?: boolean };
}

const nb = '(?<![\\p{L}\\d])';
const ne = '(?![\\p{L}\\d])';
const P = (s: string) => new RegExp(`${nb}${s}${ne}`, 'gu');
const num = (s: string | undefined) => (s === undefined ? null : Number(s));

const ABSOLUTE: Pattern[] = [
  { re: P(`${YEAR}-(\\d{1,2})-(\\d{1,2})`), read: (m) => ({ y: num(m[1]), m: num(m[2]), d: num(m[3]) }) },
  { re: P(`${YEAR}/(\\d{1,2})/(\\d{1,2})`), read: (m) => ({ y: num(m[1]), m: num(m[2]), d: num(m[3]) }) },
  { re: P(`(\\d{1,2})\\.(\\d{1,2})\\.${YEAR}`), read: (m) => ({ y: num(m[3]), m: num(m[2]), d: num(m[1]) }) },
  {
    re: new RegExp(`${YEAR}\\s*年\\s*(\\d{1,2})\\s*月(?:\\s*(\\d{1,2})\\s*[日号])?`, 'gu'),
    read: (m) => ({ y: num(m[1]), m: num(m[2]), d: num(m[3]) }),
  },
  {
    re: /(?<![\d年])(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]/gu,
    read: (m) => ({ y: null, m: num(m[1]), d: num(m[2]) }),
  },
  {
    re: P(`${EN_M}\\s+(\\d{1,2})${ORD}(?:,?\\s+${YEAR})?`),
    read: (m) => ({ y: num(m[3]), m: monthOf(m[1] as string), d: num(m[2]) }),
  },
  {
    re: P(`(\\d{1,2})${ORD}\\s+(?:of\\s+)?${EN_M},?(?:\\s+${YEAR})?`),
    read: (m) => ({ y: num(m[3]), m: monthOf(m[2] as string), d: num(m[1]) }),
  },
  {
    re: P(`${EN_M},?\\s+(?:of\\s+)?${YEAR}`),
    read: (m) => ({ y: num(m[2]), m: monthOf(m[1] as string), d: null }),
  },
  {
    re: P(`(\\d{1,2})\\s+${HI_M},?(?:\\s+${YEAR})?`),
    read: (m) => ({ y: num(m[3]), m: monthOf(m[2] as string), d: num(m[1]) }),
  },
  { re: P(`${HI_M},?\\s+${YEAR}`), read: (m) => ({ y: num(m[2]), m: monthOf(m[1] as string), d: null }) },
  {
    re: P(`(?:in|by|since|until|from|from early|from late|in early|in late|in mid)\\s+${EN_M}(?![\\s,]+\\d)`),
    read: (m) => ({ y: null, m: monthOf(m[1] as string), d: null }),
  },
  { re: P(`${HI_M}\\s+(?:में|तक|से)`), read: (m) => ({ y: null, m: monthOf(m[1] as string), d: null }) },
  { re: /(?<![\d年.])(\d{1,2})\s*月(?![\d日号份])/gu, read: (m) => ({ y: null, m: num(m[1]), d: null }) },
  {
    re: P(`(\\d{1,2})\\s+${RU_M}(?:\\s+${YEAR})?`),
    read: (m) => ({ y: num(m[3]), m: monthOf(m[2] as string), d: num(m[1]) }),
  },
  { re: P(`${RU_M}\\s+${YEAR}`), read: (m) => ({ y: num(m[2]), m: monthOf(m[1] as string), d: null }) },
  { re: P(`(?:в|во|до|с|к)\\s+${RU_M}`), read: (m) => ({ y: null, m: monthOf(m[1] as string), d: null }) },
];

/** Relative expressions: how to turn the article's date into an interval. */
type Resolve = (y: number, m: number, d: number) => [string, string, StatedDate['precision']];
const iso = (y: number, m: number, d: number) =>
  `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const shift = (y: number, m: number, d: number, days: number) => {
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return iso(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
};
const month = (y: number, m: number, by: number): [string, string, StatedDate['precision']] => {
  const t = new Date(Date.UTC(y, m - 1 + by, 1));
  const yy = t.getUTCFullYear();
  const mm = t.getUTCMonth() + 1;
  return [iso(yy, mm, 1), iso(yy, mm, lastDay(yy, mm)), 'month'];
};
const year = (y: number): [string, string, StatedDate['precision']] => [iso(y, 1, 1), iso(y, 12, 31), 'year'];

const RELATIVE: [RegExp, Resolve][] = [
  [
    /\blast month\b|\bprevious month\b|上个月|上月|पिछले महीने|पिछले माह|в прошлом месяце|в прошлом месяцу/gu,
    (y, m) => month(y, m, -1),
  ],
  [
    /\bearlier this month\b|\bthis month\b|本月|这个月|इस महीने|इसी महीने|в этом месяце|в текущем месяце/gu,
    (y, m) => month(y, m, 0),
  ],
  [/\blast year\b|\bprevious year\b|去年|पिछले साल|पिछले वर्ष|गत वर्ष|в прошлом году/gu, (y) => year(y - 1)],
  [
    /\b(?:at the (?:start|beginning) of (?:the|this) year|early this year|in early \d{4})\b|今年初|年初|साल की शुरुआत|वर्ष की शुरुआत|इस साल की शुरुआत|в начале (?:этого |текущего )?года/gu,
    (y) => [iso(y, 1, 1), iso(y, 3, 31), 'period'],
  ],
  [
    /\b(?:at the end of last year|late last year)\b|去年底|去年年底|去年末|पिछले साल के अंत|в конце прошлого года/gu,
    (y) => [iso(y - 1, 10, 1), iso(y - 1, 12, 31), 'period'],
  ],
  [/\bearlier this year\b|\bthis year\b|今年|इस साल|इस वर्ष|в этом году|в текущем году/gu, (y) => year(y)],
  [
    /\blast week\b|上周|上星期|पिछले हफ्ते|पिछले हफ़्ते|पिछले सप्ताह|на прошлой неделе/gu,
    (y, m, d) => [shift(y, m, d, -13), shift(y, m, d, -1), 'period'],
  ],
  [/\byesterday\b|昨天|昨日|вчера|накануне/gu, (y, m, d) => [shift(y, m, d, -1), shift(y, m, d, -1), 'day']],
  [/\btoday\b|今天|今日|आज|сегодня/gu, (y, m, d) => [iso(y, m, d), iso(y, m, d), 'day']],
];

/** Every date `lower` names, absolute ones first in text order, without overlaps. */
export function readDates(lower: string, articleDate: string | undefined): StatedDate[] {
  const ref = articleDate ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(articleDate) : null;
  const ry = ref ? Number(ref[1]) : null;
  const rm = ref ? Number(ref[2]) : null;
  const rd = ref ? Number(ref[3]) : null;
  const found: StatedDate[] = [];
  const taken = (s: number, e: number) => found.some((f) => s < f.end && e > f.start);
  for (const p of ABSOLUTE) {
    p.re.lastIndex = 0;
    for (let m = p.re.exec(lower); m; m = p.re.exec(lower)) {
      const start = m.index;
      const end = start + m[0].length;
      if (taken(start, end)) continue;
      const { y, m: mo, d } = p.read(m);
      if (mo === null || mo < 1 || mo > 12) continue;
      let yy = y;
      if (yy === null) {
        if (ry === null || rm === null) {
          found.push({ start, end, from: null, to: null, precision: d ? 'day' : 'month', how: 'absolute' });
          continue;
        }
        // A year-less date is the occurrence of that month nearest to the article's (within six months).
        const diff = mo - rm;
        yy = diff > 6 ? ry - 1 : diff < -6 ? ry + 1 : ry;
      }
      if (d !== null) {
        if (d < 1 || d > lastDay(yy, mo)) continue;
        found.push({
          start,
          end,
          from: iso(yy, mo, d),
          to: iso(yy, mo, d),
          precision: 'day',
          how: 'absolute',
        });
      } else {
        found.push({
          start,
          end,
          from: iso(yy, mo, 1),
          to: iso(yy, mo, lastDay(yy, mo)),
          precision: 'month',
          how: 'absolute',
        });
      }
    }
  }
  for (const [re, resolve] of RELATIVE) {
    re.lastIndex = 0;
    for (let m = re.exec(lower); m; m = re.exec(lower)) {
      const start = m.index;
      const end = start + m[0].length;
      if (taken(start, end)) continue;
      if (ry === null || rm === null || rd === null) {
        found.push({ start, end, from: null, to: null, precision: 'period', how: 'relative' });
        continue;
      }
      const [from, to, precision] = resolve(ry, rm, rd);
      found.push({ start, end, from, to, precision, how: 'relative' });
    }
  }
  // "in 2024": a bare year after a preposition, only where no other date covers it.
  const bareYear =
    /(?<![\p{L}\d-])(?:in|since|of|का|में|в|во)\s+((?:19|20)\d{2})(?![\p{L}\d-])|((?:19|20)\d{2})\s*年(?![初底末中\d])/gu;
  for (let m = bareYear.exec(lower); m; m = bareYear.exec(lower)) {
    const y = Number(m[1] ?? m[2]);
    const start = m.index + m[0].indexOf(String(y));
    const end = start + 4 + (m[2] ? m[0].length - m[0].indexOf(String(y)) - 4 : 0);
    if (taken(start, end)) continue;
    const [from, to] = year(y);
    found.push({ start, end, from, to, precision: 'year', how: 'absolute' });
  }
  return found.sort((a, b) => a.start - b.start);
}
