import type { CatalogFreshness } from './catalog-freshness.ts';

/** Catalog statistics as the API answers them (`GET /api/stats`); the dashboard reads the same shape. */
export interface Count {
  value: string | number | null;
  count: number;
  /** count / models matched; a joint model counts once for each of its countries or makers, so shares can sum past 1. */
  share: number;
}

export interface CatalogStats {
  asOf: {
    catalogLoadedAt: string | null;
    catalogHash: string | null;
    /** The newest release among the models matched (the filters apply). */
    latestRelease: string | null;
    /** The whole catalog's: the newest release it records, and when its facts were read (no filter applies). */
    catalogReaches: string | null;
    factsRead: CatalogFreshness['factsRead'] | null;
  };
  filters: Record<string, string[]>;
  totals: {
    models: number;
    organizations: number;
    countries: number;
    openWeights: number;
    withParameters: number;
  };
  byCountry: (Count & { organizations: number; openWeights: number; paramsTotal: number })[];
  byOrganization: (Count & { name: string; country: string; paramsTotal: number })[];
  byOrganizationKind: Count[];
  byModality: { input: Count[]; output: Count[] };
  byTask: Count[];
  byLicenseClass: Count[];
  byWeights: Count[];
  byArchitecture: Count[];
  byYear: Count[];
}
