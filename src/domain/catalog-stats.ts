/** Catalog statistics as the API answers them (`GET /api/stats`); the dashboard reads the same shape. */
export interface Count {
  value: string | number | null;
  count: number;
  /** count / models matched; a joint model counts once for each of its countries or makers, so shares can sum past 1. */
  share: number;
}

export interface CatalogStats {
  asOf: { catalogLoadedAt: string | null; catalogHash: string | null; latestRelease: string | null };
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
