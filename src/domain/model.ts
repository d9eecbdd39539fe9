import { z } from 'zod';
import {
  Architecture,
  EntryKind,
  LicenseClass,
  Modality,
  ParameterMethod,
  Task,
  TrainingFlopsMethod,
  WeightsStatus,
} from './enums.ts';
import { OrganizationRef } from './organization.ts';
import { ParamReport } from './param-report.ts';
import { DatePrecision } from './partial-date.ts';
import { Source, SourceRef } from './source.ts';

export const ParameterCount = z.object({
  total: z.number().nullable(),
  active: z.number().nullable(),
  method: ParameterMethod,
  source: SourceRef,
  /** The count the catalog uses in lists and analysis. Exactly one per model is canonical. */
  canonical: z.boolean(),
  /** Multi-token-prediction parameters, recorded apart: a canonical total never includes them. */
  mtp: z.number().nullable(),
  /** `total` includes the MTP modules (a Hub safetensors total, some makers' figures); never canonical. */
  includesMtp: z.boolean(),
  /** Vision encoder and projector parameters, included in `total` (vision-language and omni models). */
  vision: z.number().nullable(),
  note: z.string().nullable(),
});
export type ParameterCount = z.infer<typeof ParameterCount>;

/**
 * What the maker states about training. `flops` is the stated figure, or else 6 × active parameters × tokens
 * (`flopsMethod: "estimate-6ND"`) when both are known; `provenance` names the source of each figure.
 */
export const Training = z.object({
  /** Training tokens (pre-training unless `note` says otherwise). */
  tokens: z.number().nullable(),
  gpuHours: z.number().nullable(),
  /** The GPU or accelerator type the hours are counted in. */
  gpu: z.string().nullable(),
  /** The maker's stated cost in US dollars. */
  costUsd: z.number().nullable(),
  flops: z.number().nullable(),
  flopsMethod: TrainingFlopsMethod.nullable(),
  note: z.string().nullable(),
  source: SourceRef,
  /** The source of each stated figure (tokens, gpuHours, gpu, costUsd, flops). */
  provenance: z.record(z.string(), SourceRef),
});
export type Training = z.infer<typeof Training>;

const BenchmarkResult = z.object({
  benchmark: z.string(),
  score: z.number(),
  /** e.g. pass@1, accuracy, exact-match, total score. */
  metric: z.string(),
  /** e.g. "0-shot CoT", "avg@64", "diamond". Empty when the maker states none. */
  variant: z.string(),
  source: SourceRef,
  date: z.string().nullable(),
});

const ModelLicense = z.object({
  id: z.string(),
  name: z.string(),
  class: LicenseClass,
  url: z.string().nullable(),
});

/** A catalog model (or dataset) as the CLI and the API return it. */
export const Model = z.object({
  id: z.string(),
  slug: z.string(),
  kind: EntryKind,
  name: z.string(),
  family: z.string().nullable(),
  organizations: z.array(OrganizationRef).min(1),
  countries: z.array(z.string()),
  released: z.string().nullable(),
  releasedPrecision: DatePrecision.nullable(),
  announced: z.string().nullable(),
  weights: WeightsStatus,
  open: z.boolean(),
  license: ModelLicense,
  modalities: z.object({ input: z.array(Modality), output: z.array(Modality) }),
  tasks: z.array(Task),
  architecture: Architecture,
  architectureDetail: z.string().nullable(),
  parameters: z.object({ total: z.number().nullable(), active: z.number().nullable() }),
  parameterCounts: z.array(ParameterCount),
  contextLength: z.number().int().nullable(),
  huggingFace: z.array(z.string()),
  baseModels: z.array(z.string()),
  aliases: z.array(z.string()),
  benchmarks: z.array(BenchmarkResult),
  /** Figures computed from the model's config.json, when the catalog records one. */
  computed: ParamReport.nullable(),
  /** Training tokens, compute, cost and FLOPs, when the maker states them. */
  training: Training.nullable(),
  /** Where a peer dataset (Epoch AI) states something else, and what the catalog makes of it. */
  peerNotes: z.array(
    z.object({ peer: z.string(), field: z.string(), note: z.string(), source: SourceRef.nullable() }),
  ),
  sources: z.array(Source),
  /** Which source states each scalar fact (released, license, weights, …). */
  provenance: z.record(z.string(), SourceRef),
  notes: z.string().nullable(),
  file: z.string(),
});
export type Model = z.infer<typeof Model>;

/** The compact row lists return. */
export const ModelSummary = Model.pick({
  id: true,
  name: true,
  kind: true,
  family: true,
  organizations: true,
  countries: true,
  released: true,
  weights: true,
  open: true,
  license: true,
  modalities: true,
  tasks: true,
  architecture: true,
  parameters: true,
  contextLength: true,
  huggingFace: true,
});
export type ModelSummary = z.infer<typeof ModelSummary>;
