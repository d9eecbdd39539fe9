// Shapes of the API answers the dashboard reads (the server's zod schemas are the source of truth).

import type { AdoptionFact } from '../domain/adoption.ts';
import type { CatalogStats } from '../domain/catalog-stats.ts';
import type { Model, ModelSummary } from '../domain/model.ts';
import type { Organization } from '../domain/organization.ts';
import type { Claim, Mention, Verdict, VerifyResult } from '../domain/verify.ts';

export type {
  AdoptionFact,
  CatalogStats,
  Claim,
  Mention,
  Model,
  ModelSummary,
  Organization,
  Verdict,
  VerifyResult,
};

export interface Page<Row> {
  rows: Row[];
  total: number;
  count: number;
  next: string | null;
  truncated: boolean;
  facets?: Record<string, { value: string | number | null; count: number }[]>;
}

export interface Timeline {
  interval: string;
  group: string;
  rows: { period: string; group: string | null; count: number }[];
  undated: number;
}

export interface RankRow {
  group: string | null;
  count: number;
  share: number;
}

/** `GET /api/families/{slug}`: a family (or a line of families) and its members; `family:<slug>` mentions link here. */
export interface Family {
  id: string;
  slug: string;
  name: string;
  members: {
    id: string;
    name: string;
    family: string | null;
    released: string | null;
    weights: string;
    parameters: { total: number | null; active: number | null };
  }[];
}

// Leaderboards (issue 17): `/api/boards`, `/api/leaders`, `/api/leaders/best`, `/api/adoption`.

export interface BoardSource {
  url: string;
  title: string;
  note?: string;
}

export interface BoardSnapshotInfo {
  at: string;
  rows: number;
  origin: 'bundled' | 'import';
  source: BoardSource;
}

export interface BoardInfo {
  id: string;
  name: string;
  url: string;
  kind: string;
  snapshots: BoardSnapshotInfo[];
}

export interface Boards {
  boards: BoardInfo[];
}

export type LeaderGroup = 'country' | 'org' | 'weights' | 'license_class';

export interface LeaderShare {
  group: string | null;
  count: number;
  share: number;
}

/** `GET /api/leaders` at one snapshot: the shares, and the rows that could not be placed. */
export interface LeadersAt {
  board: string;
  at: string;
  top: number;
  group: LeaderGroup;
  rows: LeaderShare[];
  unresolved: {
    rank: number;
    name: string;
    /** The maker found, or null. */
    org: string | null;
    /** The board's own maker column, as written. */
    board_org: string | null;
    method: string;
  }[];
  resolved: { model: number; org: number; total: number };
  source: BoardSource;
}

export interface LeadersOverTime {
  board: string;
  top: number;
  group: LeaderGroup;
  /** Per snapshot: the shares, the rows counted without a catalog model, and the rows counted (fewer than `top` when
   * the board lists fewer). */
  series: { at: string; rows: LeaderShare[]; unresolved: number; total: number }[];
}

export interface BestModel {
  model: string | null;
  name: string;
  score: number | null;
  country: string | null;
}

export interface BestByCountry {
  country: string;
  model: string | null;
  name: string;
  score: number | null;
}

export interface LeadersBest {
  board: string;
  snapshots: {
    at: string;
    by_country: BestByCountry[];
    /** The best open-weight row of each country. */
    open_by_country: BestByCountry[];
    best_open: BestModel | null;
    best_closed: BestModel | null;
    gap: number | null;
  }[];
}

/** `GET /api/adoption`: published adoption figures, each someone's dated statement with its source. */
export interface Adoption {
  facts: AdoptionFact[];
}

/** A Hub snapshot as `GET /api/hub/snapshots` lists it (the fields the dashboard reads). */
export interface HubSnapshotInfo {
  takenAt: string;
  source: string;
  models: number;
  /** The bundled listing's label when the snapshot was ingested from it. */
  listing: {
    date: string;
    title: string;
    url: string;
    coverage: string;
    partial: boolean;
    downloads: string | null;
  } | null;
}
