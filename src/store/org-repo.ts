import type { Kysely } from 'kysely';
import { ORGANIZATION_KINDS } from '../domain/enum-values.ts';
import type { Organization } from '../domain/organization.ts';
import type { Database } from './database.ts';
import { countryNames, orgNames } from './filter-names.ts';
import { type ListQuery, type ListSpec, runListQuery } from './list-query.ts';
import { orgNotFound, resolveOrg } from './name-index.ts';

/** Organisation rows in lists: the record without its sources. */
export type OrganizationSummary = Omit<Organization, 'sources' | 'file'>;

export const orgListSpec: ListSpec<OrganizationSummary> = {
  table: 'organizations',
  fields: {
    id: { type: 'string', column: 't.id', description: 'Organisation id' },
    q: { type: 'text', column: 't.search', description: 'Words in the id, names, aliases or Hub accounts' },
    country: {
      type: 'enum',
      column: 't.country',
      names: countryNames,
      description: 'Country: an ISO 3166-1 code or English name (CN, cn, China)',
    },
    kind: {
      type: 'enum',
      column: 't.kind',
      values: ORGANIZATION_KINDS,
      description: 'Kind of organisation',
    },
    parent: {
      type: 'string',
      column: 't.parent',
      names: orgNames,
      description: 'Parent organisation: id, name or Hub account',
    },
    models: { type: 'number', column: 't.model_count', description: 'Number of catalog models' },
  },
  sorts: {
    id: { column: 't.id' },
    name: { column: 't.name' },
    country: { column: 't.country' },
    models: { column: 't.model_count', numeric: true },
  },
  defaultSort: 'name',
  facets: { country: { column: 't.country' }, kind: { column: 't.kind' } },
  flags: [
    { name: 'country', field: 'country', placeholder: '<code-or-name>' },
    { name: 'kind', field: 'kind' },
    { name: 'search', short: 'q', field: 'q', placeholder: '<words>' },
  ],
  defaultLimit: 100,
  maxLimit: 1000,
  toRow: (data) => {
    const { sources: _sources, file: _file, ...rest } = data as Organization;
    return rest;
  },
  csv: [
    { header: 'id', value: (r) => r.id },
    { header: 'name', value: (r) => r.name },
    { header: 'native_name', value: (r) => r.nativeName },
    { header: 'country', value: (r) => r.country },
    { header: 'kind', value: (r) => r.kind },
    { header: 'models', value: (r) => r.modelCount },
    { header: 'hugging_face', value: (r) => r.huggingFace.join(';') },
    { header: 'website', value: (r) => r.website },
  ],
};

export function orgRepo(db: Kysely<Database>) {
  /** One organisation by id, name, native-script name, alias or Hub account, case-insensitively. */
  async function get(id: string): Promise<Organization> {
    const found = await resolveOrg(db, id);
    const row = found
      ? await db.selectFrom('organizations').select('data').where('id', '=', found).executeTakeFirst()
      : undefined;
    if (!row) throw await orgNotFound(db, id);
    return JSON.parse(row.data) as Organization;
  }

  function list(query: ListQuery) {
    return runListQuery(db, orgListSpec, query);
  }

  /** Every organisation with its names, aliases and sources, by id. */
  async function all(): Promise<Organization[]> {
    const rows = await db.selectFrom('organizations').select('data').orderBy('id').execute();
    return rows.map((r) => JSON.parse(r.data) as Organization);
  }

  return { get, list, all };
}
