import type { Kysely } from 'kysely';
import type { Database } from './database.ts';

// Row types of the hub tables (migrations 002-hub and 003-hub-model-key). Kept apart from database.ts so the catalog schema and the hub
// schema evolve independently; `hubDb` gives a Kysely typed with both.

/** How many models per metric the precomputed rankings (hub_top) keep; larger `--top` values are answered by a scan. */
export const HUB_TOP_SIZE = 10_000;

/** The per-snapshot tables: rows carry snapshot_id and taken_on, and PostgreSQL partitions them by month. */
export const HUB_PARTITIONED_TABLES = [
  'hub_models',
  'hub_authors',
  'hub_missing',
  'hub_top',
  'hub_trend',
] as const;

export interface HubSnapshotRow {
  id: number;
  taken_at: string;
  taken_on: string;
  content_hash: string;
  source: string;
  models: number;
  edges: number;
  skipped: number;
  /** JSON: lineage problems found in the snapshot (cycles, self-references, dangling references). */
  issues: string;
  ingested_at: string;
}

export interface HubModelRow {
  snapshot_id: number;
  taken_on: string;
  /**
   * PostgreSQL only: the lower-cased repo id, generated from `id` (the Hub resolves ids case-insensitively, and so
   * do card references). SQLite keys the table by `id` under NOCASE instead; hub-repo looks rows up through either.
   */
  key?: string;
  id: string;
  /** The model's Hub account: its number in the snapshot's hub_authors. */
  author_no: number;
  /** createdAt in ms since the epoch (UTC). */
  created_at: number | null;
  downloads: number;
  downloads_all_time: number | null;
  likes: number;
  /**
   * JSON [[parent id, relation], …] in listed order; null without parents. The model's own relation is its first
   * parent's.
   */
  parent_ids: string | null;
  /** Null when the model is its own root. */
  root_id: string | null;
  /** The root's account (hub_authors); null when the model is its own root. */
  root_author_no: number | null;
  depth: number;
  /** Derivatives by the relation of their own edge; their sum is the model's derivative count. */
  d_finetune: number;
  d_adapter: number;
  d_quantized: number;
  d_merge: number;
  max_depth: number;
  /** JSON list of the keys of its children; null when none. */
  child_keys: string | null;
}

/** The Hub accounts of a snapshot's models and of the parents it lacks (owners of their ids), numbered. */
export interface HubAuthorRow {
  snapshot_id: number;
  taken_on: string;
  author_no: number;
  /** Lower-cased Hub account. */
  author: string;
}

export interface HubMissingRow {
  snapshot_id: number;
  taken_on: string;
  key: string;
  id: string;
  /** JSON list of the keys of its children in the snapshot. */
  child_keys: string;
}

export interface HubTopRow {
  snapshot_id: number;
  taken_on: string;
  metric: string;
  position: number;
  key: string;
}

export interface HubTrendRow {
  snapshot_id: number;
  taken_on: string;
  period: string;
  root_author: string;
  relation: string;
  models: number;
}

export interface HubAccountRow {
  account: string;
  organisation: string;
  country: string | null;
}

export interface HubSyncRow {
  key: string;
  next_url: string | null;
  fetched: number;
  spool: string;
  spool_bytes: number;
  taken_at: string;
  updated_at: string;
}

export interface HubTables {
  hub_snapshots: HubSnapshotRow;
  hub_models: HubModelRow;
  hub_authors: HubAuthorRow;
  hub_missing: HubMissingRow;
  hub_top: HubTopRow;
  hub_trend: HubTrendRow;
  hub_accounts: HubAccountRow;
  hub_sync: HubSyncRow;
}

export type HubDatabase = Database & HubTables;

/** The same Kysely instance, typed with the hub tables too. */
export function hubDb(db: Kysely<Database>): Kysely<HubDatabase> {
  return db as unknown as Kysely<HubDatabase>;
}
