import { z } from 'zod';
import { DatePrecision } from './partial-date.ts';
import { datePeriod } from './release-date.ts';

// Published adoption figures (derivative counts, downloads, shares of downloads or tokens) as dated, sourced facts:
// what a maker, a platform or an independent study said about a model family, a maker or a country, and when.
// Unlike a Hub snapshot, a fact is someone's statement, so each keeps who measured it and the words it was said in.

/** What a fact is about: a model family (declared in `catalog/adoption.toml`), an organisation, or a country. */
export const ADOPTION_KINDS = ['family', 'org', 'country'] as const;
export const AdoptionKind = z.enum(ADOPTION_KINDS);
export type AdoptionKind = z.infer<typeof AdoptionKind>;

/**
 * What is counted. Counts are cumulative up to `as_of` unless the metric names a window; shares are fractions
 * (0.3 for 30%) of everything the scope counts over the window the fact's note names.
 */
export const ADOPTION_METRICS = {
  derivatives: {
    unit: 'models',
    share: false,
    text: 'models derived from the subject (fine-tunes, quantisations, adapters, merges)',
  },
  downloads: { unit: 'downloads', share: false, text: 'cumulative downloads' },
  monthly_downloads: { unit: 'downloads', share: false, text: 'downloads in the month of as_of' },
  download_share: { unit: 'fraction', share: true, text: "the subject's share of downloads" },
  derivative_share: { unit: 'fraction', share: true, text: "the subject's share of new derivative models" },
  token_share: {
    unit: 'fraction',
    share: true,
    text: "the subject's share of tokens served (e.g. on OpenRouter)",
  },
  tokens: {
    unit: 'tokens',
    share: false,
    text: 'tokens processed by the subject’s models over the window its note names (e.g. a year on OpenRouter)',
  },
  models_released: { unit: 'models', share: false, text: 'open models the subject has released' },
  users: { unit: 'users', share: false, text: 'users or monthly active users of the subject' },
  app_downloads: { unit: 'downloads', share: false, text: 'installs of the subject’s apps' },
} as const satisfies Record<string, { unit: string; share: boolean; text: string }>;
export type AdoptionMetric = keyof typeof ADOPTION_METRICS;
export const AdoptionMetric = z.enum(Object.keys(ADOPTION_METRICS) as [AdoptionMetric, ...AdoptionMetric[]]);

/** Who measured: the subject's maker about itself, the platform the figure is counted on, or a third party. */
const MEASURED_BY = ['maker', 'platform', 'independent'] as const;
export const MeasuredBy = z.enum(MEASURED_BY);
export type MeasuredBy = z.infer<typeof MeasuredBy>;

/** How the published figure bounds the truth: "more than 90,000" is `more-than`; a rounded "about 1 billion" is `about`. */
const QUALIFIERS = ['exact', 'about', 'more-than', 'at-least', 'up-to'] as const;
export const Qualifier = z.enum(QUALIFIERS);
export type Qualifier = z.infer<typeof Qualifier>;

export const AdoptionSource = z.object({
  url: z.string(),
  title: z.string(),
  /** When it was read (YYYY-MM-DD). */
  accessed: z.string(),
});
export type AdoptionSource = z.infer<typeof AdoptionSource>;

/** One published figure, as the API and the CLI show it. */
export const AdoptionFact = z.object({
  id: z.string(),
  kind: AdoptionKind,
  subject: z.string(),
  /** The subject's display name: the family's or organisation's name, the country's English name. */
  subject_name: z.string(),
  /** The subject's country (a family's and an organisation's from the catalog). */
  country: z.string(),
  metric: AdoptionMetric,
  value: z.number(),
  unit: z.string(),
  qualifier: Qualifier,
  /** YYYY, YYYY-MM or YYYY-MM-DD: the date the figure stands for, as precise as its source. */
  as_of: z.string(),
  as_of_precision: DatePrecision,
  /** Where it was counted: "Hugging Face", "OpenRouter", "all platforms"… */
  scope: z.string(),
  measured_by: MeasuredBy,
  /** Where the figure and its quote were read: the primary itself whenever it could be read. */
  source: AdoptionSource,
  /** The original publication when `source` reports it second-hand and the original could not be read here. */
  primary: z.object({ url: z.string(), title: z.string() }).nullable(),
  /** Other reports of the same figure (reprints, press), kept beside the source. */
  reported_in: z.array(AdoptionSource),
  /** A short verbatim excerpt of the source stating the figure. */
  quote: z.string(),
  note: z.string().nullable(),
});
export type AdoptionFact = z.infer<typeof AdoptionFact>;

/** A family as adoption figures name it ("Qwen", "Llama"): the brand over the catalog's versioned families. */
export interface AdoptionFamily {
  id: string;
  name: string;
  org: string;
  /** The catalog families it covers (`Qwen2.5`, `Qwen3-VL`…): those whose name starts with one of these. */
  prefixes: string[];
}

/** One subject's figures for one metric, oldest first: a time series to chart. */
export interface AdoptionSeries {
  kind: AdoptionKind;
  subject: string;
  subject_name: string;
  metric: AdoptionMetric;
  unit: string;
  points: {
    id: string;
    as_of: string;
    value: number;
    qualifier: Qualifier;
    /** Where it was counted: points of one series may come from different platforms and counters. */
    scope: string;
    measured_by: MeasuredBy;
    source: { url: string; title: string };
  }[];
}

/**
 * The facts grouped into series by subject and metric, each oldest first (a date's period end first, so "mid-2025"
 * written as 2025 comes after 2025-03); series in the order of their first fact.
 * A point keeps its scope and who measured it, since a maker's count and a platform's may sit on one line.
 */
export function adoptionSeries(facts: readonly AdoptionFact[]): AdoptionSeries[] {
  const series = new Map<string, AdoptionSeries>();
  for (const f of facts) {
    const key = JSON.stringify([f.kind, f.subject, f.metric]);
    let s = series.get(key);
    if (!s) {
      const { kind, subject, subject_name, metric, unit } = f;
      s = { kind, subject, subject_name, metric, unit, points: [] };
      series.set(key, s);
    }
    s.points.push({
      id: f.id,
      as_of: f.as_of,
      value: f.value,
      qualifier: f.qualifier,
      scope: f.scope,
      measured_by: f.measured_by,
      source: { url: f.source.url, title: f.source.title },
    });
  }
  // As the store orders facts: by the last day each date stands for ("2025" after "2025-03"), then as written.
  const end = (asOf: string) => datePeriod(asOf)?.end ?? asOf;
  for (const s of series.values())
    s.points.sort((a, b) => end(a.as_of).localeCompare(end(b.as_of)) || a.as_of.localeCompare(b.as_of));
  return [...series.values()];
}
