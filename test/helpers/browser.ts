import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';

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
