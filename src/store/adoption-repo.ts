import type { Kysely } from 'kysely';
import type { AdoptionFact, AdoptionKind, AdoptionMetric, AdoptionSeries } from '../domain/adoption.ts';
import { closestNames, didYouMean, matchName } from '../domain/closest-names.ts';
import { BadRequestError } from '../domain/errors.ts';
import { datePeriod } from '../domain/release-date.ts';
import type { AdoptionFactRow, Database } from './database.ts';

export interface AdoptionFilter {
  /** A family id, organisation id or country code, or any of their names, in any case (`Qwen`, `China`). */
  subject?: string | undefined;
  metric?: AdoptionMetric | undefined;
  kind?: AdoptionKind | undefined;
}

export interface AdoptionAnswer {
  facts: AdoptionFact[];
  series: AdoptionSeries[];
}

/** The store rows of the catalog's adoption figures, in file order (`catalogRepo.replace` inserts them). */
export function adoptionRows(facts: readonly AdoptionFact[]): AdoptionFactRow[] {
  return facts.map((f, position) => ({
    id: f.id,
    position,
    kind: f.kind,
    subject: f.subject,
    subject_name: f.subject_name,
    country: f.country,
    metric: f.metric,
    value: f.value,
    as_of: f.as_of,
    as_of_end: datePeriod(f.as_of)?.end ?? f.as_of,
    scope: f.scope,
    measured_by: f.measured_by,
    source_url: f.source.url,
    data: JSON.stringify(f),
  }));
}

/**
 * Published adoption figures: what `GET /api/adoption`, `omo adoption` and the claim checker read. A subject may be
 * named by its id or its name in any case; one the catalog has no figures for is a BadRequestError with the closest
 * subjects it has.
 */
export function adoptionRepo(db: Kysely<Database>) {
  /** Every subject with figures: its kind, id and name. */
  async function subjects(): Promise<{ kind: AdoptionKind; subject: string; subject_name: string }[]> {
    const rows = await db
      .selectFrom('adoption_facts')
      .select(['kind', 'subject', 'subject_name'])
      .distinct()
      .orderBy('kind')
      .orderBy('subject')
      .execute();
    return rows as { kind: AdoptionKind; subject: string; subject_name: string }[];
  }

  async function resolveSubject(typed: string, kind: AdoptionKind | undefined): Promise<string> {
    const known = (await subjects()).filter((s) => kind === undefined || s.kind === kind);
    const candidates = known.map((s) => ({ value: s.subject, names: [s.subject, s.subject_name] }));
    const found = matchName(typed, candidates);
    if (found !== null) return found;
    const what = kind ? `${kind} ` : '';
    throw new BadRequestError(
      'invalid_parameter',
      `"subject": no adoption figures for ${what}"${typed}"${didYouMean(closestNames(typed, candidates, 3))}; ` +
        `subjects with figures: ${[...new Set(known.map((s) => s.subject))].join(', ') || 'none'}`,
    );
  }

  /** The figures that match, oldest first (then in file order). */
  async function facts(filter: AdoptionFilter = {}): Promise<AdoptionFact[]> {
    const subject =
      filter.subject === undefined ? undefined : await resolveSubject(filter.subject, filter.kind);
    let query = db.selectFrom('adoption_facts').select('data');
    if (subject !== undefined) query = query.where('subject', '=', subject);
    if (filter.metric !== undefined) query = query.where('metric', '=', filter.metric);
    if (filter.kind !== undefined) query = query.where('kind', '=', filter.kind);
    const rows = await query.orderBy('as_of_end').orderBy('position').execute();
    return rows.map((r) => JSON.parse(r.data) as AdoptionFact);
  }

  /** The figures and their series (`adoptionSeries`): the answer of `GET /api/adoption`. */
  async function answer(filter: AdoptionFilter = {}): Promise<AdoptionAnswer> {
    const found = await facts(filter);
    // Loaded when asked: the domain module brings zod, which a command that only opens the store should not load.
    const { adoptionSeries } = await import('../domain/adoption.ts');
    return { facts: found, series: adoptionSeries(found) };
  }

  return { subjects, facts, answer };
}
