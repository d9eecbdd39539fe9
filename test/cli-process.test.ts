import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OMO_BIN, runOmo, startServe } from './helpers/run-omo.ts';

// What only the `omo` process can show: what it imports at start-up, how it ends on a signal, and that killing
// `npm start` ends the server too. Exit codes and output are tested in-process (src/cli/main.spec.ts).

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const HOOKS = pathToFileURL(path.join(ROOT, 'test/helpers/trace-imports-hooks.mjs')).href;
let home: string;

beforeAll(() => {
  home = mkdtempSync(path.join(os.tmpdir(), 'omo-process-'));
});
afterAll(() => {
  rmSync(home, { recursive: true, force: true });
});

/** Runs `omo args` and returns the modules it loaded (URLs relative to the project, or package names). */
async function modulesLoaded(args: string[]): Promise<string[]> {
  const trace = path.join(home, `trace-${args.join('-')}.txt`);
  const register = `data:text/javascript,import{register}from"node:module";register(${JSON.stringify(HOOKS)})`;
  const r = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', register, OMO_BIN, ...args], {
      env: { ...process.env, OMO_HOME: home, OMO_TRACE_FILE: trace },
      stdio: 'ignore',
    });
    child.on('error', reject);
    child.on('exit', resolve);
  });
  expect(r).toBe(0);
  return readFileSync(trace, 'utf8')
    .trim()
    .split('\n')
    .map((url) =>
      url.replace(/^.*\/node_modules\/((@[^/]+\/)?[^/]+)\/.*$/, '$1').replace(pathToFileURL(ROOT).href, ''),
    );
}

/** Resolves when the process and everything holding its output pipes (children that inherited them) are gone. */
function allGone(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => child.on('close', () => resolve()));
}

function portIsClosed(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

describe('the omo process', () => {
  it('answers --help without importing any command module or heavy dependency', async () => {
    const loaded = await modulesLoaded(['--help']);
    expect(loaded).toContain('dist/cli/main.js');
    expect(loaded.filter((m) => m.includes('/commands/') && !m.endsWith('/commands/index.js'))).toEqual([]);
    for (const heavy of ['kysely', 'better-sqlite3', 'zod', 'hono', '@hono/zod-openapi', 'pg', 'smol-toml']) {
      expect(loaded).not.toContain(heavy);
    }
  });

  it('runs a read command on an unchanged catalog without loading the catalog loader', async () => {
    expect((await runOmo(['show', 'deepseek-r1', '--json'], { OMO_HOME: home })).code).toBe(0); // builds the store
    const loaded = await modulesLoaded(['show', 'deepseek-r1', '--json']);
    expect(loaded).toContain('dist/cli/commands/show.js');
    expect(loaded.filter((m) => m.includes('/commands/') && !/\/(index|show)\.js$/.test(m))).toEqual([]);
    expect(loaded).not.toContain('dist/catalog/load-catalog.js');
    expect(loaded).not.toContain('smol-toml');
    // zod's ~95 modules cost a read command ~80 ms; only writers and the server need the schemas.
    expect(loaded).not.toContain('zod');
  });

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'ends `omo serve` on %s with exit 0 and the store closed',
    async (signal) => {
      // The default store in OMO_HOME (a store named by --db must exist already).
      const omoHome = path.join(home, `serve-${signal}`);
      const db = path.join(omoHome, 'omo.sqlite');
      const { child } = await startServe([], { OMO_HOME: omoHome });
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill(signal);
      expect(await exited).toBe(0);
      expect(existsSync(db)).toBe(true);
      expect(existsSync(`${db}-wal`), 'a closed SQLite store leaves no write-ahead log').toBe(false);
    },
  );

  it('stops the server when `npm start` is killed (no orphan left serving)', async () => {
    const npm = spawn('npm', ['start'], {
      cwd: ROOT,
      env: { ...process.env, OMO_HOME: home, PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const gone = allGone(npm);
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      npm.stdout?.on('data', (d) => {
        out += d;
        const m = /omo serving on (http:\/\/\S+)/.exec(out);
        if (m?.[1]) resolve(m[1]);
      });
      npm.stderr?.resume();
      npm.once('exit', (code) => reject(new Error(`npm start exited with ${code} before serving: ${out}`)));
    });
    npm.kill('SIGTERM');
    await gone; // never resolves while a server that inherited npm's output pipes is still running
    expect(await portIsClosed(url)).toBe(true);
  }, 60_000);
});
