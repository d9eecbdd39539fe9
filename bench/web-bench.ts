import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { CHROMIUM, haveChromium, launchChromium } from '../test/helpers/browser.ts';
import { CATALOG_ENDPOINTS } from './catalog-endpoints.ts';

// Dashboard and API speed on the bundled catalog, with the server in its own process (`omo serve`):
// - each page's time to interactive (navigation start until its data is on screen), median of several loads;
// - API latency under 200 concurrent clients (autocannon, 127.0.0.1 only), p50/p99, against /healthz as baseline.

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const LOADS = 7;
const CONNECTIONS = 200;
const SECONDS = 8;

const PAGES: [string, string, string][] = [
  ['overview', '/', '[data-testid=total-models]'],
  ['models', '/models?country=CN', '[data-testid=models-table] tbody tr'],
  ['model', '/models/deepseek-ai/DeepSeek-R1', '[data-testid=benchmarks-table]'],
  ['compare', '/compare?ids=Qwen/QwQ-32B,deepseek-ai/DeepSeek-R1', '[data-testid=compare-table]'],
  ['efficiency', '/efficiency?benchmark=AIME%202024', '[data-testid=frontier-table]'],
  ['organisation', '/orgs/deepseek', '[data-testid=org-models]'],
];

const ENDPOINTS = ['/healthz', ...CATALOG_ENDPOINTS];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

async function startServer(home: string, cache = true): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'omo.js'), 'serve', '--port', '0'], {
    env: {
      ...process.env,
      OMO_HOME: home,
      OMO_DATABASE_URL: '',
      OMO_CATALOG: '',
      OMO_RESPONSE_CACHE: cache ? '1' : '0',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /omo serving on (\S+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`omo serve exited with ${code}`)));
  });
  return { url, stop: () => child.kill('SIGTERM') };
}

async function loadRows(base: string): Promise<string[][]> {
  const rows: string[][] = [];
  let baseline = 0;
  for (const endpoint of ENDPOINTS) {
    const result = await autocannon({
      url: new URL(endpoint, base).href,
      connections: CONNECTIONS,
      duration: SECONDS,
    });
    const p99 = result.latency.p99;
    if (endpoint === '/healthz') baseline = p99;
    rows.push([
      endpoint,
      String(result.latency.p50),
      String(p99),
      baseline ? `×${(p99 / baseline).toFixed(1)}` : '',
      Math.round(result.requests.average).toString(),
      String(result.non2xx + result.errors),
      p99 < 50 ? 'ok (< 50 ms)' : 'SLOW',
    ]);
  }
  return rows;
}

export async function runWebBench(): Promise<void> {
  const home = mkdtempSync(path.join(os.tmpdir(), 'omo-web-bench-'));
  const server = await startServer(home);
  try {
    if (haveChromium) {
      const browser = await launchChromium();
      const rows: string[][] = [];
      for (const [name, url, ready] of PAGES) {
        const times: number[] = [];
        for (let i = 0; i < LOADS; i++) {
          // A fresh context each time: no cached bundle, as on a first visit.
          const context = await browser.newContext();
          const page = await context.newPage();
          await page.goto(new URL(url, server.url).href, { waitUntil: 'commit' });
          await page.waitForSelector(ready);
          times.push(await page.evaluate(() => performance.now()));
          await context.close();
        }
        rows.push([
          name,
          url,
          median(times).toFixed(0),
          Math.max(...times).toFixed(0),
          median(times) < 1000 ? 'ok (< 1 s)' : 'SLOW',
        ]);
      }
      await browser.close();
      console.log(`Page interactive time, first visit (median and worst of ${LOADS} loads, ms):\n`);
      console.log(table(['page', 'url', 'median', 'worst', 'target'], rows));
    } else console.log(`(no ${CHROMIUM}: page timings skipped)`);

    const cached = await loadRows(server.url);
    console.log(
      `\nAPI latency with ${CONNECTIONS} concurrent clients for ${SECONDS} s each (ms; ratio = p99 / p99 of /healthz):\n`,
    );
    console.log(table(['endpoint', 'p50', 'p99', 'vs healthz', 'req/s', 'errors', 'target'], cached));
    const uncachedServer = await startServer(home, false);
    try {
      const uncached = await loadRows(uncachedServer.url);
      console.log(
        '\nThe same with the response cache off (OMO_RESPONSE_CACHE=0), i.e. every request runs its queries:\n',
      );
      console.log(table(['endpoint', 'p50', 'p99', 'vs healthz', 'req/s', 'errors', 'target'], uncached));
    } finally {
      uncachedServer.stop();
    }
  } finally {
    server.stop();
    rmSync(home, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await runWebBench();
}
