import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const OMO_BIN = fileURLToPath(new URL('../../bin/omo.js', import.meta.url));

export interface OmoResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real `omo` executable in a child process (in `opts.cwd`, default this process's directory). */
export function runOmo(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  opts: { cwd?: string } = {},
): Promise<OmoResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [OMO_BIN, ...args], {
      env: { ...process.env, ...env },
      stdio: 'pipe',
      ...(opts.cwd ? { cwd: opts.cwd } : {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Starts `omo serve` on a free port and resolves with its URL once it prints one. */
export function startServe(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ url: string; child: ChildProcess; stderr: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [OMO_BIN, 'serve', '--port', '0', ...args], {
      env: { ...process.env, ...env },
      stdio: 'pipe',
    });
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`omo serve printed no URL in 60 s; stderr: ${err}`));
    }, 60_000);
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.stdout.on('data', (d) => {
      out += d;
      const m = /omo serving on (http:\/\/\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve({ url: m[1], child, stderr: () => err });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`omo serve exited with ${code}: ${err}`));
    });
  });
}
