import { z } from 'zod';
import { ADOPTION_METRICS, AdoptionKind, AdoptionMetric, MeasuredBy, Qualifier } from '../domain/adoption.ts';
import { BoardId } from '../domain/board.ts';
import {
  Architecture,
  CountryCode,
  EntryKind,
  LicenseClass,
  Modality,
  OrganizationKind,
  ParameterMethod,
  SourceKind,
  Task,
  WeightsStatus,
} from '../domain/enums.ts';
import { PartialDate } from '../domain/partial-date.ts';

// The shapes of the TOML files under catalog/, as authors write them (snake_case keys). Objects are strict so a
// misspelt key is an error rather than a silently ignored fact. The loader turns these into domain records.

const SourceId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'expected a source id such as "card" or "paper-1"');
/** Links are shown to people: only http(s), never javascript: or data: URLs. */
const WebUrl = z.url({ protocol: /^https?$/, message: 'expected an absolute http(s) URL' });
const nonEmpty = z.string().trim().min(1, 'must not be empty');
/** A date as YYYY, YYYY-MM or YYYY-MM-DD (TOML dates arrive as strings); a bare year may be an integer. */
const FileDate = z.preprocess(
  (v) => (typeof v === 'number' && Number.isInteger(v) ? String(v) : v),
  PartialDate,
);
const count = z
  .number()
  .int('expected a whole number')
  .positive('must be positive')
  .max(1e14, 'implausibly large');

const SourceFile = z.strictObject({
  id: SourceId,
  url: WebUrl,
  title: nonEmpty.optional(),
  kind: SourceKind.optional(),
  accessed: FileDate.optional(),
});

export const OrgFile = z.strictObject({
  name: nonEmpty,
  native_name: nonEmpty.optional(),
  aliases: z.array(nonEmpty).default([]),
  country: CountryCode,
  kind: OrganizationKind,
  parent: nonEmpty.optional(),
  website: WebUrl.optional(),
  hugging_face: z.array(nonEmpty).default([]),
  description: nonEmpty.optional(),
  /** The source of the scalar facts (country, kind). Defaults to the only source when there is one. */
  source: SourceId.optional(),
  sources: z.array(SourceFile).default([]),
});
export type OrgFile = z.infer<typeof OrgFile>;

const ParameterCountFile = z
  .strictObject({
    total: count.optional(),
    active: count.optional(),
    method: ParameterMethod,
    source: SourceId,
    canonical: z.boolean().optional(),
    /** The figure counts the multi-token-prediction modules (Hub totals, some cards): kept, never canonical. */
    includes_mtp: z.boolean().optional(),
    /** Parameters of the MTP modules, as the source states them; never part of a canonical total. */
    mtp: count.optional(),
    /** Parameters of the vision encoder and projector, as the source states them; part of `total`. */
    vision: count.optional(),
    note: nonEmpty.optional(),
  })
  .refine((p) => p.total !== undefined || p.active !== undefined, 'give total, active or both')
  .refine((p) => p.total === undefined || p.vision === undefined || p.vision < p.total, {
    message: 'vision is a part of total, so smaller than it',
    path: ['vision'],
  })
  .refine((p) => p.total === undefined || p.active === undefined || p.active <= p.total, {
    message: 'active must not exceed total',
    path: ['active'],
  });

/** A positive figure that may be a TOML float (14.8e12) or integer, capped against typos in the exponent. */
const figure = (cap: number) =>
  z.number().positive('must be positive').max(cap, 'implausibly large (check the exponent)');

/** The training figures a `[training]` table may state; `[training.provenance]` names another source per figure. */
export const TRAINING_FACTS = ['tokens', 'gpu_hours', 'gpu', 'cost_usd', 'flops'] as const;

/**
 * What the maker states about training: tokens, compute as GPU hours on one accelerator type, cost, FLOPs. Only
 * stated figures belong here; an estimate of FLOPs from parameters and tokens is computed by the loader.
 */
const TrainingFile = z
  .strictObject({
    /** Training tokens (pre-training unless `note` says otherwise). */
    tokens: figure(1e16).optional(),
    gpu_hours: figure(1e10).optional(),
    /** The GPU or accelerator type the hours are counted in, e.g. "H800". */
    gpu: nonEmpty.optional(),
    /** The maker's stated cost in US dollars. */
    cost_usd: figure(1e12).optional(),
    /** Training compute in FLOPs, only when stated. */
    flops: figure(1e30).optional(),
    source: SourceId,
    /** What the figures cover: the final run only, a rental price assumption, … */
    note: nonEmpty.optional(),
    provenance: z.partialRecord(z.enum(TRAINING_FACTS), SourceId).default({}),
  })
  .refine(
    (t) => TRAINING_FACTS.some((f) => t[f] !== undefined),
    'give at least one of tokens, gpu_hours, gpu, cost_usd, flops',
  );

const BenchmarkFile = z.strictObject({
  benchmark: nonEmpty,
  score: z.number(),
  metric: nonEmpty,
  variant: z.string().default(''),
  source: SourceId,
  date: FileDate.optional(),
});

/** Facts whose source can be named in `[provenance]`; otherwise the model's default `source` states them. */
export const SCALAR_FACTS = [
  'released',
  'announced',
  'weights',
  'license',
  'input',
  'output',
  'tasks',
  'architecture',
  'context_length',
  'hugging_face',
  'base_models',
] as const;
export type ScalarFact = (typeof SCALAR_FACTS)[number];

/** The model's architecture config: a config.json file (path relative to the organisation folder) or inline. */
const ConfigFile = z
  .strictObject({
    source: SourceId,
    file: nonEmpty.optional(),
    json: z.record(z.string(), z.unknown()).optional(),
    /** The computed count is the canonical one (when no stated count follows the convention). */
    canonical: z.boolean().optional(),
  })
  .refine((c) => (c.file === undefined) !== (c.json === undefined), 'give exactly one of `file` and `json`');

/** What the catalog says about a peer dataset's different figure, e.g. where Epoch AI is wrong and why. */
const PeerNoteFile = z.strictObject({
  peer: z.enum(['epoch']),
  field: z.enum(['released', 'parameters', 'country']),
  note: nonEmpty,
  source: SourceId.optional(),
});

export const ModelFile = z.strictObject({
  /** Written by `omo catalog draft`: facts marked `# confirm:` await a curator; the check warns until removed. */
  draft: z.boolean().optional(),
  id: z
    .string()
    .regex(/^[A-Za-z0-9][\w.-]*\/[\w.-]+$/, 'expected "<owner>/<name>" such as "deepseek-ai/DeepSeek-R1"'),
  name: nonEmpty,
  kind: EntryKind.default('model'),
  /** Organisation ids (catalog folder names). Defaults to the folder the file is in. */
  organizations: z.array(nonEmpty).min(1).optional(),
  family: nonEmpty.optional(),
  released: FileDate.optional(),
  announced: FileDate.optional(),
  weights: WeightsStatus,
  license: nonEmpty,
  input: z.array(Modality).min(1),
  output: z.array(Modality).default([]),
  tasks: z.array(Task).min(1),
  architecture: Architecture.default('other'),
  architecture_detail: nonEmpty.optional(),
  context_length: count.optional(),
  hugging_face: z
    .array(z.string().regex(/^[\w.-]+\/[\w.-]+$/, 'expected a Hub repo id "<owner>/<name>"'))
    .default([]),
  base_models: z.array(nonEmpty).default([]),
  aliases: z.array(nonEmpty).default([]),
  notes: nonEmpty.optional(),
  source: SourceId.optional(),
  provenance: z.partialRecord(z.enum(SCALAR_FACTS), SourceId).default({}),
  parameters: z.array(ParameterCountFile).default([]),
  benchmarks: z.array(BenchmarkFile).default([]),
  config: ConfigFile.optional(),
  training: TrainingFile.optional(),
  peer_notes: z.array(PeerNoteFile).default([]),
  sources: z.array(SourceFile).default([]),
});
export type ModelFile = z.infer<typeof ModelFile>;

const LicenseFile = z.strictObject({
  name: nonEmpty,
  class: LicenseClass,
  spdx: z.boolean().default(false),
  url: WebUrl.optional(),
  notes: nonEmpty.optional(),
});
export const LicensesFile = z.record(z.string(), LicenseFile);

/**
 * One entry of `board-names.toml`, the reviewed resolution of leaderboard names the rules in
 * `src/boards/resolve-name.ts` cannot resolve (or resolve wrongly): the name as the board prints it, the board it
 * applies to (every board when absent), the catalog model it is (when it is one model) and its maker.
 */
const BoardNameEntryFile = z.strictObject({
  name: nonEmpty,
  board: BoardId.optional(),
  /** A catalog model id; absent when the row is not one catalog model (an app, an unreleased variant). */
  model: nonEmpty.optional(),
  /** An organisation id (a catalog folder name). */
  org: nonEmpty,
  /** Why: what the name is, and the source that says so. */
  note: nonEmpty.optional(),
});
export const BoardNamesFile = z.strictObject({ names: z.array(BoardNameEntryFile).default([]) });
export type BoardNamesFile = z.infer<typeof BoardNamesFile>;
const SlugId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a lower-case id (a-z, 0-9, -) such as "qwen"');

/** A source of an adoption figure: where it can be read, what it is, when it was read (all three required). */
const AdoptionSourceFile = z.strictObject({
  url: WebUrl,
  title: nonEmpty,
  accessed: FileDate.refine((d) => d.length === 10, 'give the day it was read, YYYY-MM-DD'),
});

/** A family as adoption figures name it: the brand over the catalog's versioned families. */
const AdoptionFamilyFile = z.strictObject({
  id: SlugId,
  name: nonEmpty,
  /** The organisation that makes it (a catalog folder name). */
  org: nonEmpty,
  /** Catalog families it covers: those whose name starts with one of these (default: its name). */
  prefixes: z.array(nonEmpty).min(1).optional(),
});

const AdoptionFactFile = z
  .strictObject({
    /** Stable, so the claim checker and links can name a fact. */
    id: SlugId,
    kind: AdoptionKind,
    /** A family id (declared above), an organisation id, or an ISO 3166-1 alpha-2 country code. */
    subject: nonEmpty,
    metric: AdoptionMetric,
    value: z.number().nonnegative('must not be negative').max(1e14, 'implausibly large'),
    /** Defaults to the metric's unit; when given, it must be that unit. */
    unit: nonEmpty.optional(),
    qualifier: Qualifier.default('exact'),
    as_of: FileDate,
    scope: nonEmpty,
    measured_by: MeasuredBy,
    /** Where the figure and the quote were read: the primary whenever it could be read. */
    source: AdoptionSourceFile,
    /** The original, when `source` reports it second-hand and the original could not be read. */
    primary: z.strictObject({ url: WebUrl, title: nonEmpty }).optional(),
    reported_in: z.array(AdoptionSourceFile).default([]),
    quote: nonEmpty,
    note: nonEmpty.optional(),
  })
  .superRefine((f, ctx) => {
    const metric = ADOPTION_METRICS[f.metric];
    if (metric.share && f.value > 1)
      ctx.addIssue({
        code: 'custom',
        path: ['value'],
        input: f.value,
        message: 'a share is a fraction between 0 and 1 (0.3 for 30%)',
      });
    if (f.unit !== undefined && f.unit !== metric.unit)
      ctx.addIssue({
        code: 'custom',
        path: ['unit'],
        input: f.unit,
        message: `${f.metric} is counted in ${metric.unit}`,
      });
  });

/** `catalog/adoption.toml`: families as the figures name them, then the figures. */
export const AdoptionFile = z.strictObject({
  families: z.array(AdoptionFamilyFile).default([]),
  facts: z.array(AdoptionFactFile).default([]),
});
export type AdoptionFile = z.infer<typeof AdoptionFile>;
