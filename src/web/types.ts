// Shapes of the API answers the dashboard reads (the server's zod schemas are the source of truth).

import type { CatalogStats } from '../domain/catalog-stats.ts';
import type { Model, ModelSummary } from '../domain/model.ts';
import type { Organization } from '../domain/organization.ts';
import type { Claim, Mention, Verdict, VerifyResult } from '../domain/verify.ts';

export type { CatalogStats, Claim, Mention, Model, ModelSummary, Organization, Verdict, VerifyResult };

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
