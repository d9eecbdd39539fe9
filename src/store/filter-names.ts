import type { Kysely } from 'kysely';
import type { Candidate } from '../domain/closest-names.ts';
import { countryCandidates } from '../domain/countries.ts';
import type { Organization } from '../domain/organization.ts';
import type { Database } from './database.ts';
import type { FieldSpec } from './list-filters.ts';

// What the name-matched filter values answer to (`FieldSpec.names`): `--country China`, `--org deepseek-ai`,
// `--license mit`, `family=qwen2.5` all find their value, and a typo gets the closest names.

type Names = NonNullable<FieldSpec['names']>;

export const countryNames: Names = {
  noun: 'country',
  hint: 'give an ISO 3166-1 code (CN) or an English name (China)',
  candidates: () => countryCandidates(),
};

/** Organisations by id, name, native name, aliases and Hub accounts. */
export const orgNames: Names = {
  noun: 'organisation',
  hint: 'give an id, a name or a Hub account (omo orgs lists them)',
  async candidates(db: Kysely<Database>): Promise<Candidate[]> {
    const rows = await db.selectFrom('organizations').select(['id', 'data']).orderBy('id').execute();
    return rows.map((r) => {
      const o = JSON.parse(r.data) as Organization;
      return { value: r.id, names: [o.id, o.name, o.nativeName ?? '', ...o.aliases, ...o.huggingFace] };
    });
  },
};

export const licenseNames: Names = {
  noun: 'licence',
  hint: 'give a licence id such as MIT or llama3.1',
  async candidates(db: Kysely<Database>): Promise<Candidate[]> {
    const rows = await db.selectFrom('licenses').select(['id', 'name']).orderBy('id').execute();
    return rows.map((r) => ({ value: r.id, names: [r.id, r.name] }));
  },
};

export const familyNames: Names = {
  noun: 'family',
  async candidates(db: Kysely<Database>): Promise<Candidate[]> {
    const rows = await db
      .selectFrom('models')
      .select('family')
      .distinct()
      .where('family', 'is not', null)
      .orderBy('family')
      .execute();
    return rows.flatMap((r) => (r.family ? [{ value: r.family, names: [r.family] }] : []));
  },
};
