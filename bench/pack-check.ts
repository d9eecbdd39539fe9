/**
 * Packed-install check: what a user of the package gets. `npm pack`, then `npm install --omit=dev <tarball>` into
 * an empty folder (no Vite, no tsx at run time needed, no sources), then that install's `omo serve --port 0` must
 * print its URL and answer /api/models and the dashboard (/ and its script) with 200, and end cleanly on SIGTERM.
 * Exits 1 on any failure: `.ci/run` runs it after `npm test`. Installing needs the npm registry (or its cache:
 * `--prefer-offline`) and compiles better-sqlite3 when no prebuilt binary is at hand.
 *
 * Run: npx tsx bench/pack-check.ts   (or npm run bench pack)
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

class CheckError extends Error {}

function check(ok: unknown, what: string): void {
  if (!ok) throw new CheckError(what);
}

async function timed<T>(steps: string[][], label: string, fn: () => Promise<T> | T): Promise<T> {
  const started = performance.now();
  const result = await fn();
  steps.push([label, `${((performance.now() - started) / 1000).toFixed(1)} s`]);
  return result;
}

function npm(args: string[], cwd: string): string {
  // JOBS: node-gyp compiles better-sqlite3 on every core when no prebuilt binary is at hand.
  const env = { ...process.env, JOBS: process.env.JOBS ?? 'max' };
  return execFileSync('npm', args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
}

/** Starts the installed `omo serve --port 0` and resolves with its URL and a stop function resolving its exit code. */
function serve(
  bin: string,
  cwd: string,
  home: string,
): Promise<{ url: string; stop: () => Promise<number | null> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, 'serve', '--port', '0'], {
      cwd,
      env: { ...process.env, OMO_HOME: home, OMO_DATABASE_URL: '', OMO_CATALOG: '', PORT: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stderr.on('data', (d) => {
      err += d;
    });
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    void exited.then((code) => reject(new CheckError(`omo serve exited (${code}) before serving: ${err}`)));
    child.stdout.on('data', (d) => {
      out += d;
      const m = /omo serving on (http:\/\/\S+)/.exec(out);
      if (m?.[1]) {
        resolve({
          url: m[1],
          stop: () => {
            child.kill('SIGTERM');
            return exited;
          },
        });
      }
    });
  });
}

export async function runPackCheck(): Promise<void> {
  const work = mkdtempSync(path.join(os.tmpdir(), 'omo-pack-'));
  const steps: string[][] = [];
  const version = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version as string;
  try {
    // `npm pack` runs `prepare` (scripts/build.mjs): dist/ and dist/web are built when stale.
    const packed = await timed(steps, 'npm pack (build if stale)', () =>
      JSON.parse(npm(['pack', '--json', '--pack-destination', work], ROOT)),
    );
    const tarball = path.join(work, packed[0].filename as string);
    const files = (packed[0].files as { path: string }[]).map((f) => f.path);
    for (const needed of [
      'bin/omo.js',
      'dist/cli/run.js',
      'dist/web/index.html',
      'catalog/licenses.toml',
      'README.md',
    ])
      check(files.includes(needed), `the tarball lacks ${needed}`);
    check(
      !files.some((f) => f.startsWith('src/') || f.startsWith('test/')),
      'the tarball ships sources or tests',
    );
    steps.push(['tarball', `${files.length} files, ${(statSync(tarball).size / 1e6).toFixed(1)} MB`]);

    const app = path.join(work, 'app');
    execFileSync('mkdir', [app]);
    writeFileSync(path.join(app, 'package.json'), '{ "name": "omo-pack-check", "private": true }\n');
    await timed(steps, 'npm install --omit=dev <tarball>', () =>
      npm(['install', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund', tarball], app),
    );
    const modules = path.join(app, 'node_modules');
    check(
      !existsSync(path.join(modules, 'vite')),
      'vite was installed although it is a development dependency',
    );
    const bin = path.join(modules, '.bin', 'omo');
    check(existsSync(bin), 'the install has no node_modules/.bin/omo');

    const home = path.join(work, 'home');
    const shown = execFileSync(process.execPath, [bin, '--version'], { cwd: app, encoding: 'utf8' }).trim();
    check(shown === version, `omo --version printed "${shown}", not ${version}`);
    const server = await timed(steps, 'omo serve: first start (loads the catalog)', () =>
      serve(bin, app, home),
    );
    try {
      const models = await fetch(`${server.url}api/models?limit=1`);
      check(models.status === 200, `/api/models answered ${models.status}`);
      const body = (await models.json()) as { items?: unknown[]; data?: unknown[] };
      check(JSON.stringify(body).includes('"id"'), '/api/models returned no model');
      const page = await fetch(server.url);
      check(page.status === 200, `/ answered ${page.status}`);
      const html = await page.text();
      const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
      check(script, 'the dashboard page names no script');
      const asset = await fetch(new URL(script as string, server.url));
      check(asset.status === 200, `${script} answered ${asset.status}`);
    } finally {
      const code = await server.stop();
      check(code === 0, `omo serve exited ${code} on SIGTERM`);
    }
    steps.push(['result', 'ok: /api/models, / and its script answer 200; SIGTERM exits 0']);
  } finally {
    console.log(steps.map(([k, v]) => `${(k ?? '').padEnd(44)}${v}`).join('\n'));
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  try {
    await runPackCheck();
    console.log(`packed-install check passed in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  } catch (e) {
    console.error(`packed-install check FAILED: ${(e as Error).message}`);
    process.exit(1);
  }
}
