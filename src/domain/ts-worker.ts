import { Worker } from 'node:worker_threads';

/** True when this module runs compiled (dist/…/ts-worker.js), false when it runs from src/ through tsx or vitest. */
const COMPILED = import.meta.url.endsWith('.js');

/**
 * A worker thread running one of our modules, given as `new URL('./x.ts', import.meta.url)`. The installed package
 * runs compiled JavaScript, so there the worker is the `.js` file next to this one's caller in dist/ (tsc rewrites
 * import specifiers, not URLs). From source (development, vitest) the `.ts` file runs through tsx, since workers
 * do not inherit the parent's loader.
 */
export function startTsWorker(moduleUrl: URL, workerData: unknown): Worker {
  if (COMPILED) return new Worker(new URL(moduleUrl.href.replace(/\.ts$/, '.js')), { workerData });
  const code = `import('tsx/esm/api').then((t) => { t.register(); return import(${JSON.stringify(moduleUrl.href)}); });`;
  return new Worker(code, { eval: true, workerData });
}
