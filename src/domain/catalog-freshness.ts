// How current the catalog is: the newest release it records, and when its sources were last read. The loader
// computes it, the store keeps it with the loaded catalog, and /api/stats, /healthz and the overview state it.

/** What date the catalog reaches and when its facts were read (sources' `accessed` dates). */
export interface CatalogFreshness {
  /** The newest release date of any entry (YYYY, YYYY-MM or YYYY-MM-DD), null when none is dated. */
  reaches: string | null;
  factsRead: {
    /** The oldest and newest `accessed` date among the sources of models and organisations. */
    oldest: string | null;
    newest: string | null;
    /** Sources in all, and how many of them record no `accessed` date. */
    sources: number;
    undated: number;
  };
}
