import type { Kysely } from 'kysely';
import {
  ARCHITECTURES,
  ENTRY_KINDS,
  LICENSE_CLASSES,
  MODALITIES,
  TASKS,
  TRAINING_FLOPS_METHODS,
  WEIGHTS_STATUSES,
} from '../domain/enum-values.ts';
import { BadRequestError } from '../domain/errors.ts';
import type { Model, ModelSummary } from '../domain/model.ts';
import { periodSql } from '../domain/release-date.ts';
import type { Database } from './database.ts';
import { countryNames, familyNames, licenseNames, orgNames } from './filter-names.ts';
import type { Filter } from './list-filters.ts';
import {
  type ListQuery,
  type ListSpec,
  parseListQuery,
  RESERVED_PARAMS,
  runListQuery,
} from './list-query.ts';
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

/** A release known to its year or month is that whole period: filters match it where the period overlaps, and it
 * sorts by the period's first day (`2025` with 2025-01-01, before the dated releases of that day by id). */
const RELEASED = periodSql('t.released');

function toModelSummary(m: Model): ModelSummary {
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
    family: {
      type: 'string',
      column: 't.family',
      names: familyNames,
      description: 'Model family, e.g. "Qwen2.5" (any case)',
    },
    kind: {
      type: 'enum',
      column: 't.kind',
      values: ENTRY_KINDS,
      description: 'Entry kind (default model; kind=dataset lists datasets, kind=model,dataset both)',
    },
    country: {
      type: 'set',
      set: orgSet('country'),
      names: countryNames,
      description: 'Country of any maker: an ISO 3166-1 code or English name (CN, cn, China)',
    },
    org: {
      type: 'set',
      set: orgSet('org_id'),
      names: orgNames,
      description:
        'Organisation of any maker: id, name, native name or Hub account (deepseek, DeepSeek, deepseek-ai)',
    },
    modality: {
      type: 'set',
      set: modalitySet(),
      values: MODALITIES,
      description: 'Input or output modality',
    },
    input: {
      type: 'set',
      set: modalitySet('input'),
      values: MODALITIES,
      description: 'Input modality',
    },
    output: {
      type: 'set',
      set: modalitySet('output'),
      values: MODALITIES,
      description: 'Output modality',
    },
    task: {
      type: 'set',
      set: taskSet,
      values: TASKS,
      description: 'Task, e.g. reasoning, text-to-video',
    },
    weights: {
      type: 'enum',
      column: 't.weights',
      values: WEIGHTS_STATUSES,
      description: 'Weights status',
    },
    open: { type: 'boolean', column: 't.open', description: 'Weights downloadable (weights=open)' },
    license: {
      type: 'string',
      column: 't.license_id',
      names: licenseNames,
      description: 'Licence id, e.g. MIT, llama3.1 (any case)',
    },
    license_class: {
      type: 'enum',
      column: 't.license_class',
      values: LICENSE_CLASSES,
      description: 'Licence class',
    },
    architecture: {
      type: 'enum',
      column: 't.architecture',
      values: ARCHITECTURES,
      description: 'Architecture',
    },
    released: {
      type: 'date',
      column: 't.released',
      period: RELEASED,
      description: 'Release date (YYYY, YYYY-MM or YYYY-MM-DD; a year or month is its whole period)',
    },
    year: { type: 'number', column: 't.released_year', description: 'Release year' },
    params_total: { type: 'number', column: 't.params_total', description: 'Total parameters (1e10 or 10B)' },
    params_active: {
      type: 'number',
      column: 't.params_active',
      description: 'Active parameters per token (1e10 or 10B)',
    },
    context_length: { type: 'number', column: 't.context_length', description: 'Context length in tokens' },
    training_tokens: {
      type: 'number',
      column: 't.training_tokens',
      description: 'Training tokens as the maker states them (1.5e13 or 15T)',
    },
    training_gpu_hours: {
      type: 'number',
      column: 't.training_gpu_hours',
      description: 'Training GPU hours as the maker states them',
    },
    training_cost_usd: {
      type: 'number',
      column: 't.training_cost_usd',
      description: "Training cost in US dollars, the maker's stated figure",
    },
    training_flops: {
      type: 'number',
      column: 't.training_flops',
      description:
        'Training FLOPs: stated, or else 6 × active parameters × tokens (see training_flops_method)',
    },
    training_flops_method: {
      type: 'enum',
      column: 't.training_flops_method',
      values: TRAINING_FLOPS_METHODS,
      description: 'How the training FLOPs were obtained: stated by the maker, or estimate-6ND',
    },
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
    released: { column: RELEASED.start },
    params_total: { column: 't.params_total', numeric: true },
    params_active: { column: 't.params_active', numeric: true },
    context_length: { column: 't.context_length', numeric: true },
    training_tokens: { column: 't.training_tokens', numeric: true },
    training_cost_usd: { column: 't.training_cost_usd', numeric: true },
    training_flops: { column: 't.training_flops', numeric: true },
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
  defaultFilters: { kind: 'model' },
  flags: [
    { name: 'country', field: 'country', placeholder: '<code-or-name>' },
    { name: 'org', field: 'org', placeholder: '<id-or-name>' },
    { name: 'modality', field: 'modality' },
    { name: 'input', field: 'input' },
    { name: 'output', field: 'output' },
    { name: 'task', field: 'task' },
    { name: 'family', field: 'family', placeholder: '<family>' },
    { name: 'license', field: 'license', placeholder: '<id>' },
    { name: 'license-class', field: 'license_class' },
    { name: 'weights', field: 'weights' },
    { name: 'architecture', field: 'architecture' },
    { name: 'kind', field: 'kind' },
    { name: 'open', field: 'open', value: 'true' },
    { name: 'search', short: 'q', field: 'q', placeholder: '<words>' },
    { name: 'released-after', field: 'released', op: 'gte' },
    { name: 'released-before', field: 'released', op: 'lte' },
    { name: 'min-params', field: 'params_total', op: 'gte' },
    { name: 'max-params', field: 'params_total', op: 'lte' },
  ],
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
 * `own`; as in lists, only `kind=model` entries count unless the query filters `kind`. `given` echoes the filters;
 * `labels` name the CLI flags the keys came from, for errors (see `parseListQuery`).
 */
export function parseModelFilters(
  pairs: [string, string][],
  own: readonly string[] = [],
  labels?: ReadonlyMap<string, string>,
): { filters: Filter[]; given: Record<string, string[]> } {
  const filterPairs = pairs.filter(([k]) => !own.includes(k));
  for (const [key] of filterPairs) {
    if ((RESERVED_PARAMS as readonly string[]).includes(key)) {
      throw new BadRequestError(
        'unknown_parameter',
        `unknown parameter ${labels?.get(key) ?? `"${key}"`}: this takes model filters only`,
      );
    }
  }
  const filters = parseListQuery(modelListSpec, filterPairs, labels).filters;
  const given: Record<string, string[]> = {};
  for (const [k, v] of filterPairs) given[k] = [...(given[k] ?? []), v];
  for (const [field, value] of Object.entries(modelListSpec.defaultFilters ?? {}))
    if (!filterPairs.some(([k]) => k.split('__')[0] === field)) given[field] = [value];
  return { filters, given };
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

  /** Every catalog model (datasets left out) with all its facts, by id. */
  async function all(): Promise<Model[]> {
    const rows = await db
      .selectFrom('models')
      .select('data')
      .where('kind', '=', 'model')
      .orderBy('id')
      .execute();
    return rows.map((r) => JSON.parse(r.data) as Model);
  }

  return { resolve, get, list, all };
}
