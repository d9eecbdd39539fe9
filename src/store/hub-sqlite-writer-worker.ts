import { parentPort, workerData } from 'node:worker_threads';
import {
  type HubSnapshotInfo,
  type RowChunk,
  type SnapshotRecord,
  SqliteSnapshotWriter,
  type WriteOutcome,
} from './hub-sqlite-writer.ts';

// Worker side of `startSqliteWriter` (hub-ingest.ts): runs a SqliteSnapshotWriter on its own thread, one request
// at a time in the order they come, one reply each.

export type WriterRequest =
  | { type: 'begin'; snapshot: SnapshotRecord }
  | { type: 'rows'; chunk: RowChunk }
  | { type: 'finish' }
  | { type: 'close' };

export type WriterReply =
  | { type: 'begun'; id: number }
  | { type: 'same'; existing: HubSnapshotInfo }
  | { type: 'written'; rows: number }
  | { type: 'finished'; outcome: WriteOutcome }
  | { type: 'closed' }
  | { type: 'error'; message: string; code?: string };

const port = parentPort;
if (port) {
  let writer: SqliteSnapshotWriter | null = null;
  let failed: WriterReply | null = null;
  try {
    writer = new SqliteSnapshotWriter((workerData as { file: string }).file);
  } catch (e) {
    failed = { type: 'error', message: (e as Error).message, code: (e as { code?: string }).code };
  }
  port.on('message', (m: WriterRequest) => {
    if (m.type === 'close') {
      writer?.close();
      port.postMessage({ type: 'closed' } satisfies WriterReply);
      port.close();
      return;
    }
    if (failed || !writer) {
      port.postMessage(failed);
      return;
    }
    try {
      if (m.type === 'begin') {
        const begun = writer.begin(m.snapshot);
        port.postMessage(
          ('existing' in begun
            ? { type: 'same', existing: begun.existing }
            : { type: 'begun', id: begun.id }) satisfies WriterReply,
        );
      } else if (m.type === 'rows') {
        writer.rows(m.chunk);
        port.postMessage({ type: 'written', rows: m.chunk.rows } satisfies WriterReply);
      } else if (m.type === 'finish') {
        port.postMessage({ type: 'finished', outcome: writer.finish() } satisfies WriterReply);
      }
    } catch (e) {
      writer.abort();
      failed = { type: 'error', message: (e as Error).message, code: (e as { code?: string }).code };
      port.postMessage(failed);
    }
  });
}
