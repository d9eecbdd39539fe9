import type { hubRepo } from './hub-repo.ts';

// What the server's thread and its Hub reader threads (hub-reader-pool.ts, hub-reader-worker.ts) say to each other.

type HubRepo = ReturnType<typeof hubRepo>;

export type HubJob =
  | { kind: 'rank'; opts: Parameters<HubRepo['rank']>[0] }
  | { kind: 'trend'; opts: Parameters<HubRepo['trend']>[0] }
  | { kind: 'lineage'; id: string; opts: Parameters<HubRepo['lineage']>[1] };

export type ReaderRequest =
  | { type: 'run'; job: HubJob; hold: boolean; holdOnServer: boolean }
  | { type: 'release' };

/** An error as it crosses the thread: its class name, code and message are enough to rebuild it. */
export interface ErrorShape {
  name: string;
  code?: string | undefined;
  message: string;
  details?: unknown;
}

export type ReaderReply =
  | { type: 'held' }
  | { type: 'done'; result: unknown; bytes: number }
  | { type: 'error'; error: ErrorShape };

/** Answers `job` with `hub`: on a reader thread, or on the calling thread when there are no readers. */
export function answerJob(hub: HubRepo, job: HubJob): Promise<unknown> {
  if (job.kind === 'rank') return hub.rank(job.opts);
  if (job.kind === 'trend') return hub.trend(job.opts);
  return hub.lineage(job.id, job.opts);
}
