import type { Training } from '../domain/model.ts';
import type { SourceRef } from '../domain/source.ts';
import { type ModelFile, TRAINING_FACTS } from './catalog-files.ts';
import type { CatalogReader, ParsedFile } from './catalog-reader.ts';
import type { ResolveSource } from './source-refs.ts';

/** The domain's name of each training figure of the file. */
const DOMAIN_KEY = {
  tokens: 'tokens',
  gpu_hours: 'gpuHours',
  gpu: 'gpu',
  cost_usd: 'costUsd',
  flops: 'flops',
} as const;

/**
 * A model's `[training]` table as a domain record: each stated figure with its source (its own in
 * `[training.provenance]`, else the table's `source`). Training FLOPs not stated are estimated as
 * 6 × active parameters × tokens (the usual dense-transformer rule: forward and backward pass) and marked
 * `estimate-6ND`, so an estimate is never mistaken for the maker's figure; without both factors there is none.
 */
export function trainingFacts(
  reader: CatalogReader,
  parsed: ParsedFile<ModelFile>,
  resolve: ResolveSource,
  activeParameters: number | null,
): Training | null {
  const t = parsed.data.training;
  if (!t) return null;
  const provenance: Record<string, SourceRef> = {};
  const source = resolve(t.source, ['training', 'source']);
  for (const fact of TRAINING_FACTS) {
    const own = t.provenance[fact];
    if (t[fact] === undefined) {
      if (own !== undefined)
        reader.issue(
          parsed,
          ['training', 'provenance', fact],
          'provenance for a figure the table does not state',
        );
      continue;
    }
    const ref = own === undefined ? source : resolve(own, ['training', 'provenance', fact]);
    if (ref) provenance[DOMAIN_KEY[fact]] = ref;
  }
  if (!source) return null;
  const estimate =
    t.flops === undefined && t.tokens !== undefined && activeParameters !== null
      ? 6 * activeParameters * t.tokens
      : null;
  return {
    tokens: t.tokens ?? null,
    gpuHours: t.gpu_hours ?? null,
    gpu: t.gpu ?? null,
    costUsd: t.cost_usd ?? null,
    flops: t.flops ?? estimate,
    flopsMethod: t.flops !== undefined ? 'stated' : estimate !== null ? 'estimate-6ND' : null,
    note: t.note ?? null,
    source,
    provenance,
  };
}
