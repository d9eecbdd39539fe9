import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  rmSync,
  truncateSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { listHubModels } from '../sources/hf-hub/list-hub-models.ts';
import { type IngestHubResult, type IngestProgress, ingestHub } from './hub-ingest.ts';
import { hubDb } from './hub-tables.ts';
import type { Store } from './open-store.ts';

// `omo sync hub`: the live listing, spooled page by page to a JSON Lines file whose progress is recorded in
// `hub_sync`, then ingested as one snapshot like a dump. An interrupted sync (network, 429s, kill) resumes from the
// last page it finished: the spool is cut back to what was recorded and the listing continues from that page's
// `next` link. The snapshot's time is when the sync started.

export interface SyncHubOptions {
  author?: string | undefined;
  search?: string | undefined;
  limit?: number | undefined;
  hubUrl?: string | undefined;
  accessToken?: string | undefined;
  fetch?: typeof fetch;
  /** Where spool files live (default `$OMO_HOME/sync`). */
  spoolDir: string;
  at?: Date;
  sleep?: (ms: number) => Promise<void>;
  onFetched?: (fetched: number) => void;
  onProgress?: (p: IngestProgress) => void;
}

export interface SyncHubResult extends IngestHubResult {
  fetched: number;
  /** True when this run continued an interrupted sync. */
  resumed: boolean;
}

export async function syncHub(store: Store, opts: SyncHubOptions): Promise<SyncHubResult> {
  const db = hubDb(store.db);
  const hubUrl = (opts.hubUrl ?? process.env.HF_ENDPOINT ?? 'https://huggingface.co').replace(/\/+$/, '');
  const key = createHash('sha256')
    .update(
      JSON.stringify({
        hubUrl,
        author: opts.author ?? null,
        search: opts.search ?? null,
        limit: opts.limit ?? null,
      }),
    )
    .digest('hex')
    .slice(0, 16);
  mkdirSync(opts.spoolDir, { recursive: true });
  const now = new Date().toISOString();
  let state = await db.selectFrom('hub_sync').selectAll().where('key', '=', key).executeTakeFirst();
  const resumed = state !== undefined && existsSync(state.spool);
  if (!state || !resumed) {
    const spool = path.join(opts.spoolDir, `hub-sync-${key}.jsonl`);
    state = {
      key,
      next_url: null,
      fetched: 0,
      spool,
      spool_bytes: 0,
      taken_at: (opts.at ?? new Date()).toISOString(),
      updated_at: now,
    };
    await db.deleteFrom('hub_sync').where('key', '=', key).execute();
    await db.insertInto('hub_sync').values(state).execute();
    rmSync(spool, { force: true });
  }
  const spool = state.spool;
  let bytes = Number(state.spool_bytes);
  let fetched = Number(state.fetched);
  const finished = resumed && state.next_url === null && fetched > 0;
  if (!finished) {
    if (existsSync(spool)) truncateSync(spool, bytes);
    const fd = openSync(spool, 'a');
    let page: string[] = [];
    const flush = async (nextUrl: string | null) => {
      const text = page.join('');
      page = [];
      if (text) {
        writeSync(fd, text);
        fsyncSync(fd);
        bytes += Buffer.byteLength(text);
      }
      await db
        .updateTable('hub_sync')
        .set({ next_url: nextUrl, fetched, spool_bytes: bytes, updated_at: new Date().toISOString() })
        .where('key', '=', key)
        .execute();
    };
    try {
      const remaining = opts.limit !== undefined ? opts.limit - fetched : undefined;
      if (remaining === undefined || remaining > 0) {
        for await (const item of listHubModels({
          hubUrl,
          accessToken: opts.accessToken,
          author: opts.author,
          search: opts.search,
          limit: remaining,
          resumeUrl: resumed ? state.next_url : null,
          onPage: flush,
          ...(opts.fetch ? { fetch: opts.fetch } : {}),
          ...(opts.sleep ? { sleep: opts.sleep } : {}),
        })) {
          page.push(`${JSON.stringify(item)}\n`);
          fetched++;
          opts.onFetched?.(fetched);
        }
      } else await flush(null);
    } finally {
      closeSync(fd);
    }
  }
  const result = await ingestHub(store, {
    input: spool,
    source: `${hubUrl}/api/models${opts.author ? ` author=${opts.author}` : ''}${opts.search ? ` search=${opts.search}` : ''}`,
    at: new Date(state.taken_at),
    skipInvalid: true,
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
  });
  await db.deleteFrom('hub_sync').where('key', '=', key).execute();
  rmSync(spool, { force: true });
  return { ...result, fetched, resumed };
}
