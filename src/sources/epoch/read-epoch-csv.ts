import { readFileSync } from 'node:fs';
import { isCalendarDay } from '../../domain/calendar-day.ts';
import { ParseError } from '../../domain/errors.ts';
import { decodeUtf8 } from '../../domain/utf8-text.ts';
import { parseCsvRecords } from '../csv/parse-csv.ts';

/** One row of Epoch AI's model datasets (notable, large-scale, all models), translated at the edge. */
export interface EpochModel {
  line: number;
  name: string;
  organizations: string[];
  /** YYYY-MM-DD, or null when the row has none. */
  published: string | null;
  parameters: number | null;
  /** ISO 3166-1 alpha-2 where the name is known; unknown names are kept in `unknownCountries`. */
  countries: string[];
  unknownCountries: string[];
  accessibility: string | null;
  link: string | null;
}

/** Epoch's country names (the ISO 3166 English short names it uses, plus common variants). */
const COUNTRIES: Record<string, string> = {
  china: 'CN',
  'united states of america': 'US',
  'united states': 'US',
  usa: 'US',
  'united kingdom of great britain and northern ireland': 'GB',
  'united kingdom': 'GB',
  uk: 'GB',
  france: 'FR',
  germany: 'DE',
  canada: 'CA',
  israel: 'IL',
  japan: 'JP',
  'korea (republic of)': 'KR',
  'republic of korea': 'KR',
  'south korea': 'KR',
  korea: 'KR',
  'united arab emirates': 'AE',
  uae: 'AE',
  switzerland: 'CH',
  india: 'IN',
  singapore: 'SG',
  'russian federation': 'RU',
  russia: 'RU',
  netherlands: 'NL',
  finland: 'FI',
  sweden: 'SE',
  spain: 'ES',
  italy: 'IT',
  taiwan: 'TW',
  'hong kong': 'HK',
  'saudi arabia': 'SA',
  australia: 'AU',
  austria: 'AT',
  belgium: 'BE',
  denmark: 'DK',
  norway: 'NO',
  poland: 'PL',
  brazil: 'BR',
  vietnam: 'VN',
  'viet nam': 'VN',
  turkey: 'TR',
  türkiye: 'TR',
  qatar: 'QA',
  ireland: 'IE',
  czechia: 'CZ',
  'czech republic': 'CZ',
  portugal: 'PT',
  greece: 'GR',
  indonesia: 'ID',
  thailand: 'TH',
  malaysia: 'MY',
  iran: 'IR',
  egypt: 'EG',
  'new zealand': 'NZ',
};

/** Columns vary between Epoch's files and versions; each field is found by the first header that fits. */
const COLUMNS = {
  name: [/^model$/i, /^system$/i],
  organizations: [/^organi[sz]ation$/i, /^organi[sz]ation\(s\)$/i],
  published: [/^publication date$/i],
  parameters: [/^parameters$/i],
  countries: [/^country \((of|from) organi[sz]ation\)$/i, /^country$/i],
  accessibility: [/^model accessibility$/i],
  link: [/^link$/i],
};

function splitList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export function parseEpochCsv(text: string, file = 'input'): EpochModel[] {
  const records = parseCsvRecords(text, file);
  const headers = Object.keys(records[0]?.record ?? {});
  const column = (key: keyof typeof COLUMNS): string | null =>
    headers.find((h) => COLUMNS[key].some((re) => re.test(h))) ?? null;
  const nameCol = column('name');
  if (!nameCol) throw new ParseError(`${file}: no "Model" column; is this an Epoch AI models CSV?`);
  const cols = {
    organizations: column('organizations'),
    published: column('published'),
    parameters: column('parameters'),
    countries: column('countries'),
    accessibility: column('accessibility'),
    link: column('link'),
  };
  return records.flatMap(({ record, line }) => {
    const name = (record[nameCol] ?? '').trim();
    if (!name) return [];
    const get = (col: string | null) => (col ? (record[col] ?? '').trim() : '');
    const paramsText = get(cols.parameters);
    const parameters = paramsText === '' ? null : Number(paramsText);
    if (parameters !== null && (!Number.isFinite(parameters) || parameters < 0)) {
      throw new ParseError(`${file}:${line}: Parameters: expected a number, got "${paramsText}"`);
    }
    const date = get(cols.published);
    if (date !== '' && !isCalendarDay(date)) {
      throw new ParseError(`${file}:${line}: Publication date: expected YYYY-MM-DD, got "${date}"`);
    }
    const countryNames = splitList(get(cols.countries));
    return [
      {
        line,
        name,
        organizations: splitList(get(cols.organizations)),
        published: date || null,
        parameters,
        countries: [...new Set(countryNames.flatMap((c) => COUNTRIES[c.toLowerCase()] ?? []))],
        unknownCountries: [...new Set(countryNames.filter((c) => !COUNTRIES[c.toLowerCase()]))],
        accessibility: get(cols.accessibility) || null,
        link: get(cols.link) || null,
      },
    ];
  });
}

export function readEpochCsv(file: string): EpochModel[] {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new ParseError(`cannot read ${file}: ${(e as Error).message}`);
  }
  return parseEpochCsv(decodeUtf8(bytes, file), file);
}
