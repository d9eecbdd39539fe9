import os from 'node:os';
import type { Kysely } from 'kysely';
import type { RankGroup } from '../analysis/rank.ts';
import type { TrendPoint } from '../analysis/trend.ts';
import { catalogRepo } from './catalog-repo.ts';
import type { Database } from './database.ts';
import type { Deps } from './deps.ts';
import { answerJob, type HubJob } from './hub-jobs.ts';
import type { LineageOptions, RankOptions, TrendOptions } from './hub-query.ts';
import { type HubReaderPool, hubReaderPool, type JobAnswer, JobCancelledError } from './hub-reader-pool.ts';
import { hubRepo, type LineageAnswer } from './hub-repo.ts';
import type { Store } from './open-store.ts';
import { quickReads } from './quick-reads.ts';

// The API's Hub answers: computed once per snapshot, catalog version and question, off the server's thread.
// A snapshot never changes once written, so an answer is good until the catalog (its organisations' Hub accounts
// and families) or the analysts' accounts table changes; all three make up its key, with the question in its
// normal form (defaults filled, `at` resolved to the snapshot that answers). Identical requests in flight share one
// computation; when every request waiting for it has gone away, it is cancelled.

/** The cache's bound: answers kept, and the bytes of their JSON. An answer over a quarter of it is not kept. */
const MAX_ENTRIES = 500;
const MAX_BYTES = 64 * 1024 * 1024;
/**
 * Reader threads by default: one core fewer than the machine has (at least one, at most four), so that the server's
 * own thread keeps a core while readers work. OMO_HUB_READERS sets another number (0: answer on the server's thread).
 */
const READERS = Math.min(4, Math.max(1, os.availableParallelism() - 1));

interface Flight {
  promise: Promise<JobAnswer>;
  waiters: number;
  controller: AbortController;
}

export interface HubAnswers {
  rank(opts: RankOptions, signal?: AbortSignal): Promise<RankGroup[]>;
  trend(opts: TrendOptions, signal?: AbortSignal): Promise<TrendPoint[]>;
  lineage(id: string, opts: LineageOptions, signal?: AbortSignal): Promise<LineageAnswer>;
  /** The reader threads (null when answers are computed on the calling thread). */
  readonly pool: HubReaderPool | null;
  /** A test hook: resolves once `n` requests wait for one computation. */
  waiting(n: number): Promise<void>;
  close(): Promise<void>;
}

function readerCount(env: NodeJS.ProcessEnv): number {
  const n = Number(env.OMO_HUB_READERS ?? READERS);
  return Number.isInteger(n) && n >= 0 ? n : READERS;
}

/** A least-recently-used map bounded by entries and by the bytes of its answers. */
function answerCache() {
  const entries = new Map<string, JobAnswer>();
  let bytes = 0;
  return {
    get(key: string): JobAnswer | undefined {
      const hit = entries.get(key);
      if (hit) {
        entries.delete(key);
        entries.set(key, hit);
      }
      return hit;
    },
    set(key: string, answer: JobAnswer): void {
      if (answer.bytes > MAX_BYTES / 4 || entries.has(key)) return;
      entries.set(key, answer);
      bytes += answer.bytes;
      for (const [k, old] of entries) {
        if (entries.size <= MAX_ENTRIES && bytes <= MAX_BYTES) break;
        entries.delete(k);
        bytes -= old.bytes;
      }
    },
  };
}

/** Waits for a shared computation; a waiter whose signal aborts leaves it, and the last to leave cancels it. */
function join(flight: Flight, signal: AbortSignal | undefined, joined: () => void): Promise<unknown> {
  flight.waiters++;
  joined();
  return new Promise((resolve, reject) => {
    const leave = () => {
      if (--flight.waiters === 0) flight.controller.abort();
      reject(new JobCancelledError());
    };
    if (signal?.aborted) return leave();
    signal?.addEventListener('abort', leave, { once: true });
    flight.promise.then(
      (a) => {
        signal?.removeEventListener('abort', leave);
        resolve(a.result);
      },
      (e) => {
        signal?.removeEventListener('abort', leave);
        reject(e);
      },
    );
  });
}

function createHubAnswers(
  store: Store,
  env: NodeJS.ProcessEnv,
  versions: () => Kysely<Database>,
): HubAnswers {
  // Repositories over the store itself: deps handed out for one read transaction end with it; these answers do not.
  const hub = hubRepo(store.db, store.dialect);
  // What an answer is looked up by is read over a connection of its own (quick-reads.ts): a Hub answer asked inside a
  // request's snapshot (a model's Hub view) would otherwise wait on SQLite for the connection that snapshot holds.
  let keyRepos: { hub: ReturnType<typeof hubRepo>; catalog: ReturnType<typeof catalogRepo> } | null = null;
  const keys = () => {
    keyRepos ??= { hub: hubRepo(versions(), store.dialect), catalog: catalogRepo(versions(), store.dialect) };
    return keyRepos;
  };
  const url = store.url;
  const readers = url ? readerCount(env) : 0;
  const pool = url && readers > 0 ? hubReaderPool(url, readers) : null;
  const cache = env.OMO_RESPONSE_CACHE === '0' ? null : answerCache();
  const flights = new Map<string, Flight>();
  const watchers: { n: number; resolve: () => void }[] = [];
  const joined = (flight: Flight) => () => {
    for (const w of watchers.filter((x) => flight.waiters >= x.n)) {
      watchers.splice(watchers.indexOf(w), 1);
      w.resolve();
    }
  };

  const compute = (job: HubJob, signal: AbortSignal): Promise<JobAnswer> =>
    pool
      ? pool.run(job, signal)
      : answerJob(hub, job).then((result) => ({ result, bytes: JSON.stringify(result).length }));

  /** The answer to `job` as of `at`: from the cache, from a computation in flight, or from a new one. */
  async function answer(job: HubJob, at: string | undefined, signal?: AbortSignal): Promise<unknown> {
    const snap = await keys().hub.snapshotAt(at);
    const catalog = (await keys().catalog.state())?.hash ?? '';
    const accounts = await keys().hub.accountsVersion();
    // The job asks for exactly the snapshot the key names, even if a newer one lands meanwhile.
    const pinned = { ...job, opts: { ...job.opts, at: snap.takenAt } } as HubJob;
    // Repo ids are case-insensitive: one key for every spelling of the same model.
    const question = pinned.kind === 'lineage' ? { ...pinned, id: pinned.id.trim().toLowerCase() } : pinned;
    const key = JSON.stringify([snap.id, catalog, accounts, question]);
    const hit = cache?.get(key);
    if (hit) return hit.result;
    let flight = flights.get(key);
    if (!flight) {
      const controller = new AbortController();
      const started: Flight = { promise: compute(pinned, controller.signal), waiters: 0, controller };
      flights.set(key, started);
      // Cancelled or failed, the next request starts afresh; answered, it is kept.
      const land = () => {
        if (flights.get(key) === started) flights.delete(key);
      };
      controller.signal.addEventListener('abort', land, { once: true });
      started.promise.then((a) => {
        land();
        cache?.set(key, a);
      }, land);
      flight = started;
    }
    return join(flight, signal, joined(flight));
  }

  return {
    rank: (opts, signal) => answer({ kind: 'rank', opts }, opts.at, signal) as Promise<RankGroup[]>,
    trend: (opts, signal) => answer({ kind: 'trend', opts }, opts.at, signal) as Promise<TrendPoint[]>,
    lineage: (id, opts, signal) =>
      answer({ kind: 'lineage', id, opts }, opts.at, signal) as Promise<LineageAnswer>,
    pool,
    waiting: (n) =>
      new Promise<void>((resolve) => {
        if ([...flights.values()].some((f) => f.waiters >= n)) resolve();
        else watchers.push({ n, resolve });
      }),
    close: async () => pool?.close(),
  };
}

const answersByStore = new WeakMap<Deps['store'], HubAnswers>();

/**
 * The Hub answers over `deps`' store, made on first use and kept with the store; closing the store closes them
 * (terminating their reader threads and connections) first.
 */
export function hubAnswersFor(deps: Deps, env: NodeJS.ProcessEnv = process.env): HubAnswers {
  let answers = answersByStore.get(deps.store);
  if (!answers) {
    const made = createHubAnswers(deps.store, env, () => quickReads(deps).db());
    const closeStore = deps.store.close;
    deps.store.close = async () => {
      await made.close();
      await closeStore();
    };
    answersByStore.set(deps.store, made);
    answers = made;
  }
  return answers;
}
