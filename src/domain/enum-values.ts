// The values of the catalog's enumerations as plain lists, without zod: the store's list filters and the CLI read
// them on every start, and loading zod costs a read command ~80 ms. enums.ts makes the zod schemas
// (and says what each value means).

export const MODALITIES = [
  'text',
  'image',
  'video',
  'audio',
  'speech',
  'action',
  '3d',
  'time-series',
] as const;

export const TASKS = [
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
] as const;

export const WEIGHTS_STATUSES = ['open', 'announced', 'paper-only', 'api-only'] as const;

export const ARCHITECTURES = ['dense', 'moe', 'other'] as const;

export const ENTRY_KINDS = ['model', 'dataset'] as const;

export const ORGANIZATION_KINDS = [
  'big-tech',
  'startup',
  'lab',
  'university',
  'non-profit',
  'government',
] as const;

export const LICENSE_CLASSES = [
  'open-source',
  'open-weights-restricted',
  'non-commercial',
  'no-weights',
] as const;

export const PARAMETER_METHODS = ['official', 'computed', 'hub', 'name'] as const;

export const TRAINING_FLOPS_METHODS = ['stated', 'estimate-6ND'] as const;

export const SOURCE_KINDS = [
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
] as const;
