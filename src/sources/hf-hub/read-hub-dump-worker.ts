import { parentPort, workerData } from 'node:worker_threads';
import { type HubColumnBatch, sortedIndexes, toColumnBatch, transferables } from './hub-column-batch.ts';
import { type HubDumpSummary, readHubDump } from './read-hub-dump.ts';

// Worker side of readHubDumpColumns: reads and translates the dump on its own thread and posts column batches.
// Batches wait until the ingest acknowledges them when more than a few are in flight, so memory stays bounded.
// At the end the worker sorts its models by id and sends that order after its last batch: the ingest's thread is
// the busier one, so the sorting is done here and the ingest only merges.

const port = parentPort;
if (port) {
  const summary: Partial<HubDumpSummary> = {};
  let inFlight = 0;
  let wake: (() => void) | null = null;
  port.on('message', () => {
    inFlight--;
    wake?.();
    wake = null;
  });
  const keys: string[] = [];
  let bytesRead = 0;
  try {
    const data = workerData as { input: string; range?: { start: number; end: number }; hash?: boolean };
    for await (const batch of readHubDump({
      input: data.input,
      summary,
      ...(data.range ? { range: data.range } : {}),
      ...(data.hash === false ? { hash: false } : {}),
    })) {
      const columns = toColumnBatch(batch);
      for (const id of columns.ids) keys.push(id.toLowerCase());
      bytesRead = columns.bytesRead;
      inFlight++;
      port.postMessage({ type: 'batch', batch: columns }, transferables(columns));
      while (inFlight > 4) await new Promise<void>((resolve) => (wake = resolve));
    }
    const last: HubColumnBatch = {
      ...toColumnBatch({ entries: [], bytesRead }),
      runOrder: sortedIndexes(keys),
    };
    port.postMessage({ type: 'batch', batch: last }, transferables(last));
    port.postMessage({ type: 'end', summary });
  } catch (e) {
    port.postMessage({ type: 'error', message: (e as Error).message, code: (e as { code?: string }).code });
  }
}
