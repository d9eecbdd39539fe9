import { closeSync, openSync, readSync, statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import { BadRequestError, ParseError } from '../../domain/errors.ts';
import { startTsWorker } from '../../domain/ts-worker.ts';
import { type HubColumnBatch, toColumnBatch } from './hub-column-batch.ts';
import { type HubDumpSummary, readHubDump } from './read-hub-dump.ts';

type WorkerMessage =
  | { type: 'batch'; batch: HubColumnBatch }
  // `hash` is missing when the reader was told not to hash.
  | { type: 'end'; summary: Omit<HubDumpSummary, 'hash'> & { hash?: string } }
  | { type: 'error'; message: string; code?: string };
type Event = WorkerMessage | { type: 'crash'; error: Error };

/** Files smaller than this are read by one worker. */
const SPLIT_BYTES = 16 << 20;

/** A worker reading (part of) a dump file, its messages as a pull queue. */
function startReader(data: { input: string; range?: { start: number; end: number }; hash?: boolean }) {
  const worker = startTsWorker(new URL('./read-hub-dump-worker.ts', import.meta.url), data);
  const queue: Event[] = [];
  let wake: (() => void) | null = null;
  let done = false;
  let finish: () => void = () => {};
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const push = (e: Event) => {
    queue.push(e);
    wake?.();
    wake = null;
  };
  worker.on('message', (m: WorkerMessage) => {
    if (m.type === 'batch') worker.postMessage('ack');
    if (m.type !== 'batch') {
      done = true;
      finish();
    }
    push(m);
  });
  worker.on('error', (error) => push({ type: 'crash', error }));
  worker.on('exit', (code) => {
    finish();
    if (code !== 0 && !done)
      push({ type: 'crash', error: new Error(`the dump reader stopped with code ${code}`) });
  });
  return {
    /** Settles when the worker has sent its last message (or stopped), however many are still queued here. */
    finished,
    async next(): Promise<Event> {
      for (;;) {
        const e = queue.shift();
        if (e) return e;
        await new Promise<void>((resolve) => (wake = resolve));
      }
    },
    terminate: () => worker.terminate(),
  };
}

function fail(input: string, e: Event): never {
  if (e.type === 'crash') throw e.error;
  if (e.type === 'error') {
    if (e.code === 'invalid_dump') throw new BadRequestError('invalid_dump', e.message);
    if (e.code === 'parse_error') throw new ParseError(e.message);
    throw new ParseError(
      e.code === 'ENOENT' ? `cannot read ${input}: no such file` : `cannot read ${input}: ${e.message}`,
    );
  }
  throw new Error('unexpected reader message');
}

/** Where to split a plain JSON Lines file in two at a line start, or null when it should not be split. */
function splitPoint(file: string): number | null {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return null;
  }
  try {
    const size = statSync(file).size;
    if (size < SPLIT_BYTES) return null;
    const head = Buffer.alloc(4096);
    const n = readSync(fd, head, 0, head.length, 0);
    const text = head.subarray(0, n).toString('latin1');
    if ((head[0] === 0x1f && head[1] === 0x8b) || text.trimStart().startsWith('[')) return null;
    const probe = Buffer.alloc(1 << 20);
    const mid = Math.floor(size / 2);
    const m = readSync(fd, probe, 0, probe.length, mid);
    const nl = probe.subarray(0, m).indexOf(10);
    return nl < 0 ? null : mid + nl + 1;
  } finally {
    closeSync(fd);
  }
}

/** SHA-256 of a file, on a thread of its own (plain JavaScript: no TypeScript loader needed). */
function sha256File(file: string): Promise<string> {
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const hash = require('node:crypto').createHash('sha256');
    require('node:fs').createReadStream(workerData, { highWaterMark: 1 << 20 })
      .on('data', (chunk) => hash.update(chunk))
      .on('error', (e) => parentPort.postMessage({ error: e.message }))
      .on('end', () => parentPort.postMessage({ hash: hash.digest('hex') }));`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(code, { eval: true, workerData: file });
    worker.once('message', (m: { hash?: string; error?: string }) => {
      if (m.hash) resolve(m.hash);
      else reject(new ParseError(`cannot read ${file}: ${m.error}`));
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

/** What `readHubDumpColumns` found; a split file's hash comes after its last batch, through `hashing`. */
export type HubColumnsSummary = Partial<HubDumpSummary> & {
  /** The SHA-256 of a file read by two workers (`hash` is then unset), still being computed when reading ends. */
  hashing?: Promise<string>;
};

/**
 * `readHubDump` as column batches. A file is read and translated on worker threads — a large plain JSON Lines file
 * by two of them, one per half — so parsing (most of an ingest's reading time) runs beside the ingest's own work;
 * batches still arrive in file order with file line numbers. A split file is hashed on a third thread once both
 * halves are parsed (while the two parsers run they keep both cores busy; after them the ingest works on one), so
 * its hash arrives as `summary.hashing`. Standard input and streams are read on the calling thread.
 * `OMO_HUB_WORKER=0` turns the workers off.
 */
export async function* readHubDumpColumns(opts: {
  input: string | Readable;
  summary?: HubColumnsSummary;
  signal?: AbortSignal;
}): AsyncGenerator<HubColumnBatch> {
  const summary = opts.summary ?? {};
  if (typeof opts.input !== 'string' || opts.input === '-' || process.env.OMO_HUB_WORKER === '0') {
    for await (const batch of readHubDump({ ...opts, summary })) yield toColumnBatch(batch);
    return;
  }
  const input = opts.input;
  const split = splitPoint(input);
  if (split === null) {
    const reader = startReader({ input });
    try {
      for (;;) {
        if (opts.signal?.aborted) throw opts.signal.reason;
        const e = await reader.next();
        if (e.type === 'batch') yield e.batch;
        else if (e.type === 'end') {
          Object.assign(summary, e.summary);
          return;
        } else fail(input, e);
      }
    } finally {
      await reader.terminate();
    }
  }

  const size = statSync(input).size;
  const first = startReader({ input, range: { start: 0, end: split }, hash: false });
  const second = startReader({ input, range: { start: split, end: size }, hash: false });
  let completed = false;
  let abandoned = false;
  const hashing = Promise.all([first.finished, second.finished]).then(() =>
    abandoned ? '' : sha256File(input),
  );
  hashing.catch(() => {}); // awaited by the caller; a failed read reports its own error first
  try {
    let firstLines = 0;
    for (;;) {
      if (opts.signal?.aborted) throw opts.signal.reason;
      const e = await first.next();
      if (e.type === 'batch') yield e.batch;
      else if (e.type === 'end') {
        firstLines = e.summary.lines;
        Object.assign(summary, e.summary); // no hash: the halves' readers hash nothing
        break;
      } else fail(input, e);
    }
    for (;;) {
      if (opts.signal?.aborted) throw opts.signal.reason;
      const e = await second.next();
      if (e.type === 'batch') {
        const b = e.batch;
        for (let i = 0; i < b.lines.length; i++) b.lines[i] = (b.lines[i] ?? 0) + firstLines;
        for (const err of b.errors) err.line += firstLines;
        b.bytesRead += split;
        yield b;
      } else if (e.type === 'end') {
        summary.lines = firstLines + e.summary.lines;
        break;
      } else fail(input, e);
    }
    summary.hashing = hashing;
    summary.format = 'jsonl';
    summary.gzip = false;
    completed = true;
  } finally {
    abandoned = !completed;
    await Promise.all([first.terminate(), second.terminate()]);
  }
}
