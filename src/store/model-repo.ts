import type { Kysely } from 'kysely';
import { Architecture, EntryKind, LicenseClass, Modality, Task, WeightsStatus } from '../domain/enums.ts';
import { BadRequestError } from '../domain/errors.ts';
import type { Model, ModelSummary } from '../domain/model.ts';
import type { Database } from './database.ts';
import { type Filter, type ListQuery, type ListSpec, parseListQuery, runListQuery } from './list-query.ts';
import { modelNotFound } from './name-index.ts';

const orgSet = (column: string) => ({ table: 'model_orgs', column, key: 'model_id' });
const modalitySet = (direction?: 'input' | 'output') => ({
  table: 'model_modalities',
  column: 'modality',
  key: 'model_id',
  ...(direction ? { where: `c.direction = '${direction}'` } : {}),
});
const taskSet = { table: 'model_tasks', column: 'task', key: 'model_id' };

/** Size bands by total parameters: a facet and a filter (`size=10-40B`). */
const SIZE_BANDS: [name: string, below: number][] = [
  ['<3B', 3e9],
  ['3-10B', 10e9],
  ['10-40B', 40e9],
  ['40-150B', 150e9],
];
const SIZE_BAND = `case when t.params_total is null then 'unknown' ${SIZE_BANDS.map(
  ([name, below]) => `when t.params_total < ${below} then '${name}'`,
).join(' ')} else '>=150B' end`;
const SIZE_BAND_NAMES = [...SIZE_BANDS.map(([name]) => name), '>=150B', 'unknown'];

export function toModelSummary(m: Model): ModelSummary {
  return {
    id: m.id,
    name: m.name,
    kind: m.kind,
    family: m.family,
    organizations: m.organizations,
    countries: m.countries,
    released: m.released,
    weights: m.weights,
    open: m.open,
    license: m.license,
    modalities: m.modalities,
    tasks: m.tasks,
    architecture: m.architecture,
    parameters: m.parameters,
    contextLength: m.contextLength,
    huggingFace: m.huggingFace,
  };
}

export const modelListSpec: ListSpec<ModelSummary> = {
  table: 'models',
  fields: {
    id: { type: 'string', column: 't.id', description: 'Model id (Hub repo id or <org>/<slug>)' },
    name: { type: 'string', column: 't.name', description: 'Display name, exact' },
    q: {
      type: 'text',
      column: 't.search',
      description: 'Words in the id, name, aliases, family or maker names',
    },
    family: { type: 'string', column: 't.family', description: 'Model family, e.g. "Qwen2.5"' },
    kind: { type: 'enum', column: 't.kind', values: EntryKind.options, description: 'model or dataset' },
    country: {
      type: 'set',
      set: orgSet('country'),
      description: 'Country (ISO 3166-1 alpha-2) of any of the organisations',
    },
    org: { type: 'set', set: orgSet('org_id'), description: 'Organisation id, e.g. deepseek' },
    modality: {
      type: 'set',
      set: modalitySet(),
      values: Modality.options,
      description: 'Input or output modality',
    },
    input: {
      type: 'set',
      set: modalitySet('input'),
      values: Modality.options,
      description: 'Input modality',
    },
    output: {
      type: 'set',
      set: modalitySet('output'),
      values: Modality.options,
      description: 'Output modality',
    },
    task: {
      type: 'set',
      set: taskSet,
      values: Task.options,
      description: 'Task, e.g. reasoning, text-to-video',
    },
    weights: {
      type: 'enum',
      column: 't.weights',
      values: WeightsStatus.options,
      description: 'Weights status',
    },
    open: { type: 'boolean', column: 't.open', description: 'Weights downloadable (weights=open)' },
    license: { type: 'string', column: 't.license_id', description: 'Licence id, e.g. MIT, llama3.1' },
    license_class: {
      type: 'enum',
      column: 't.license_class',
      values: LicenseClass.options,
      description: 'Licence class',
    },
    architecture: {
      type: 'enum',
      column: 't.architecture',
      values: Architecture.options,
      description: 'dense, moe or other',
    },
    released: { type: 'date', column: 't.released', description: 'Release date (ISO prefix)' },
    year: { type: 'number', column: 't.released_year', description: 'Release year' },
    params_total: { type: 'number', column: 't.params_total', description: 'Total parameters' },
    params_active: { type: 'number', column: 't.params_active', description: 'Active parameters per token' },
    context_length: { type: 'number', column: 't.context_length', description: 'Context length in tokens' },
    size: {
      type: 'enum',
      column: SIZE_BAND,
      values: SIZE_BAND_NAMES,
      description: 'Size band of the total parameters',
    },
  },
  sorts: {
    id: { column: 't.id' },
    name: { column: 't.name' },
    released: { column: 't.released' },
    params_total: { column: 't.params_total', numeric: true },
    params_active: { column: 't.params_active', numeric: true },
    context_length: { column: 't.context_length', numeric: true },
  },
  defaultSort: '-released',
  facets: {
    country: { set: orgSet('country') },
    org: { set: orgSet('org_id') },
    modality: { set: modalitySet() },
    input: { set: modalitySet('input') },
    output: { set: modalitySet('output') },
    task: { set: taskSet },
    weights: { column: 't.weights' },
    license: { column: 't.license_id' },
    license_class: { column: 't.license_class' },
    architecture: { column: 't.architecture' },
    family: { column: 't.family' },
    kind: { column: 't.kind' },
    year: { column: 't.released_year' },
    size: { column: SIZE_BAND },
  },
  defaultLimit: 50,
  maxLimit: 1000,
  toRow: (data) => toModelSummary(data as Model),
  csv: [
    { header: 'id', value: (r) => r.id },
    { header: 'name', value: (r) => r.name },
    { header: 'family', value: (r) => r.family },
    { header: 'organizations', value: (r) => r.organizations.map((o) => o.id).join(';') },
    { header: 'countries', value: (r) => r.countries.join(';') },
    { header: 'released', value: (r) => r.released },
    { header: 'weights', value: (r) => r.weights },
    { header: 'license', value: (r) => r.license.id },
    { header: 'license_class', value: (r) => r.license.class },
    { header: 'input', value: (r) => r.modalities.input.join(';') },
    { header: 'output', value: (r) => r.modalities.output.join(';') },
    { header: 'tasks', value: (r) => r.tasks.join(';') },
    { header: 'architecture', value: (r) => r.architecture },
    { header: 'params_total', value: (r) => r.parameters.total },
    { header: 'params_active', value: (r) => r.parameters.active },
    { header: 'context_length', value: (r) => r.contextLength },
    { header: 'hugging_face', value: (r) => r.huggingFace.join(';') },
  ],
};

/**
 * Model filters of the list grammar (`country=CN`, `open=true`, …) for analyses, leaving out the parameters named in
 * `own`; by default only `kind=model` entries count.
 */
export function parseModelFilters(
  pairs: [string, string][],
  own: readonly string[] = [],
): { filters: Filter[]; given: Record<string, string[]> } {
  const filterPairs = pairs.filter(([k]) => !own.includes(k));
  for (const [key] of filterPairs) {
    if (['sort', 'limit', 'cursor', 'facet', 'format'].includes(key)) {
      throw new BadRequestError(
        'unknown_parameter',
        `unknown parameter "${key}": this takes model filters only`,
      );
    }
  }
  const withKind = filterPairs.some(([k]) => k === 'kind' || k.startsWith('kind__'))
    ? filterPairs
    : [...filterPairs, ['kind', 'model'] as [string, string]];
  const given: Record<string, string[]> = {};
  for (const [k, v] of withKind) given[k] = [...(given[k] ?? []), v];
  return { filters: parseListQuery(modelListSpec, withKind).filters, given };
}

export function modelRepo(db: Kysely<Database>) {
  /** The model's id for an id, slug, name, alias or Hub repo, case-insensitively; null when none matches. */
  async function resolve(name: string): Promise<string | null> {
    const row = await db
      .selectFrom('model_names')
      .select('model_id')
      .where('key', '=', name.trim().toLowerCase())
      .executeTakeFirst();
    return row?.model_id ?? null;
  }

  async function get(name: string): Promise<Model> {
    const id = await resolve(name);
    const row = id
      ? await db.selectFrom('models').select('data').where('id', '=', id).executeTakeFirst()
      : undefined;
    if (!row) throw await modelNotFound(db, name);
    return JSON.parse(row.data) as Model;
  }

  function list(query: ListQuery) {
    return runListQuery(db, modelListSpec, query);
  }

  return { resolve, get, list };
}
