import { modelInfo } from '@huggingface/hub';
import { HubApiError } from './errors.ts';

/** What the Hub says about one model repo, as `omo catalog draft` needs it. */
export interface HubRepoFacts {
  repo: string;
  author: string | null;
  /** When the repo was created on the Hub (ISO timestamp): an upper bound of the weights' release, not the release. */
  createdAt: string | null;
  pipelineTag: string | null;
  /** The card's `license`, or its `license_name` when `license` is "other". */
  license: string | null;
  baseModels: string[];
  languages: string[];
  /** The Hub's safetensors total (every tensor, MTP modules included), null when the repo has no safetensors. */
  safetensorsTotal: number | null;
  downloads: number;
  gated: boolean;
  /** Where the facts were read: the API answer's URL. */
  apiUrl: string;
}

export interface ReadHubRepoOptions {
  /** Default `HF_ENDPOINT`, then https://huggingface.co. */
  hubUrl?: string | undefined;
  /** Default `HF_TOKEN`. */
  accessToken?: string | undefined;
  fetch?: typeof fetch;
}

/** A card field that may be one string or a list of them, as a list of non-empty strings. */
function strings(v: unknown): string[] {
  const list = Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
  return list.filter((x): x is string => typeof x === 'string' && x.trim() !== '').map((x) => x.trim());
}

/**
 * Reads a model repo's metadata through @huggingface/hub `modelInfo` (card data, pipeline tag, creation date,
 * safetensors total), honouring `HF_ENDPOINT` and `HF_TOKEN`. Errors name the repo and what the Hub answered.
 */
export async function readHubRepo(repo: string, opts: ReadHubRepoOptions = {}): Promise<HubRepoFacts> {
  const hubUrl = (opts.hubUrl ?? process.env.HF_ENDPOINT ?? 'https://huggingface.co').replace(/\/+$/, '');
  const accessToken = opts.accessToken ?? process.env.HF_TOKEN;
  let info: Awaited<ReturnType<typeof modelInfo<'author' | 'cardData' | 'createdAt' | 'safetensors'>>>;
  try {
    info = await modelInfo({
      name: repo,
      hubUrl,
      additionalFields: ['author', 'cardData', 'createdAt', 'safetensors'],
      ...(opts.fetch ? { fetch: opts.fetch } : {}),
      ...(accessToken ? { accessToken } : {}),
    });
  } catch (e) {
    const status = (e as { statusCode?: number }).statusCode;
    const what =
      status === 404
        ? 'no such model repo'
        : status === 401 || status === 403
          ? 'the Hub refused it; the repo may be gated or private: set HF_TOKEN'
          : (e as Error).message;
    throw new HubApiError(`${repo}: cannot read the repo from ${hubUrl} (${what})`, { repo, status });
  }
  const card = (info.cardData ?? {}) as Record<string, unknown>;
  const license = strings(card.license)[0] ?? null;
  const total = info.safetensors?.total;
  return {
    repo: info.name,
    author: info.author ?? null,
    createdAt: info.createdAt ?? null,
    pipelineTag: info.task ?? strings(card.pipeline_tag)[0] ?? null,
    license: license === 'other' ? (strings(card.license_name)[0] ?? license) : license,
    baseModels: strings(card.base_model),
    languages: strings(card.language),
    safetensorsTotal: typeof total === 'number' && total > 0 ? total : null,
    downloads: info.downloads,
    gated: info.gated !== false,
    apiUrl: `${hubUrl}/api/models/${info.name}`,
  };
}
