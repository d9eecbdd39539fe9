import type { CatalogFreshness } from '../domain/catalog-freshness.ts';
import type { Model } from '../domain/model.ts';
import type { Organization } from '../domain/organization.ts';
import type { Source } from '../domain/source.ts';

/** The newest release and the oldest and newest dates the catalog's sources were read. */
export function catalogFreshness(
  models: readonly Model[],
  organizations: readonly Organization[],
): CatalogFreshness {
  // Partial dates compare as text: "2026" < "2026-10" < "2026-10-01", and every one sorts by its first day.
  const max = (a: string | null, b: string) => (a === null || b > a ? b : a);
  const min = (a: string | null, b: string) => (a === null || b < a ? b : a);
  let reaches: string | null = null;
  for (const m of models) if (m.released) reaches = max(reaches, m.released);
  const sources: Source[] = [...models.flatMap((m) => m.sources), ...organizations.flatMap((o) => o.sources)];
  let oldest: string | null = null;
  let newest: string | null = null;
  let undated = 0;
  for (const s of sources) {
    if (!s.accessed) undated++;
    else {
      oldest = min(oldest, s.accessed);
      newest = max(newest, s.accessed);
    }
  }
  return { reaches, factsRead: { oldest, newest, sources: sources.length, undated } };
}

/** One source of one model or organisation not read since the cutoff, with the facts that cite it. */
export interface StaleSource {
  kind: 'model' | 'organization';
  /** The model's or organisation's id. */
  id: string;
  file: string;
  source: string;
  url: string;
  /** When it was last read; null when the catalog records no date (never known to be read). */
  accessed: string | null;
  /** The facts that cite it: `released`, `parameters[0]`, `benchmarks: MMLU`, `training.tokens`… */
  facts: string[];
}

/**
 * Every source read before `cutoff` (YYYY-MM-DD) or never dated, per model or organisation, oldest first (undated
 * ones first of all): the facts a curator should read again.
 */
export function staleSources(
  models: readonly Model[],
  organizations: readonly Organization[],
  cutoff: string,
): StaleSource[] {
  const stale = (s: Source) => !s.accessed || s.accessed < cutoff;
  // A model's row names the facts that cite the source; an organisation's names none.
  const owners = [
    ...models.map((m) => ({ kind: 'model' as const, of: m, facts: (id: string) => factsCiting(m, id) })),
    ...organizations.map((o) => ({ kind: 'organization' as const, of: o, facts: () => [] })),
  ];
  const rows: StaleSource[] = owners.flatMap(({ kind, of, facts }) =>
    of.sources.filter(stale).map((s) => ({
      kind,
      id: of.id,
      file: of.file,
      source: s.id,
      url: s.url,
      accessed: s.accessed ?? null,
      facts: facts(s.id),
    })),
  );
  const key = (r: StaleSource) => r.accessed ?? '';
  return rows.sort(
    (a, b) => key(a).localeCompare(key(b)) || a.id.localeCompare(b.id) || a.source.localeCompare(b.source),
  );
}

/** The facts of a model that name source `id`. */
function factsCiting(m: Model, id: string): string[] {
  const facts = Object.entries(m.provenance)
    .filter(([, ref]) => ref.id === id)
    .map(([fact]) => fact);
  m.parameterCounts.forEach((p, i) => {
    if (p.source.id === id) facts.push(p.method === 'computed' ? 'config' : `parameters[${i}]`);
  });
  for (const b of m.benchmarks) if (b.source.id === id) facts.push(`benchmarks: ${b.benchmark}`);
  for (const [fact, ref] of Object.entries(m.training?.provenance ?? {}))
    if (ref.id === id) facts.push(`training.${fact}`);
  for (const n of m.peerNotes) if (n.source?.id === id) facts.push(`peer_notes: ${n.field}`);
  return facts;
}
