import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { startServe } from './run-omo.ts';
import { stopProcess } from './stop-process.ts';

export const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/web', import.meta.url));

/** Debian's Chromium is required in CI; elsewhere the browser suite is skipped when it is not installed. */
export const haveChromium = existsSync(CHROMIUM);
if (process.env.CI && !haveChromium)
  throw new Error(`CI must install Debian's chromium (${CHROMIUM}) for the dashboard tests`);

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Records console errors, uncaught exceptions and dialogs (a dialog would mean injected script ran). */
export function watch(page: Page): { errors: string[]; dialogs: string[] } {
  const seen = { errors: [] as string[], dialogs: [] as string[] };
  page.on('console', (m) => {
    if (m.type() === 'error') seen.errors.push(`${page.url()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => seen.errors.push(`${page.url()}: ${String(e)}`));
  page.on('dialog', (d) => {
    seen.dialogs.push(d.message());
    void d.dismiss();
  });
  return seen;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** The real server (`omo serve`) on a catalog, with a store in an `OMO_HOME` of its own, and a watched Chromium page. */
export interface Dashboard {
  server: Awaited<ReturnType<typeof startServe>>;
  /** The server's environment: its home, catalog and (SQLite) store, for CLI commands on the same store. */
  env: NodeJS.ProcessEnv;
  browser: Browser;
  page: Page;
  seen: ReturnType<typeof watch>;
  /** GET a path of the server and its JSON. */
  // biome-ignore lint/suspicious/noExplicitAny: API answers are checked field by field
  api<T = any>(p: string): Promise<T>;
  /** Opens a page of the server and waits until the network is idle. */
  open(p: string): Promise<void>;
  /** Closes the browser, stops the server and removes its home. */
  close(): Promise<void>;
}

export async function openDashboard(catalogDir: string, homePrefix: string): Promise<Dashboard> {
  const home = mkdtempSync(path.join(os.tmpdir(), homePrefix));
  const env = { OMO_HOME: home, OMO_CATALOG: catalogDir, OMO_DATABASE_URL: '' };
  const server = await startServe([], env);
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  return {
    server,
    env,
    browser,
    page,
    seen: watch(page),
    api: async (p) => (await fetch(new URL(p, server.url))).json(),
    open: async (p) => {
      await page.goto(new URL(p, server.url).href, { waitUntil: 'networkidle' });
    },
    close: async () => {
      await browser.close();
      await stopProcess(server.child);
      rmSync(home, { recursive: true, force: true });
    },
  };
}
