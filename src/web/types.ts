// Shapes of the API answers the dashboard reads (the server's zod schemas are the source of truth).

import type { CatalogStats } from '../domain/catalog-stats.ts';
import type { Model, ModelSummary } from '../domain/model.ts';
import type { Organization } from '../domain/organization.ts';

export type { CatalogStats, Model, ModelSummary, Organization };

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
