import { listModels } from '@huggingface/hub';
import { HubApiError } from './errors.ts';
import type { ApiHubModel } from './to-hub-model.ts';

/** What `listModels` must expand for ingestion (beyond its defaults: downloads, likes, pipeline_tag, …). */
const HUB_EXPAND = ['author', 'cardData', 'createdAt', 'downloadsAllTime', 'tags', 'library_name'] as const;

export interface ListHubModelsOptions {
  /** Default `HF_ENDPOINT`, then https://huggingface.co. */
  hubUrl?: string | undefined;
  /** Default `HF_TOKEN`. */
  accessToken?: string | undefined;
  fetch?: typeof fetch;
  author?: string | undefined;
  search?: string | undefined;
  limit?: number | undefined;
  /** Continue an interrupted listing from this page URL (one `onPage` reported). */
  resumeUrl?: string | null | undefined;
  /** Called when a page has been consumed, with the URL of the next one (null at the end): the resume point. */
  onPage?: (nextUrl: string | null) => Promise<void> | void;
  /** Retries of one request on 429 and 5xx (default 8); waits follow Retry-After, else back off exponentially. */
  maxRetries?: number;
  sleep?: (ms: number) => Promise<void>;
  signal?: AbortSignal;
}

const sleeper = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Seconds or an HTTP date → milliseconds to wait (capped at 10 minutes); null when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  const text = header.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.min(600_000, Number(text) * 1000);
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.min(600_000, Math.max(0, at - now));
}

/**
 * Lists Hub models through @huggingface/hub `listModels`, yielding each item in the `/api/models` shape that
 * `toHubModel` reads. Requests go through a fetch that retries 429 and 5xx answers (honouring Retry-After) and
 * reports page boundaries, so an interrupted listing can resume from the last page it finished.
 */
export async function* listHubModels(opts: ListHubModelsOptions = {}): AsyncGenerator<ApiHubModel> {
  const baseFetch = opts.fetch ?? fetch;
  const sleep = opts.sleep ?? sleeper;
  const maxRetries = opts.maxRetries ?? 8;
  let requests = 0;
  const pagingFetch: typeof fetch = async (input, init) => {
    let url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    // listModels asks for the next page only once the previous one is consumed: that is the resume point.
    if (requests > 0) await opts.onPage?.(url);
    else if (opts.resumeUrl) url = opts.resumeUrl;
    requests++;
    for (let attempt = 0; ; attempt++) {
      opts.signal?.throwIfAborted();
      let res: Response;
      try {
        res = await baseFetch(url, { ...init, ...(opts.signal ? { signal: opts.signal } : {}) });
      } catch (e) {
        if (attempt >= maxRetries || opts.signal?.aborted) {
          throw new HubApiError(`cannot reach the Hub at ${new URL(url).origin}: ${(e as Error).message}`);
        }
        await sleep(Math.min(60_000, 500 * 2 ** attempt));
        continue;
      }
      if (res.status !== 429 && res.status < 500) return res;
      if (attempt >= maxRetries) {
        throw new HubApiError(
          `the Hub answered ${res.status} ${maxRetries + 1} times for ${url}; try again later`,
          {
            status: res.status,
          },
        );
      }
      await res.body?.cancel();
      await sleep(retryAfterMs(res.headers.get('retry-after')) ?? Math.min(60_000, 500 * 2 ** attempt));
    }
  };

  const env = process.env;
  const hubUrl = (opts.hubUrl ?? env.HF_ENDPOINT ?? 'https://huggingface.co').replace(/\/+$/, '');
  const accessToken = opts.accessToken ?? env.HF_TOKEN;
  try {
    for await (const m of listModels({
      hubUrl,
      fetch: pagingFetch,
      additionalFields: [...HUB_EXPAND],
      ...(accessToken ? { accessToken } : {}),
      ...(opts.limit !== undefined ? { limit: opts.limit } : {}),
      search: {
        ...(opts.author ? { owner: opts.author } : {}),
        ...(opts.search ? { query: opts.search } : {}),
      },
    })) {
      const card = (m.cardData ?? undefined) as Record<string, unknown> | undefined;
      const item: ApiHubModel = {
        _id: m.id,
        id: m.name,
        downloads: m.downloads,
        likes: m.likes,
        ...(m.author !== undefined ? { author: m.author } : {}),
        ...(m.createdAt !== undefined ? { createdAt: m.createdAt } : {}),
        ...(m.downloadsAllTime !== undefined ? { downloadsAllTime: m.downloadsAllTime } : {}),
        ...(m.tags !== undefined ? { tags: m.tags } : {}),
        ...(m.task !== undefined ? { pipeline_tag: m.task } : {}),
        ...(m.library_name !== undefined ? { library_name: m.library_name } : {}),
        ...(card
          ? {
              cardData: {
                ...(card.base_model !== undefined
                  ? { base_model: card.base_model as string | string[] }
                  : {}),
                ...(card.base_model_relation !== undefined
                  ? { base_model_relation: card.base_model_relation as 'finetune' }
                  : {}),
              },
            }
          : {}),
      };
      yield item;
    }
  } catch (e) {
    if (e instanceof HubApiError) throw e;
    const status = (e as { statusCode?: number }).statusCode;
    if (status !== undefined)
      throw new HubApiError(`the Hub refused the listing (${status}): ${(e as Error).message}`, { status });
    throw e;
  }
  await opts.onPage?.(null);
}
