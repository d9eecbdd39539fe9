import type { Modality, Task } from '../domain/enums.ts';
import type { Model } from '../domain/model.ts';
import type { ParamReport } from '../domain/param-report.ts';
import type { HubRepoFacts } from '../sources/hf-hub/read-hub-repo.ts';

/** What a Hub pipeline tag says a model takes, gives and is for; a curator confirms it. */
const PIPELINES: Record<string, { input: Modality[]; output: Modality[]; tasks: Task[] }> = {
  'text-generation': { input: ['text'], output: ['text'], tasks: ['text-generation'] },
  'image-text-to-text': { input: ['text', 'image'], output: ['text'], tasks: ['vision-language'] },
  'video-text-to-text': { input: ['text', 'image', 'video'], output: ['text'], tasks: ['vision-language'] },
  'text-to-image': { input: ['text'], output: ['image'], tasks: ['text-to-image'] },
  'image-to-image': { input: ['text', 'image'], output: ['image'], tasks: ['image-editing'] },
  'text-to-video': { input: ['text'], output: ['video'], tasks: ['text-to-video'] },
  'image-to-video': { input: ['text', 'image'], output: ['video'], tasks: ['image-to-video'] },
  'text-to-speech': { input: ['text'], output: ['speech'], tasks: ['tts'] },
  'text-to-audio': { input: ['text'], output: ['audio'], tasks: ['music-generation'] },
  'automatic-speech-recognition': { input: ['speech'], output: ['text'], tasks: ['asr'] },
  'audio-text-to-text': { input: ['text', 'audio'], output: ['text'], tasks: ['audio-understanding'] },
  'feature-extraction': { input: ['text'], output: [], tasks: ['embedding'] },
  'sentence-similarity': { input: ['text'], output: [], tasks: ['embedding'] },
  'text-ranking': { input: ['text'], output: [], tasks: ['reranking'] },
  translation: { input: ['text'], output: ['text'], tasks: ['translation'] },
  'image-to-text': { input: ['image'], output: ['text'], tasks: ['ocr'] },
  'text-to-3d': { input: ['text'], output: ['3d'], tasks: ['text-to-3d'] },
  robotics: { input: ['text', 'image'], output: ['action'], tasks: ['robotics'] },
  'time-series-forecasting': { input: ['time-series'], output: ['time-series'], tasks: ['forecasting'] },
};
const FALLBACK_PIPELINE = { input: ['text'], output: ['text'], tasks: ['text-generation'] } as const;

export interface DraftInput {
  facts: HubRepoFacts;
  /** The repo's config.json and what omo counts from it; null when it has none or omo cannot count it. */
  config: { json: unknown; report: ParamReport } | null;
  /** The file's slug (its config goes in `configs/<slug>.json` of the organisation folder). */
  slug: string;
  /** The catalog's models (base models must name one) and licence ids (matched case-insensitively). */
  models: readonly Model[];
  licenses: readonly string[];
  /** The Hub the facts were read from (HF_ENDPOINT), and today's date (YYYY-MM-DD) for `accessed`. */
  hubUrl: string;
  today: string;
}

/** A TOML basic string: JSON's escapes are TOML's. */
const str = (s: string) => JSON.stringify(s);
const list = (xs: readonly string[]) => `[${xs.map(str).join(', ')}]`;
const int = (n: number) => String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, '_');

/**
 * A catalog model file drafted from what the Hub says, every fact sourced to the Hub and each one a curator must
 * confirm marked `# confirm:`. `draft = true` makes `omo catalog check` warn until a curator removes it. Base
 * models and licences the catalog does not know are left as comments, so the draft passes the check.
 */
export function draftModel(input: DraftInput): {
  toml: string;
  configFile: string | null;
  unknownLicense: string | null;
} {
  const { facts, config, slug } = input;
  const name = facts.repo.split('/')[1] ?? facts.repo;
  const pipe = (facts.pipelineTag && PIPELINES[facts.pipelineTag]) || FALLBACK_PIPELINE;
  const license = facts.license
    ? input.licenses.find((l) => l.toLowerCase() === facts.license?.toLowerCase())
    : undefined;
  const known = new Map(
    input.models.flatMap((m) => [m.id, ...m.huggingFace].map((k) => [k.toLowerCase(), m.id])),
  );
  const bases = facts.baseModels.map((b) => ({ repo: b, id: known.get(b.toLowerCase()) }));
  const report = config?.report ?? null;
  const configFile = config ? `configs/${slug}.json` : null;
  const lines = [
    `# Drafted by \`omo catalog draft ${facts.repo}\` on ${input.today} from ${input.hubUrl}.`,
    "# Confirm each line marked `# confirm:` against the model card or the maker's announcement, remove the marks",
    '# and `draft = true`, and add what the Hub does not say (release date, family, aliases, official counts).',
    'draft = true',
    `id = ${str(facts.repo)}`,
    `name = ${str(name)}  # confirm: the maker's name for the model`,
    ...(facts.createdAt
      ? [
          `released = ${facts.createdAt.slice(0, 10)}  # confirm: the Hub repo's creation date, not necessarily the release`,
        ]
      : []),
    `weights = "open"${facts.gated ? '  # confirm: the repo is gated' : ''}`,
    license
      ? `license = ${str(license)}  # confirm: from the card's metadata`
      : `license = ${str(facts.license ?? 'unknown')}  # confirm: not in licenses.toml: add it there, or correct this`,
    `input = ${list(pipe.input)}  # confirm: from the pipeline tag ${str(facts.pipelineTag ?? 'none')}`,
    `output = ${list(pipe.output)}`,
    `tasks = ${list(pipe.tasks)}  # confirm`,
    ...(report
      ? [`architecture = ${str(report.active < report.total ? 'moe' : 'dense')}  # confirm: from config.json`]
      : []),
    ...contextLine(config?.json),
    `hugging_face = [${str(facts.repo)}]`,
    ...(bases.some((b) => b.id) ? [`base_models = ${list(bases.flatMap((b) => (b.id ? [b.id] : [])))}`] : []),
    ...bases.filter((b) => !b.id).map((b) => `# base model not in the catalog: ${b.repo}`),
    ...(facts.languages.length
      ? [`notes = ${str(`Languages on the Hub card: ${facts.languages.join(', ')}.`)}`]
      : []),
    'source = "card"',
    '',
    '[provenance]',
    ...(facts.createdAt ? ['released = "hub-api"'] : []),
    'hugging_face = "hub-api"',
    ...(report ? ['architecture = "config"'] : []),
    ...(contextLine(config?.json).length ? ['context_length = "config"'] : []),
    '',
    ...parameterLines(facts, report, name),
    ...(configFile
      ? ['[config]', 'source = "config"', `file = ${str(configFile)}`, 'canonical = true', '']
      : []),
    ...sourceLines(input),
  ];
  return {
    toml: `${lines.join('\n')}\n`,
    configFile,
    unknownLicense: license ? null : (facts.license ?? 'none'),
  };
}

function contextLine(json: unknown): string[] {
  const n = (json as Record<string, unknown> | undefined)?.max_position_embeddings;
  return typeof n === 'number' && Number.isInteger(n) && n > 0
    ? [`context_length = ${int(n)}  # confirm: max_position_embeddings in config.json`]
    : [];
}

/**
 * The Hub's safetensors total (marked `includes_mtp` when the config's MTP module explains the difference), and
 * where neither it nor a config exists, a count read from the name ("8B"), marked `method = "name"`.
 */
function parameterLines(facts: HubRepoFacts, report: ParamReport | null, name: string): string[] {
  const out: string[] = [];
  const hub = facts.safetensorsTotal;
  if (hub !== null) {
    const mtp = report?.extra.mtp ?? 0;
    const withMtp =
      report !== null && mtp > 0 && Math.abs(hub - (report.total + mtp)) < Math.abs(hub - report.total);
    out.push('[[parameters]]', `total = ${int(hub)}`, 'method = "hub"', 'source = "hub-api"');
    if (withMtp) out.push('includes_mtp = true');
    out.push('note = "Safetensors total on the Hub: every stored tensor."', '');
  }
  const fromName = /(?:^|[-_])(\d+(?:\.\d+)?)([BM])(?:$|[-_])/i.exec(name);
  if (hub === null && report === null && fromName) {
    const n = Number(fromName[1]) * (fromName[2]?.toUpperCase() === 'B' ? 1e9 : 1e6);
    out.push(
      '[[parameters]]',
      `total = ${int(n)}  # confirm: read only from the name`,
      'method = "name"',
      'source = "card"',
      '',
    );
  }
  return out;
}

function sourceLines({ facts, hubUrl, today, config }: DraftInput): string[] {
  const source = (id: string, url: string, title: string, kind: string) => [
    '[[sources]]',
    `id = ${str(id)}`,
    `url = ${str(url)}`,
    `title = ${str(title)}`,
    `kind = ${str(kind)}`,
    `accessed = ${today}`,
    '',
  ];
  return [
    ...source('card', `${hubUrl}/${facts.repo}`, `${facts.repo} model card (Hugging Face)`, 'model-card'),
    ...source('hub-api', facts.apiUrl, `${facts.repo} on the Hugging Face Hub API`, 'hub'),
    ...(config
      ? source('config', `${hubUrl}/${facts.repo}/blob/main/config.json`, `${facts.repo} config.json`, 'repo')
      : []),
  ];
}
