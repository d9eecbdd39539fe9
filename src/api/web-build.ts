import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { OmoError } from '../domain/errors.ts';

// The dashboard: a Vite bundle in dist/web. `npm run build` (and so `npm install` in a source checkout, and
// `npm pack`) builds it; in a source checkout `omo serve` rebuilds it when its sources are newer. An installed
// package ships the bundle without its sources and never needs Vite, which stays a development dependency.

const ROOT = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));
const WEB_SOURCE = path.join(ROOT, 'src', 'web');
export const WEB_DIST = path.join(ROOT, 'dist', 'web');
/** Folders whose code the bundle includes. */
const BUNDLED = [WEB_SOURCE, path.join(ROOT, 'src', 'domain'), path.join(ROOT, 'src', 'analysis')];

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function webBuildIsFresh(): boolean {
  const index = path.join(WEB_DIST, 'index.html');
  if (!existsSync(index)) return false;
  if (!existsSync(WEB_SOURCE)) return true; // an installed package ships the bundle without its sources
  const built = statSync(index).mtimeMs;
  return BUNDLED.every((dir) => !existsSync(dir) || newestMtime(dir) <= built);
}

/**
 * Builds the bundle when missing or stale, into a fresh folder that then replaces dist/web in one rename, so a
 * server never reads a half-written bundle and two builders cannot interleave files. Only a source checkout
 * builds: an installed package without its bundle is broken, and says so.
 */
export async function ensureWebBuild(log: (line: string) => void = () => {}): Promise<'fresh' | 'built'> {
  if (webBuildIsFresh()) return 'fresh';
  if (!existsSync(WEB_SOURCE)) {
    throw new OmoError(
      'web_bundle_missing',
      `the dashboard bundle is missing from ${WEB_DIST}; reinstall omo`,
    );
  }
  log('building the dashboard (first start or changed sources)…');
  const { build } = await import('vite');
  const staging = `${WEB_DIST}.${process.pid}.${Date.now()}`;
  await build({
    configFile: path.join(WEB_SOURCE, 'vite.config.ts'),
    build: { outDir: staging, emptyOutDir: true },
    logLevel: 'warn',
  });
  const old = `${WEB_DIST}.old.${process.pid}`;
  if (existsSync(WEB_DIST)) renameSync(WEB_DIST, old);
  try {
    renameSync(staging, WEB_DIST);
  } catch {
    rmSync(staging, { recursive: true, force: true }); // another process installed its build first
  }
  rmSync(old, { recursive: true, force: true });
  return 'built';
}
