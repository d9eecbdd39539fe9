// Builds what `omo` runs, each part only when it is missing or older than its sources: dist/ (tsc, incremental)
// and the dashboard bundle dist/web (Vite). Plain JavaScript, so it runs before anything is compiled:
// `npm install` (prepare), `npm start` (prestart), `npm pack` and the tests' global setup use it.
//   node scripts/build.mjs           build what is stale
//   node scripts/build.mjs --force   rebuild dist/ (tsc) even when it looks fresh
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
const DIST = path.join(ROOT, 'dist');
/** Written after a successful tsc run: its mtime is when dist/ was built, its text the list of compiled inputs. */
const STAMP = path.join(DIST, '.built');
const SKIP = path.join(ROOT, 'src', 'web'); // the dashboard is Vite's (dist/web), not tsc's

/** What tsc reads (tsconfig.build.json: src/ except the dashboard and the specs), with the newest mtime. */
function inputs() {
  const files = [path.join(ROOT, 'tsconfig.json'), path.join(ROOT, 'tsconfig.build.json')];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (p !== SKIP) walk(p);
      } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) files.push(p);
    }
  };
  walk(path.join(ROOT, 'src'));
  const newest = Math.max(...files.map((f) => statSync(f).mtimeMs));
  return { list: files.map((f) => path.relative(ROOT, f)).join('\n'), newest };
}

/** True when dist/ was built from the same files, after their last change (an added or deleted file counts). */
export function distIsFresh() {
  if (!existsSync(STAMP)) return false;
  const { list, newest } = inputs();
  return newest <= statSync(STAMP).mtimeMs && readFileSync(STAMP, 'utf8') === list;
}

const stderrLine = (line) => process.stderr.write(`${line}\n`);

/** Deletes compiled files whose source is gone, so that neither `omo` nor the package keeps running them. */
function pruneOrphans(list) {
  const sources = new Set(list.split('\n'));
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (p !== path.join(DIST, 'web')) walk(p);
      } else if (entry.name.endsWith('.js')) {
        const source = path.join('src', path.relative(DIST, p)).replace(/\.js$/, '.ts');
        if (!sources.has(source)) rmSync(p);
      }
    }
  };
  walk(DIST);
}

/** Compiles src/ into dist/ when stale (or `force`); returns what it did. Throws when tsc fails. */
export function buildDist({ force = false, log = stderrLine } = {}) {
  if (!force && distIsFresh()) return 'fresh';
  log('compiling src/ into dist/ (tsc)…');
  const started = new Date(); // the stamp's time: sources changed during the build make the next check stale
  const { list } = inputs();
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const args = ['-p', 'tsconfig.build.json', '--incremental', '--tsBuildInfoFile', 'dist/.tsbuildinfo'];
  const run = spawnSync(process.execPath, [tsc, ...args], { cwd: ROOT, stdio: 'inherit' });
  if (run.status !== 0)
    throw new Error(`tsc -p tsconfig.build.json failed (exit ${run.status ?? run.signal})`);
  pruneOrphans(list);
  writeFileSync(STAMP, list);
  utimesSync(STAMP, started, started);
  return 'built';
}

/** dist/ first, then the dashboard (its builder is part of dist/). */
export async function build({ force = false, log = stderrLine } = {}) {
  const dist = buildDist({ force, log });
  const { ensureWebBuild } = await import(pathToFileURL(path.join(DIST, 'api', 'web-build.js')).href);
  const web = await ensureWebBuild(log);
  return { dist, web };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    await build({ force: process.argv.includes('--force') });
  } catch (e) {
    process.stderr.write(`build: ${e.message}\n`);
    process.exit(1);
  }
}
