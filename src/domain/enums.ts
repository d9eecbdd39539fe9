import { z } from 'zod';

/** What goes in or out of a model. `action` covers robot control; `3d` meshes, point clouds and scenes. */
export const Modality = z.enum(['text', 'image', 'video', 'audio', 'speech', 'action', '3d', 'time-series']);
export type Modality = z.infer<typeof Modality>;

/** What a model is for. A model may have several. */
export const Task = z.enum([
  'text-generation',
  'chat',
  'reasoning',
  'code',
  'math',
  'agent',
  'vision-language',
  'ocr',
  'embedding',
  'reranking',
  'translation',
  'safety',
  'text-to-image',
  'image-editing',
  'text-to-video',
  'image-to-video',
  'text-to-3d',
  'tts',
  'asr',
  'audio-understanding',
  'speech-to-speech',
  'music-generation',
  'robotics',
  'world-model',
  'forecasting',
  'dataset',
]);
export type Task = z.infer<typeof Task>;

/** Whether the weights can be downloaded. */
export const WeightsStatus = z.enum(['open', 'announced', 'paper-only', 'api-only']);
export type WeightsStatus = z.infer<typeof WeightsStatus>;

export const Architecture = z.enum(['dense', 'moe', 'other']);
export type Architecture = z.infer<typeof Architecture>;

/** A catalog entry is a model or a dataset (e.g. robot-learning data released with a model). */
export const EntryKind = z.enum(['model', 'dataset']);
export type EntryKind = z.infer<typeof EntryKind>;

export const OrganizationKind = z.enum([
  'big-tech',
  'startup',
  'lab',
  'university',
  'non-profit',
  'government',
]);
export type OrganizationKind = z.infer<typeof OrganizationKind>;

/**
 * open-source: OSI-style terms (MIT, Apache-2.0); open-weights-restricted: weights downloadable under use
 * restrictions (Llama, Gemma terms); non-commercial: research or non-commercial use only; no-weights: nothing
 * to download (API only, announced, paper only).
 */
export const LicenseClass = z.enum([
  'open-source',
  'open-weights-restricted',
  'non-commercial',
  'no-weights',
]);
export type LicenseClass = z.infer<typeof LicenseClass>;

/** How a parameter count was obtained. */
export const ParameterMethod = z.enum(['official', 'computed', 'hub']);
export type ParameterMethod = z.infer<typeof ParameterMethod>;

export const SourceKind = z.enum([
  'model-card',
  'paper',
  'blog',
  'repo',
  'hub',
  'docs',
  'license',
  'news',
  'leaderboard',
  'dataset',
  'other',
]);
export type SourceKind = z.infer<typeof SourceKind>;

/** ISO 3166-1 alpha-2 country code. */
export const CountryCode = z.string().regex(/^[A-Z]{2}$/, 'expected an ISO 3166-1 alpha-2 code such as "CN"');
