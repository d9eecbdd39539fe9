import type { Worker } from 'node:worker_threads';
import { BadRequestError, NotFoundError, OmoError } from '../domain/errors.ts';
import { startTsWorker } from '../domain/ts-worker.ts';
import type { ErrorShape, HubJob, ReaderReply, ReaderRequest } from './hub-jobs.ts';

// Hub answers read and group up to millions of rows. On SQLite (better-sqlite3 is synchronous) and in the grouping
// that follows on either engine, that is seconds of work during which a thread does nothing else; run on the
// server's thread, it stopped every other answer, /healthz included. A few worker threads, each with its own
// connection, do that work instead; jobs beyond them wait in a queue. A job whose waiters all went away is dropped
// from the queue, or its worker is terminated mid-query and replaced when next needed.

/** A job's answer and the size of its JSON, for the answer cache's bound. */
export interface JobAnswer {
  result: unknown;
  bytes: number;
}

/**
 * What a job whose waiters all went away ends with. A client that cancelled no longer reads an answer, so this is a
 * request error (400, not logged as a server fault) rather than a 500.
 */
export class JobCancelledError extends BadRequestError {
  constructor() {
    super('request_cancelled', 'the request was cancelled by its client');
  }
}

interface Job {
  job: HubJob;
  resolve: (a: JobAnswer) => void;
  reject: (e: Error) => void;
  reader?: Reader;
}

interface Reader {
  worker: Worker;
  job: Job | null;
}

/** An error from a worker as the class it was (the API and CLI map errors by class and code). */
function rebuildError(e: ErrorShape): Error {
  if (e.name === 'NotFoundError') return new NotFoundError(e.message, e.details);
  if (e.name === 'BadRequestError') return new BadRequestError(e.code ?? 'bad_request', e.message, e.details);
  if (e.name === 'OmoError' && e.code) return new OmoError(e.code, e.message, e.details);
  // A driver's error keeps its code, so that a database out of reach is still told apart (store-errors.ts).
  return Object.assign(new Error(e.message), e.code ? { code: e.code } : {});
}

export interface HubReaderPool {
  /** Runs `job` on a reader; `signal` aborting cancels it (JobCancelledError). */
  run(job: HubJob, signal?: AbortSignal): Promise<JobAnswer>;
  /** Terminates the readers; queued jobs fail. */
  close(): Promise<void>;
  /**
   * Test hooks: while `hold` is on, each job waits in its worker after saying so (`held`) until `release`d; while
   * `holdOnServer` is on, each job says so and then runs a query that does not end (PostgreSQL: `pg_sleep`), so that
   * a test can see the query stop on the server when the job is cancelled.
   */
  testing: {
    hold: boolean;
    holdOnServer: boolean;
    held(): Promise<void>;
    release(): void;
    /** Jobs handed to a reader. */
    jobs: number;
    /** Jobs dropped from the queue or terminated mid-run because their waiters went away. */
    cancelled: number;
    /** Reader threads running now. */
    readers(): number;
  };
}

/** `size` worker threads answering Hub jobs over the store at `url` (a SQLite file or a PostgreSQL URL). */
export function hubReaderPool(url: string, size: number): HubReaderPool {
  const readers: Reader[] = [];
  const queue: Job[] = [];
  const heldWaiters: (() => void)[] = [];
  let heldCount = 0;
  let closed = false;

  const testing: HubReaderPool['testing'] = {
    hold: false,
    holdOnServer: false,
    held: () =>
      new Promise<void>((resolve) => {
        if (heldCount > 0) {
          heldCount--;
          resolve();
        } else heldWaiters.push(resolve);
      }),
    release: () => {
      for (const r of readers) r.worker.postMessage({ type: 'release' } satisfies ReaderRequest);
    },
    jobs: 0,
    cancelled: 0,
    readers: () => readers.length,
  };

  function startReader(): Reader {
    const worker = startTsWorker(new URL('./hub-reader-worker.ts', import.meta.url), {
      url,
      hubReader: true,
    });
    const reader: Reader = { worker, job: null };
    worker.unref();
    worker.on('message', (m: ReaderReply) => {
      if (m.type === 'held') {
        const waiter = heldWaiters.shift();
        if (waiter) waiter();
        else heldCount++;
        return;
      }
      const job = reader.job;
      reader.job = null;
      worker.unref();
      if (m.type === 'done') job?.resolve({ result: m.result, bytes: m.bytes });
      else job?.reject(rebuildError(m.error));
      next();
    });
    const fail = (e: Error) => {
      readers.splice(readers.indexOf(reader), 1);
      reader.job?.reject(e);
      reader.job = null;
      next();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (readers.includes(reader)) fail(new Error(`a Hub reader thread stopped (exit code ${code})`));
    });
    readers.push(reader);
    return reader;
  }

  /** Hands the next queued job to an idle reader, starting one while fewer than `size` run. */
  function next(): void {
    while (queue.length > 0 && !closed) {
      const reader = readers.find((r) => r.job === null) ?? (readers.length < size ? startReader() : null);
      if (!reader) return;
      const job = queue.shift() as Job;
      reader.job = job;
      job.reader = reader;
      testing.jobs++;
      // A busy reader keeps the process alive; an idle one does not.
      reader.worker.ref();
      reader.worker.postMessage({
        type: 'run',
        job: job.job,
        hold: testing.hold,
        holdOnServer: testing.holdOnServer,
      } satisfies ReaderRequest);
    }
  }

  /** Drops a queued job, or terminates the reader running it (its query stops with the thread). */
  function cancel(job: Job): void {
    testing.cancelled++;
    const queued = queue.indexOf(job);
    if (queued >= 0) queue.splice(queued, 1);
    const reader = job.reader;
    if (reader && reader.job === job) {
      readers.splice(readers.indexOf(reader), 1);
      reader.job = null;
      void reader.worker.terminate();
    }
    job.reject(new JobCancelledError());
    next();
  }

  return {
    run(hubJob, signal) {
      return new Promise<JobAnswer>((resolve, reject) => {
        if (closed) return reject(new OmoError('store_unavailable', 'the Hub readers are closed'));
        if (signal?.aborted) return reject(new JobCancelledError());
        const job: Job = { job: hubJob, resolve, reject };
        const onAbort = () => cancel(job);
        signal?.addEventListener('abort', onAbort, { once: true });
        const settle = () => signal?.removeEventListener('abort', onAbort);
        job.resolve = (a) => {
          settle();
          resolve(a);
        };
        job.reject = (e) => {
          settle();
          reject(e);
        };
        queue.push(job);
        next();
      });
    },
    async close() {
      closed = true;
      const gone = () => new OmoError('store_unavailable', 'the store was closed');
      for (const job of queue.splice(0)) job.reject(gone());
      for (const r of readers) r.job?.reject(gone());
      await Promise.all(readers.splice(0).map((r) => r.worker.terminate()));
    },
    testing,
  };
}
