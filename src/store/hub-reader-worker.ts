import { parentPort, workerData } from 'node:worker_threads';
import { sql } from 'kysely';
import { OmoError } from '../domain/errors.ts';
import { answerJob, type ErrorShape, type ReaderReply, type ReaderRequest } from './hub-jobs.ts';
import { hubRepo } from './hub-repo.ts';
import { openSqliteReader, openStore, type Store } from './open-store.ts';

// Worker side of `hubReaderPool` (hub-reader-pool.ts): answers Hub questions on a thread of its own, over its own
// connection, one job at a time, one reply each. A SQLite store is opened read-only (WAL lets readers run beside the
// server's connection and a writer); a PostgreSQL server is asked to notice a vanished client, so that a job whose
// worker was terminated (its client went away) stops on the server too.

/** How often (ms) PostgreSQL checks, while a query runs, that the client is still there (PostgreSQL 14 and later). */
const CLIENT_CHECK_MS = 500;

function openReader(url: string): Store {
  if (/^postgres(ql)?:\/\//i.test(url)) {
    const store = openStore({ url });
    // Older servers do not know the setting: the query then runs to its end, as before.
    store.pool?.on('connect', (client) => {
      client.query(`set client_connection_check_interval = ${CLIENT_CHECK_MS}`).catch(() => {});
    });
    return store;
  }
  return openSqliteReader(url);
}

function errorShape(e: unknown): ErrorShape {
  const err = e instanceof Error ? e : new Error(String(e));
  const code = (err as { code?: unknown }).code;
  return {
    name: err.name,
    code: typeof code === 'string' ? code : undefined,
    message: err.message,
    details: err instanceof OmoError ? err.details : undefined,
  };
}

type HubRepo = ReturnType<typeof hubRepo>;

const port = parentPort;
// Only as a reader thread: imported elsewhere (a test runner's own worker thread), this module does nothing.
if (port && (workerData as { hubReader?: boolean } | null)?.hubReader) {
  let hub: HubRepo | null = null;
  let store: Store | null = null;
  let release: (() => void) | null = null;
  port.on('message', async (m: ReaderRequest) => {
    if (m.type === 'release') {
      release?.();
      release = null;
      return;
    }
    try {
      if (m.hold) {
        // A test hook: the job waits here, on this thread, until the test lets it go.
        const released = new Promise<void>((resolve) => (release = resolve));
        port.postMessage({ type: 'held' } satisfies ReaderReply);
        await released;
      }
      if (!hub) {
        store = openReader((workerData as { url: string }).url);
        hub = hubRepo(store.db, store.dialect);
      }
      if (m.holdOnServer && store?.dialect === 'postgres') {
        // A test hook: a query that never ends on its own, until the job is cancelled.
        port.postMessage({ type: 'held' } satisfies ReaderReply);
        await sql`select pg_sleep(3600)`.execute(store.db);
      }
      const result = await answerJob(hub, m.job);
      port.postMessage({ type: 'done', result, bytes: JSON.stringify(result).length } satisfies ReaderReply);
    } catch (e) {
      port.postMessage({ type: 'error', error: errorShape(e) } satisfies ReaderReply);
    }
  });
}
