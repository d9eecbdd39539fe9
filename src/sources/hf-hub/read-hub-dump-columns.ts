import type { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import { ParseError } from '../../domain/errors.ts';
import { type HubColumnBatch, toColumnBatch } from './hub-column-batch.ts';
import { type HubDumpSummary, readHubDump } from './read-hub-dump.ts';

type WorkerMessage =
  | { type: 'batch'; batch: HubColumnBatch }
  | { type: 'end'; summary: HubDumpSummary }
  | { type: 'error'; message: string; code?: string };

/**
 * `readHubDump` as column batches. A file is read and translated on a worker thread, so parsing (most of an
 * ingest's reading time) runs beside the ingest's own work on the main thread; standard input and streams are
 * read on the calling thread. `OMO_HUB_WORKER=0` turns the worker off.
 */
export async function* readHubDumpColumns(opts: {
  input: string | Readable;
  summary?: Partial<HubDumpSummary>;
  signal?: AbortSignal;
}): AsyncGenerator<HubColumnBatch> {
  const summary = opts.summary ?? {};
  if (typeof opts.input !== 'string' || opts.input === '-' || process.env.OMO_HUB_WORKER === '0') {
    for await (const batch of readHubDump({ ...opts, summary })) yield toColumnBatch(batch);
    return;
  }
  // The worker runs TypeScript through tsx, as the CLI does.
  const url = new URL('./read-hub-dump-worker.ts', import.meta.url).href;
  const code = `import('tsx/esm/api').then((t) => { t.register(); return import(${JSON.stringify(url)}); });`;
  const worker = new Worker(code, { eval: true, workerData: { input: opts.input } });
  const queue: (WorkerMessage | { type: 'crash'; error: Error })[] = [];
  let wake: (() => void) | null = null;
  const push = (m: WorkerMessage | { type: 'crash'; error: Error }) => {
    queue.push(m);
    wake?.();
    wake = null;
  };
  worker.on('message', (m: WorkerMessage) => push(m));
  worker.on('error', (error) => push({ type: 'crash', error }));
  worker.on('exit', (code) => {
    if (code !== 0) push({ type: 'crash', error: new Error(`the dump reader stopped with code ${code}`) });
  });
  try {
    for (;;) {
      if (opts.signal?.aborted) throw opts.signal.reason;
      const m = queue.shift();
      if (!m) {
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      if (m.type === 'batch') {
        worker.postMessage('ack');
        yield m.batch;
      } else if (m.type === 'end') {
        Object.assign(summary, m.summary);
        return;
      } else if (m.type === 'error') {
        if (m.code === 'ENOENT') throw new ParseError(`cannot read ${opts.input}: no such file`);
        throw new ParseError(`cannot read ${opts.input}: ${m.message}`);
      } else throw m.error;
    }
  } finally {
    await worker.terminate();
  }
}
