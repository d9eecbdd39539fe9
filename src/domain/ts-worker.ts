import { Worker } from 'node:worker_threads';

/**
 * A worker thread running a TypeScript module through tsx, as the CLI runs (workers do not inherit the loader).
 * `moduleUrl` is the module's URL, usually `new URL('./x.ts', import.meta.url)`.
 */
export function startTsWorker(moduleUrl: URL, workerData: unknown): Worker {
  const code = `import('tsx/esm/api').then((t) => { t.register(); return import(${JSON.stringify(moduleUrl.href)}); });`;
  return new Worker(code, { eval: true, workerData });
}
