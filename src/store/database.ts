import type { Generated } from 'kysely';
import type { BoardMetaRow, BoardRowRow, BoardSnapshotRow } from '../boards/board-tables.ts';

// Row types of the store. Booleans are stored as 0/1 integers on both engines so one query text serves both.

export interface MetaRow {
  key: string;
  value: string;
}

export interface LicenseRow {
  id: string;
  name: string;
  class: string;
  spdx: number;
  url: string | null;
}

export interface OrganizationRow {
  id: string;
  name: string;
  native_name: string | null;
  country: string;
  kind: string;
  parent: string | null;
  model_count: number;
  /** Lower-cased id, names and aliases, for `q=` search. */
  search: string;
  /** The domain record as JSON. */
  data: string;
}

export interface OrgAccountRow {
  /** Lower-cased Hugging Face account. */
  account: string;
  org_id: string;
}

export interface ModelTable {
  id: string;
  slug: string;
  kind: string;
  name: string;
  family: string | null;
  released: string | null;
  released_year: number | null;
  weights: string;
  open: number;
  license_id: string;
  license_class: string;
  architecture: string;
  params_total: number | null;
  params_active: number | null;
  context_length: number | null;
  /** Training figures (migration 004); FLOPs stated or estimated as 6ND, as `training_flops_method` says. */
  training_tokens: number | null;
  training_gpu_hours: number | null;
  training_cost_usd: number | null;
  training_flops: number | null;
  training_flops_method: string | null;
  search: string;
  data: string;
}

export interface ModelOrgRow {
  model_id: string;
  org_id: string;
  country: string;
  position: number;
}

export interface ModelModalityRow {
  model_id: string;
  direction: 'input' | 'output';
  modality: string;
}

export interface ModelTaskRow {
  model_id: string;
  task: string;
}

/** Every name that leads to a model: id, slug, name, aliases, Hub repos. `key` is lower-cased. */
export interface ModelNameRow {
  key: string;
  model_id: string;
  kind: string;
}

export interface BenchmarkResultRow {
  model_id: string;
  position: number;
  benchmark: string;
  score: number;
  metric: string;
  variant: string;
  source_url: string;
  date: string | null;
}

export interface ParameterCountRow {
  model_id: string;
  position: number;
  total: number | null;
  active: number | null;
  method: string;
  canonical: number;
  source_url: string;
  note: string | null;
}

/** An entry of the reviewed resolution table `catalog/board-names.toml` (migration 006), in file order. */
export interface BoardNameRow {
  position: number;
  name: string;
  /** null: the entry applies to every board. */
  board: string | null;
  model_id: string | null;
  org_id: string;
  note: string | null;
}

/** A published adoption figure (migration 007); `data` holds the whole fact as JSON. */
export interface AdoptionFactRow {
  id: string;
  /** Its place in `catalog/adoption.toml`. */
  position: number;
  kind: string;
  subject: string;
  subject_name: string;
  country: string;
  metric: string;
  value: number;
  as_of: string;
  /** The last day of the period `as_of` names (`datePeriod`). */
  as_of_end: string;
  scope: string;
  measured_by: string;
  source_url: string;
  data: string;
}

export interface Database {
  meta: MetaRow;
  licenses: LicenseRow;
  organizations: OrganizationRow;
  org_accounts: OrgAccountRow;
  models: ModelTable;
  model_orgs: ModelOrgRow;
  model_modalities: ModelModalityRow;
  model_tasks: ModelTaskRow;
  model_names: ModelNameRow;
  benchmark_results: BenchmarkResultRow;
  parameter_counts: ParameterCountRow;
  boards: BoardMetaRow;
  board_snapshots: BoardSnapshotRow;
  board_rows: BoardRowRow;
  board_names: BoardNameRow;
  adoption_facts: AdoptionFactRow;
  /** Kysely's own bookkeeping, listed so raw checks type. */
  kysely_migration: { name: string; timestamp: Generated<string> };
}
