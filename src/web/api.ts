import { useEffect, useState } from 'preact/hooks';

/** An API error in the one shape the server sends. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The answer's JSON, or an `ApiError` from the server's error shape. */
async function readJson<T>(res: Response): Promise<T> {
  const body = await res.json().catch(() => null);
  if (!res.ok) {
    const e = (body as { error?: { code?: string; message?: string } } | null)?.error;
    throw new ApiError(res.status, e?.code ?? 'http_error', e?.message ?? `${res.status} ${res.statusText}`);
  }
  return body as T;
}

async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  return readJson<T>(await fetch(url, { signal, headers: { accept: 'application/json' } }));
}

/** POSTs `body` as JSON (e.g. an article to `/api/verify`) and reads the answer like a GET. */
export async function postJson<T>(url: string, body: unknown, signal?: AbortSignal): Promise<T> {
  return readJson<T>(
    await fetch(url, {
      method: 'POST',
      signal,
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  );
}

export type Loaded<T> =
  | { state: 'loading' }
  | { state: 'error'; error: ApiError | Error }
  | { state: 'ok'; data: T };

/** Fetches `url` (null: nothing to fetch) and re-fetches when it changes; stale answers are dropped. */
export function useApi<T>(url: string | null): Loaded<T> {
  const [result, setResult] = useState<Loaded<T>>({ state: 'loading' });
  useEffect(() => {
    if (url === null) return;
    const ctl = new AbortController();
    setResult({ state: 'loading' });
    getJson<T>(url, ctl.signal).then(
      (data) => setResult({ state: 'ok', data }),
      (error: Error) => {
        if (error.name !== 'AbortError') setResult({ state: 'error', error });
      },
    );
    return () => ctl.abort();
  }, [url]);
  return result;
}

/** `/api/models/Qwen/QwQ-32B`: each segment of an id encoded, the slash kept. */
export function modelPath(id: string): string {
  return id.split('/').map(encodeURIComponent).join('/');
}

/** The leaderboard questions' URLs (`/api/leaders…`), built in one place so pages and links agree. */
export const leadersApi = {
  boards: () => '/api/boards',
  overTime: (board: string, top: number, group: 'country' | 'weights') =>
    `/api/leaders?${new URLSearchParams({ board, top: String(top), group, over: 'time' })}`,
  at: (board: string, top: number, group: 'country' | 'weights') =>
    `/api/leaders?${new URLSearchParams({ board, top: String(top), group })}`,
  best: (board: string) => `/api/leaders/best?${new URLSearchParams({ board })}`,
  adoption: () => '/api/adoption',
};
