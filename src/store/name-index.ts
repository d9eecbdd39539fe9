import type { Kysely } from 'kysely';
import { type Candidate, closestNames, didYouMean, matchName } from '../domain/closest-names.ts';
import { NotFoundError } from '../domain/errors.ts';
import type { Database } from './database.ts';
import { orgNames } from './filter-names.ts';

// Names that lead to models and organisations, for lookups that accept any of them and for "did you mean" when
// none matches. Each reads its names with one query; the catalog holds hundreds of models and tens of
// organisations, so a miss costs a millisecond or two.

const SUGGESTIONS = 5;

/** Every model with the names it answers to (id, `<org>/<slug>`, file slug, name, aliases, Hub repos). */
async function modelCandidates(db: Kysely<Database>): Promise<Candidate[]> {
  const rows = await db.selectFrom('model_names').select(['key', 'model_id']).orderBy('model_id').execute();
  const names = new Map<string, string[]>();
  for (const r of rows) names.set(r.model_id, [...(names.get(r.model_id) ?? []), r.key]);
  return [...names].map(([value, keys]) => ({ value, names: keys }));
}

/**
 * The error for a model lookup that found nothing: what was typed, the ids of the closest models, and the
 * organisation when the name is one (`omo show 文心` names Baidu's models, and Baidu).
 */
export async function modelNotFound(db: Kysely<Database>, typed: string): Promise<NotFoundError> {
  const suggestions = closestNames(typed, await modelCandidates(db), SUGGESTIONS);
  const organization = await resolveOrg(db, typed);
  const orgNote = organization ? `; "${typed}" names the organisation ${organization}` : '';
  return new NotFoundError(
    `no model "${typed}" in the catalog (looked up ids, names, aliases and Hub repos${orgNote})${didYouMean(suggestions)}`,
    organization ? { suggestions, organization } : { suggestions },
  );
}

/**
 * The id of the organisation `typed` names (its id, name, native-script name, an alias or a Hub account, in any
 * case), matched as the `org` filter matches it; null when none does.
 */
export async function resolveOrg(db: Kysely<Database>, typed: string): Promise<string | null> {
  return matchName(typed, await orgNames.candidates(db));
}

/** The error for an organisation lookup that found nothing, with the closest organisations' ids. */
export async function orgNotFound(db: Kysely<Database>, typed: string): Promise<NotFoundError> {
  const suggestions = closestNames(typed, await orgNames.candidates(db), SUGGESTIONS);
  return new NotFoundError(
    `no organisation "${typed}" in the catalog (looked up ids, names, aliases and Hub accounts)${didYouMean(suggestions)}`,
    { suggestions },
  );
}
