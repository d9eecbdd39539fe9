import { z } from 'zod';
import { isCountryCode } from './countries.ts';
import {
  ARCHITECTURES,
  ENTRY_KINDS,
  LICENSE_CLASSES,
  MODALITIES,
  ORGANIZATION_KINDS,
  PARAMETER_METHODS,
  SOURCE_KINDS,
  TASKS,
  TRAINING_FLOPS_METHODS,
  WEIGHTS_STATUSES,
} from './enum-values.ts';

/** What goes in or out of a model. `action` covers robot control; `3d` meshes, point clouds and scenes. */
export const Modality = z.enum(MODALITIES);
export type Modality = z.infer<typeof Modality>;

/** What a model is for. A model may have several. */
export const Task = z.enum(TASKS);
export type Task = z.infer<typeof Task>;

/** Whether the weights can be downloaded. */
export const WeightsStatus = z.enum(WEIGHTS_STATUSES);
export type WeightsStatus = z.infer<typeof WeightsStatus>;

export const Architecture = z.enum(ARCHITECTURES);
export type Architecture = z.infer<typeof Architecture>;

/** A catalog entry is a model or a dataset (e.g. robot-learning data released with a model). */
export const EntryKind = z.enum(ENTRY_KINDS);
export type EntryKind = z.infer<typeof EntryKind>;

export const OrganizationKind = z.enum(ORGANIZATION_KINDS);
export type OrganizationKind = z.infer<typeof OrganizationKind>;

/**
 * open-source: OSI-style terms (MIT, Apache-2.0); open-weights-restricted: weights downloadable under use
 * restrictions (Llama, Gemma terms); non-commercial: research or non-commercial use only; no-weights: nothing
 * to download (API only, announced, paper only).
 */
export const LicenseClass = z.enum(LICENSE_CLASSES);
export type LicenseClass = z.infer<typeof LicenseClass>;

/**
 * How a parameter count was obtained: `official` stated by the maker, `computed` from the config, `hub` the
 * safetensors total, `name` read only from the model's name ("Llama-3-8B"): a rounded figure, canonical only when
 * nothing better exists.
 */
export const ParameterMethod = z.enum(PARAMETER_METHODS);
export type ParameterMethod = z.infer<typeof ParameterMethod>;

/** Training FLOPs as the maker states them, or estimated as 6 × active parameters × tokens. */
export const TrainingFlopsMethod = z.enum(TRAINING_FLOPS_METHODS);
export type TrainingFlopsMethod = z.infer<typeof TrainingFlopsMethod>;

export const SourceKind = z.enum(SOURCE_KINDS);
export type SourceKind = z.infer<typeof SourceKind>;

/** ISO 3166-1 alpha-2 country code. */
export const CountryCode = z
  .string()
  .regex(/^[A-Z]{2}$/, 'expected an ISO 3166-1 alpha-2 code such as "CN"')
  .refine(isCountryCode, 'not a country: expected an ISO 3166-1 alpha-2 code such as "CN"');
