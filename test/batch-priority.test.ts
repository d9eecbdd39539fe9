import { spawn } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lowerPriority } from '../src/cli/batch-priority.ts';
import { runOmoInProcess } from './helpers/run-omo-in-process.ts';

// `omo ingest hub` and `omo catalog load` lower their CPU priority so that a server beside them answers first. What
// only a process of its own can show: every thread, those running and those started later, takes the priority.

const MODULE = pathToFileURL(fileURLToPath(new URL('../dist/cli/batch-priority.js', import.meta.url))).href;

/** The nice value of every thread of a process that lowers its priority by `nice` and then starts a worker. */
function nicesAfterLowering(nice: number): Promise<{ threads: number[]; worker: number }> {
  const script = `
    import { readdirSync, readFileSync } from 'node:fs';
    import os from 'node:os';
    import { Worker } from 'node:worker_threads';
    const { markOwnProcess, lowerPriority } = await import(${JSON.stringify(MODULE)});
    markOwnProcess();
    lowerPriority(${nice});
    const worker = await new Promise((resolve, reject) => {
      const w = new Worker("import('node:worker_threads').then(({ parentPort }) => import('node:os').then((os) => parentPort.postMessage(os.default.getPriority())))", { eval: true });
      w.once('message', (p) => { resolve(p); w.terminate(); });
      w.once('error', reject);
    });
    // Field 19 of /proc/<pid>/task/<tid>/stat (after the command name in parentheses) is the nice value.
    const threads = readdirSync('/proc/self/task').map((tid) => {
      const stat = readFileSync('/proc/self/task/' + tid + '/stat', 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
    });
    process.stdout.write(JSON.stringify({ threads, worker }));
  `;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: 'pipe' });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`exit ${code}: ${err}`)),
    );
  });
}

describe('batch priority', () => {
  it.runIf(process.platform === 'linux')(
    'lowers every thread of its process, and the worker threads started later take the lower priority',
    async () => {
      const base = os.getPriority();
      const { threads, worker } = await nicesAfterLowering(7);
      const expected = Math.min(19, base + 7);
      expect(threads.length).toBeGreaterThan(3);
      expect(new Set(threads)).toEqual(new Set([expected]));
      expect(worker).toBe(expected);
    },
  );

  it('changes nothing when the command runs inside another program', () => {
    const before = os.getPriority();
    lowerPriority(5);
    expect(os.getPriority()).toBe(before);
  });

  it('refuses a --nice outside 0-19, naming the flag', async () => {
    for (const value of ['20', '-1', 'high', '1.5']) {
      const r = await runOmoInProcess(['catalog', 'load', '--nice', value]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`--nice takes a whole number from 0 to 19, got "${value}"`);
    }
  });
});
