import { format } from 'node:util';
import { main } from '../../src/cli/main.ts';
import type { OmoResult } from './run-omo.ts';

// `omo` in this process: main(argv) with standard output and error captured, the environment set for the call and
// the exit code main returns (or a command left in process.exitCode), as the real executable would give them.
// For the commands' logic, which a cold process per call would make slow; the process itself (exit status of the
// binary, signals, serve, standard input, worker threads) is tested with runOmo.

let queue: Promise<unknown> = Promise.resolve();

/** Runs `omo <args>` in-process; calls are serialised, since they share process.stdout, .stderr and .env. */
export function runOmoInProcess(args: string[], env: NodeJS.ProcessEnv = {}): Promise<OmoResult> {
  const run = queue.then(() => runNow(args, env));
  queue = run.catch(() => {});
  return run;
}

type Write = typeof process.stdout.write;

async function runNow(args: string[], env: NodeJS.ProcessEnv): Promise<OmoResult> {
  const saved = {
    env: Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]])),
    exitCode: process.exitCode,
    stdout: process.stdout.write,
    stderr: process.stderr.write,
    stdoutTTY: Object.getOwnPropertyDescriptor(process.stdout, 'isTTY'),
    stderrTTY: Object.getOwnPropertyDescriptor(process.stderr, 'isTTY'),
    console: { log: console.log, info: console.info, warn: console.warn, error: console.error },
  };
  let stdout = '';
  let stderr = '';
  const capture =
    (append: (text: string) => void): Write =>
    (chunk: string | Uint8Array, ...rest: unknown[]) => {
      append(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString());
      const done = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      done?.();
      return true;
    };
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  process.exitCode = undefined;
  // Output to a pipe, as from a child process: no progress bars or colours.
  Object.defineProperty(process.stdout, 'isTTY', { value: false, configurable: true });
  Object.defineProperty(process.stderr, 'isTTY', { value: false, configurable: true });
  process.stdout.write = capture((t) => {
    stdout += t;
  });
  process.stderr.write = capture((t) => {
    stderr += t;
  });
  // The test runner's console does not write to process.stdout; a command's console output is captured too.
  const line =
    (append: (text: string) => void) =>
    (...parts: unknown[]) =>
      append(`${format(...parts)}\n`);
  console.log = console.info = line((t) => {
    stdout += t;
  });
  console.warn = console.error = line((t) => {
    stderr += t;
  });
  try {
    const code = await main(args);
    return { code: code !== 0 ? code : Number(process.exitCode ?? 0), stdout, stderr };
  } finally {
    process.stdout.write = saved.stdout;
    process.stderr.write = saved.stderr;
    Object.assign(console, saved.console);
    restore(process.stdout, 'isTTY', saved.stdoutTTY);
    restore(process.stderr, 'isTTY', saved.stderrTTY);
    process.exitCode = saved.exitCode;
    for (const [k, v] of Object.entries(saved.env)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

function restore(target: object, key: string, descriptor: PropertyDescriptor | undefined): void {
  if (descriptor) Object.defineProperty(target, key, descriptor);
  else delete (target as Record<string, unknown>)[key];
}
