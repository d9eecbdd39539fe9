/**
 * Load and fault benchmark (issue 14): a real `omo serve` (compiled dist/) on a store holding the bundled catalog
 * and a synthetic Hub snapshot of LOAD_BENCH_MODELS models (bench/hub-generate.ts), under a mixed read load from
 * autocannon — 4 in 10 requests to cached catalog routes, 3 to catalog routes whose query string is new each time
 * (so the response cache misses), 3 to Hub routes (rank, trend, lineage) — at each of LOAD_BENCH_CONNECTIONS.
 * Beside the load, one connection asks /healthz sequentially (its own thread, 10 ms between answers): the issue's
 * target is /healthz under 100 ms while the Hub mix runs.
 *
 * Scenarios (LOAD_BENCH_SCENARIOS, comma-separated, default all):
 * - steady:       the mix alone (SQLite);
 * - catalog-load: the same while `omo catalog load` runs again and again on the same store, alternating the
 *                 bundled catalog and a copy with one model fewer;
 * - ingest:       the same while `omo ingest hub` ingests the dump again and again as a new, later snapshot (the
 *                 Hub routes answer from the latest; the same models, so the lineage question keeps its answer);
 * - postgres:     the mix on PostgreSQL, the PostgreSQL server stopped (`pg_ctl stop -m fast`) at 30% of the run
 *                 and started again at 60%: 503s while it is down, other errors, and how long after `pg_ctl start`
 *                 the first uncached catalog answer and the first /healthz are 200 again. The bench starts
 *                 its own throwaway PostgreSQL 15 cluster (like .ci/run) and skips this scenario, saying so, when
 *                 PostgreSQL is not installed.
 * Every process it starts (servers, loads, ingests, the cluster) is stopped on exit, on failure and on Ctrl-C.
 * LOAD_BENCH_BASELINE=<another checkout, dist/ built> runs that build's server (and its loads and ingests) right
 * before this one's at each number of connections, on the same store, for before/after figures from one run.
 *
 * Run: npm run bench load   (the dump is generated once and kept in $TMPDIR/omo-load-bench)
 */
import { type ChildProcess, spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import autocannon from 'autocannon';
import { buildDist } from '../scripts/build.mjs';
import { asPostgres, clusterOptions, initCluster, PGBIN, runAsPostgres } from '../test/helpers/pg-cluster.ts';
import { CATALOG_ENDPOINTS } from './catalog-endpoints.ts';
import { generateHubDump } from './hub-generate.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OMO = path.join(ROOT, 'bin', 'omo.js');
const ALL_SCENARIOS = ['steady', 'catalog-load', 'ingest', 'postgres'] as const;
type Scenario = (typeof ALL_SCENARIOS)[number];

function envNumber(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} takes a positive number, got "${text}"`);
  return n;
}

function envList(name: string, fallback: string): string[] {
  return (process.env[name] || fallback)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

// ---- processes: everything started is registered here and stopped on exit, failure or Ctrl-C ----

const children = new Set<ChildProcess>();
const cleanups: (() => void)[] = [];

function cleanupAll(): void {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  children.clear();
  for (let f = cleanups.pop(); f; f = cleanups.pop()) {
    try {
      f();
    } catch {
      // best effort: the next cleanup must still run
    }
  }
}

function onSignal(signal: NodeJS.Signals): void {
  console.error(`\n${signal}: stopping everything the load bench started`);
  cleanupAll();
  process.exit(130);
}

function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** Runs `omo …` to its end; resolves with its exit code and the tail of its stderr. */
function omo(
  args: string[],
  env: NodeJS.ProcessEnv,
  bin = OMO,
): Promise<{ code: number; stderr: string; ms: number }> {
  const started = performance.now();
  const child = track(spawn(process.execPath, [bin, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] }));
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr = (stderr + d).slice(-2000);
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) =>
      resolve({ code: code ?? (signal ? 128 : 1), stderr, ms: performance.now() - started }),
    );
  });
}

async function omoOk(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  const r = await omo(args, env);
  if (r.code !== 0) throw new Error(`omo ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
}

interface Server {
  url: string;
  pid: number;
  /** Why it ended, when it ended by itself (a crash under load): exit code or signal and the end of its stderr. */
  died(): string | undefined;
  stop(): Promise<void>;
}

async function startServer(env: NodeJS.ProcessEnv, bin = OMO): Promise<Server> {
  const child = track(
    spawn(process.execPath, [bin, 'serve', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] }),
  );
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr = (stderr + d).slice(-4000);
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d) => {
      out += d;
      const m = /omo serving on (\S+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`omo serve exited with ${code}: ${stderr}`)));
  });
  let stopping = false;
  const stop = () =>
    new Promise<void>((resolve) => {
      stopping = true;
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  const died = () => {
    if (stopping || (child.exitCode === null && child.signalCode === null)) return undefined;
    const lines = stderr.trim().split('\n');
    const last = lines.find((l) => /^\w*Error\b/.test(l)) ?? lines.at(-1);
    return `omo serve exited by itself (${child.exitCode ?? child.signalCode}): ${last}`;
  };
  return { url, pid: child.pid ?? 0, died, stop };
}

// ---- PostgreSQL: a throwaway cluster on 127.0.0.1, owned by postgres when we are root ----

interface Postgres {
  url: string;
  /** `pg_ctl stop -m fast`, resolving once it is down. */
  stop(): Promise<void>;
  /** `pg_ctl start -w`, resolving once it accepts connections. */
  start(): Promise<void>;
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

function runAsync(argv: string[]): Promise<void> {
  const child = track(spawn(argv[0] as string, argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] }));
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${argv.join(' ')} exited ${code}: ${stderr}`)),
    );
  });
}

async function startPostgres(): Promise<Postgres | null> {
  if (!existsSync(`${PGBIN}/initdb`)) return null;
  let port = 54400;
  while (!(await portIsFree(port))) port++;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'omo-load-pg-'));
  const pgCtl = (...args: string[]) => asPostgres(`${PGBIN}/pg_ctl`, ['-D', dir, ...args]);
  cleanups.push(() => {
    try {
      runAsPostgres(pgCtl('-m', 'immediate', 'stop'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  initCluster(dir);
  const options = clusterOptions(dir, port, 300);
  const start = () => runAsync(pgCtl('-l', path.join(dir, 'log'), '-w', '-o', options, 'start'));
  await start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: () => runAsync(pgCtl('-m', 'fast', '-w', 'stop')),
    start,
  };
}

// ---- the request mix ----

type Kind = 'cached' | 'uncached' | 'hub';
/** One cycle of the mix: 4 cached, 3 uncached, 3 Hub requests in 10. */
const CYCLE: Kind[] = [
  'cached',
  'uncached',
  'hub',
  'cached',
  'uncached',
  'hub',
  'cached',
  'uncached',
  'hub',
  'cached',
];

const CACHED = CATALOG_ENDPOINTS;

/** A bound that every model meets but that makes each URL new, so the response cache never has the answer. */
const UNCACHED: ((n: number) => string)[] = [
  (n) => `/api/models?params_total__lte=${1e15 + n}&sort=-released&limit=50`,
  (n) => `/api/models?params_total__lte=${1e15 + n}&facet=country&facet=license_class&limit=50`,
  (n) => `/api/stats?params_total__lte=${1e15 + n}`,
  (n) => `/api/orgs?models__lte=${1e6 + n}`,
];

/** Moderate Hub questions (top ≤ 1000), so a server that caps parameters still answers them. */
function hubPaths(root: string): string[] {
  return [
    '/api/rank?by=downloads&top=100&group=country&attribution=root',
    '/api/rank?by=likes&top=1000&group=org',
    '/api/rank?by=derivatives&top=100&group=family&attribution=root',
    '/api/trend?by=new-derivatives&group=country&interval=month&attribution=root',
    '/api/trend?by=new-models&group=country&interval=year',
    `/api/lineage/${root}?depth=1`,
    `/api/lineage/${root}?depth=0`,
  ];
}

function mix(root: string): () => { kind: Kind; path: string } {
  const hub = hubPaths(root);
  let i = 0;
  let unique = 0;
  const next: Record<Kind, number> = { cached: 0, uncached: 0, hub: 0 };
  return () => {
    const kind = CYCLE[i++ % CYCLE.length] as Kind;
    const k = next[kind]++;
    if (kind === 'cached') return { kind, path: CACHED[k % CACHED.length] as string };
    if (kind === 'hub') return { kind, path: hub[k % hub.length] as string };
    return { kind, path: (UNCACHED[k % UNCACHED.length] as (n: number) => string)(unique++) };
  };
}

// ---- measuring: the /healthz probe on its own thread and connection, the server's RSS ----

interface Sample {
  /** Epoch ms when the answer came. */
  at: number;
  ms: number;
  /** 0: no answer (socket error or 30 s timeout). */
  status: number;
}

const PROBE = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
let stopping = false;
parentPort.on('message', () => { stopping = true; });
const once = () => new Promise((resolve) => {
  const t = performance.now();
  const done = (status) => resolve({ at: Date.now(), ms: performance.now() - t, status });
  const req = http.get(workerData.url, { agent, timeout: 30000 }, (res) => {
    res.resume();
    res.on('end', () => done(res.statusCode));
  });
  req.on('timeout', () => req.destroy(new Error('timeout')));
  req.on('error', () => done(0));
});
(async () => {
  const samples = [];
  while (!stopping) {
    samples.push(await once());
    await new Promise((r) => setTimeout(r, 10));
  }
  parentPort.postMessage(samples);
})();
`;

function startProbe(url: string): () => Promise<Sample[]> {
  const worker = new Worker(PROBE, { eval: true, workerData: { url } });
  const done = new Promise<Sample[]>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  return async () => {
    worker.postMessage('stop');
    const samples = await done;
    await worker.terminate();
    return samples;
  };
}

/** Samples VmRSS of `pid` every 100 ms; the returned function stops and gives the peak in MB. */
function sampleRss(pid: number): () => number {
  let peakKb = 0;
  const read = () => {
    try {
      const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) peakKb = Math.max(peakKb, Number(m[1]));
    } catch {
      // the process is gone: keep the last peak
    }
  };
  read();
  const timer = setInterval(read, 100);
  return () => {
    clearInterval(timer);
    read();
    return peakKb / 1024;
  };
}

// ---- one run: the mix at one number of connections, with an optional background activity ----

interface Run {
  seconds: number;
  startedAt: number;
  byKind: Record<Kind, number[]>;
  statuses: Map<number, number>;
  socketErrors: Map<string, number>;
  timeouts: number;
  rssMb: number;
  healthz: Sample[];
  /** When each uncached catalog answer came, and its status: these always read the database. */
  uncached: [number, number][];
}

/** Something that runs beside the load; `describe` says what it did, from the run's figures. */
interface Background {
  stop(): Promise<void>;
  describe(run: Run): string;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function countUp<K>(map: Map<K, number>, key: K): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

async function loadRun(
  server: Server,
  root: string,
  connections: number,
  seconds: number,
  background?: () => Background,
): Promise<{ run: Run; during: string }> {
  const next = mix(root);
  const run: Run = {
    seconds,
    startedAt: Date.now(),
    byKind: { cached: [], uncached: [], hub: [] },
    statuses: new Map(),
    socketErrors: new Map(),
    timeouts: 0,
    rssMb: 0,
    healthz: [],
    uncached: [],
  };
  const stopRss = sampleRss(server.pid);
  const stopProbe = startProbe(new URL('/healthz', server.url).href);
  const bg = background?.();
  const instance = autocannon({
    url: server.url,
    connections,
    duration: seconds,
    timeout: 10,
    requests: [
      {
        setupRequest: (req, context) => {
          const r = next();
          (context as { kind?: Kind }).kind = r.kind;
          return { ...req, path: r.path };
        },
      },
    ],
  }) as unknown as autocannon.Instance & Promise<autocannon.Result>;
  instance.on('response', (client, status, _bytes, ms) => {
    // The client's context still holds the answered request's kind: the next one is set up after this event.
    const kind = (client as unknown as { requestIterator: { context: { kind: Kind } } }).requestIterator
      .context.kind;
    run.byKind[kind].push(ms);
    countUp(run.statuses, status);
    if (kind === 'uncached') run.uncached.push([Date.now(), status]);
  });
  instance.on('reqError', (e: Error & { code?: string }) => {
    if (/timed out/.test(e.message)) run.timeouts++;
    else countUp(run.socketErrors, e.code ?? e.message);
  });
  await instance;
  run.seconds = (Date.now() - run.startedAt) / 1000;
  run.healthz = await stopProbe();
  await bg?.stop(); // a load or ingest under way finishes; its RSS still counts
  run.rssMb = stopRss();
  return { run, during: bg?.describe(run) ?? '' };
}

// ---- background activities ----

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] ?? 0;
const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
const fmtMs = (ms: number) => (ms < 10 ? ms.toFixed(1) : ms.toFixed(0));

/** Runs `omo …` again and again until stopped (the last one finishes); failures are counted and the first kept. */
function repeatedly(
  what: string,
  args: (i: number) => string[],
  env: NodeJS.ProcessEnv,
  failures: string[],
  bin = OMO,
): () => Background {
  return () => {
    let stopping = false;
    const results: { code: number; ms: number }[] = [];
    const loop = (async () => {
      for (let i = 0; !stopping; i++) {
        const r = await omo(args(i), env, bin);
        results.push(r);
        if (r.code !== 0 && failures.length < 3)
          failures.push(`omo ${args(i).join(' ')}: exit ${r.code}: ${r.stderr.trim()}`);
      }
    })();
    return {
      stop: async () => {
        stopping = true;
        await loop;
      },
      describe: () => {
        const failed = results.filter((r) => r.code !== 0).length;
        return `${results.length} ${what}, ${failed} failed, ${(median(results.map((r) => r.ms)) / 1000).toFixed(1)} s each`;
      },
    };
  };
}

/** Stops PostgreSQL at 30% of the run and starts it again at 60%. */
function postgresOutage(pg: Postgres, seconds: number): () => Background {
  return () => {
    const t0 = Date.now();
    const times = { stopAt: 0, downAt: 0, startAt: 0, upAt: 0 };
    const outage = (async () => {
      await sleep(seconds * 300);
      times.stopAt = Date.now();
      await pg.stop();
      times.downAt = Date.now();
      await sleep(Math.max(0, t0 + seconds * 600 - Date.now()));
      times.startAt = Date.now();
      await pg.start();
      times.upAt = Date.now();
    })();
    return {
      stop: () => outage,
      describe: (run) => {
        const in503 = run.uncached.filter(([at, s]) => s === 503 && at >= times.stopAt).length;
        const first200 = (answers: [number, number][]) => {
          const hit = answers.find(([at, s]) => s === 200 && at >= times.startAt);
          return hit ? `+${((hit[0] - times.startAt) / 1000).toFixed(2)} s` : 'never';
        };
        const healthz = run.healthz.map((h) => [h.at, h.status] as [number, number]);
        return (
          `PG down ${((times.startAt - times.stopAt) / 1000).toFixed(1)} s (${in503} uncached 503s); ` +
          `after pg_ctl start (${((times.upAt - times.startAt) / 1000).toFixed(1)} s to ready) first 200: ` +
          `uncached ${first200(run.uncached)}, /healthz ${first200(healthz)}`
        );
      },
    };
  };
}

// ---- the table: one per scenario, one row per number of connections, the same columns for every scenario ----

const HEADER = [
  'connections',
  'req/s',
  'p50',
  'p99',
  'cached p99',
  'uncached p99',
  'hub p99',
  'non-2xx',
  'timeouts',
  'socket errors',
  'peak RSS MB',
  'healthz p50',
  'p99',
  'max',
  'non-200',
  'healthz p99 ≤ 100',
];

function counts<K>(map: Map<K, number>): string {
  if (map.size === 0) return '0';
  return [...map].map(([k, n]) => `${k}×${n}`).join(' ');
}

function row(connections: number, run: Run): string[] {
  const all = Object.values(run.byKind)
    .flat()
    .sort((a, b) => a - b);
  const p99 = (xs: number[]) =>
    fmtMs(
      quantile(
        [...xs].sort((a, b) => a - b),
        0.99,
      ),
    );
  const non2xx = new Map([...run.statuses].filter(([s]) => s < 200 || s > 299));
  const hz = run.healthz.map((h) => h.ms).sort((a, b) => a - b);
  const hzP99 = quantile(hz, 0.99);
  return [
    String(connections),
    (all.length / run.seconds).toFixed(0),
    fmtMs(quantile(all, 0.5)),
    fmtMs(quantile(all, 0.99)),
    p99(run.byKind.cached),
    p99(run.byKind.uncached),
    p99(run.byKind.hub),
    counts(non2xx),
    String(run.timeouts),
    counts(run.socketErrors),
    run.rssMb.toFixed(0),
    fmtMs(quantile(hz, 0.5)),
    fmtMs(hzP99),
    fmtMs(hz.at(-1) ?? 0),
    String(run.healthz.filter((h) => h.status !== 200).length),
    hzP99 <= 100 ? 'met' : 'MISSED',
  ];
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

// ---- set-up: dumps, a second catalog, stores ----

interface Dumps {
  file: string;
  accounts: string;
  biggestRoot: string;
}

async function dumps(dir: string, models: number): Promise<Dumps> {
  mkdirSync(dir, { recursive: true });
  const file = (suffix: string) => path.join(dir, `hub-${models}${suffix}`);
  const meta = file('.json');
  if (!existsSync(meta)) {
    const t = performance.now();
    const g = await generateHubDump({ models, file: file('.jsonl'), accountsFile: file('-accounts.csv') });
    writeFileSync(meta, JSON.stringify(g));
    console.log(
      `generated a dump of ${models.toLocaleString('en-US')} models in ${((performance.now() - t) / 1000).toFixed(1)} s: ${dir}`,
    );
  }
  const { biggestRoot } = JSON.parse(readFileSync(meta, 'utf8')) as { biggestRoot: string };
  return {
    file: file('.jsonl'),
    accounts: file('-accounts.csv'),
    biggestRoot,
  };
}

/** A copy of the bundled catalog without one model that nothing else names (so the copy stays valid). */
function catalogWithOneModelFewer(dir: string): { dir: string; removed: string } {
  const out = path.join(dir, 'catalog-one-fewer');
  rmSync(out, { recursive: true, force: true });
  cpSync(path.join(ROOT, 'catalog'), out, { recursive: true });
  const files = (readdirSync(out, { recursive: true }) as string[]).filter((f) => f.endsWith('.toml')).sort();
  const texts = new Map(files.map((f) => [f, readFileSync(path.join(out, f), 'utf8').toLowerCase()]));
  const all = [...texts.values()].join('\n');
  for (const f of files.filter((f) => f.split(path.sep).includes('models'))) {
    const own = texts.get(f) ?? '';
    const id = /^id\s*=\s*"([^"]+)"/m.exec(own)?.[1];
    if (!id || CACHED.some((p) => p.toLowerCase().includes(id))) continue;
    if (all.split(id).length === own.split(id).length) {
      rmSync(path.join(out, f));
      return { dir: out, removed: id };
    }
  }
  throw new Error('no catalog model could be removed without breaking a reference');
}

/** A store with the bundled catalog, the dump's accounts and its first snapshot. */
async function prepareStore(env: NodeJS.ProcessEnv, d: Dumps): Promise<void> {
  await omoOk(['db', 'migrate'], env);
  await omoOk(['catalog', 'load'], env);
  await omoOk(['ingest', 'accounts', d.accounts], env);
  await omoOk(['ingest', 'hub', d.file, '--at', '2026-06-01'], env);
}

interface Settings {
  models: number;
  seconds: number;
  connections: number[];
  scenarios: Scenario[];
  dir: string;
  builds: Build[];
}

/** This checkout, after the baseline checkout (with its dist/ built) when one is named. */
function builds(baseline: string | undefined): Build[] {
  const current = { label: 'this', bin: OMO };
  if (!baseline) return [current];
  const bin = path.resolve(baseline, 'bin', 'omo.js');
  if (!existsSync(path.resolve(baseline, 'dist', 'cli', 'main.js')))
    throw new Error(
      `LOAD_BENCH_BASELINE: ${baseline} has no built dist/ (run \`node scripts/build.mjs\` there first)`,
    );
  return [{ label: 'baseline', bin }, current];
}

function settings(): Settings {
  const scenarios = envList('LOAD_BENCH_SCENARIOS', ALL_SCENARIOS.join(','));
  for (const s of scenarios)
    if (!(ALL_SCENARIOS as readonly string[]).includes(s))
      throw new Error(
        `LOAD_BENCH_SCENARIOS: unknown scenario "${s}"; scenarios: ${ALL_SCENARIOS.join(', ')}`,
      );
  const connections = envList('LOAD_BENCH_CONNECTIONS', '50,200,1000').map(Number);
  if (connections.some((c) => !Number.isInteger(c) || c < 1))
    throw new Error(
      `LOAD_BENCH_CONNECTIONS takes whole numbers ≥ 1, comma-separated, got "${process.env.LOAD_BENCH_CONNECTIONS}"`,
    );
  return {
    models: envNumber('LOAD_BENCH_MODELS', 200_000),
    seconds: envNumber('LOAD_BENCH_SECONDS', 10),
    connections,
    scenarios: scenarios as Scenario[],
    dir: process.env.LOAD_BENCH_DIR || path.join(os.tmpdir(), 'omo-load-bench'),
    builds: builds(process.env.LOAD_BENCH_BASELINE),
  };
}

// ---- scenarios ----

const TITLES: Record<Scenario, string> = {
  steady: '(a) steady: the mix alone, SQLite',
  'catalog-load':
    '(b) while `omo catalog load` runs again and again (bundled catalog ⇄ a copy with one model fewer), SQLite',
  ingest: '(c) while `omo ingest hub` ingests the dump again and again as a new, later snapshot, SQLite',
  postgres: '(d) PostgreSQL 15, stopped (pg_ctl stop -m fast) at 30% of each run and started again at 60%',
};

/**
 * Waits until the server answers /healthz within 100 ms again (at most a minute): a server that fell behind keeps
 * working through requests whose clients have gone, and the next run must not inherit that backlog.
 */
async function settle(server: Server): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const started = performance.now();
    try {
      await fetch(new URL('/healthz', server.url), { signal: AbortSignal.timeout(30_000) });
      if (performance.now() - started < 100) return;
    } catch {
      // not answering yet
    }
    await sleep(500);
  }
}

/** A build of omo under test: this checkout, or the baseline named by LOAD_BENCH_BASELINE. */
interface Build {
  label: string;
  bin: string;
}

/** The server of one build; one that died under load is reported and replaced before the next run. */
interface Served {
  build: Build;
  server: Server;
  restart(): Promise<Server>;
}

async function served(env: NodeJS.ProcessEnv, builds: Build[]): Promise<Served[]> {
  const all: Served[] = [];
  for (const build of builds) {
    const s: Served = {
      build,
      server: await startServer(env, build.bin),
      restart: async () => (s.server = await startServer(env, build.bin)),
    };
    all.push(s);
  }
  return all;
}

/**
 * One table: a row per number of connections and build. With a baseline, its run comes right before this build's at
 * each number of connections, on the same store, so that the two rows share the machine's conditions.
 */
async function scenario(
  s: Settings,
  name: Scenario,
  servers: Served[],
  root: string,
  background?: (connections: number, build: Build) => () => Background,
): Promise<void> {
  const rows: string[][] = [];
  const notes: string[] = [];
  const labelled = servers.length > 1;
  for (const c of s.connections) {
    for (const under of servers) {
      const { run, during } = await loadRun(under.server, root, c, s.seconds, background?.(c, under.build));
      rows.push([...(labelled ? [under.build.label] : []), ...row(c, run)]);
      const who = `${labelled ? `${under.build.label}, ` : ''}${c} connections`;
      if (during) notes.push(`  ${who}: ${during}`);
      const died = under.server.died();
      if (died) {
        notes.push(`  ${who}: ${died} — started again for the next run`);
        await under.restart();
      }
      await settle(under.server);
    }
  }
  console.log(`\n${TITLES[name]}\n`);
  console.log(table(labelled ? ['build', ...HEADER] : HEADER, rows));
  if (notes.length) console.log(`during the runs:\n${notes.join('\n')}`);
}

async function sqliteScenarios(s: Settings, d: Dumps): Promise<void> {
  const home = mkdtempSync(path.join(os.tmpdir(), 'omo-load-home-'));
  cleanups.push(() => rmSync(home, { recursive: true, force: true }));
  const env = { ...process.env, OMO_HOME: home, OMO_DATABASE_URL: '', OMO_CATALOG: '' };
  await prepareStore(env, d);
  const servers = await served(env, s.builds);
  const failures: string[] = [];
  try {
    if (s.scenarios.includes('steady')) await scenario(s, 'steady', servers, d.biggestRoot);
    if (s.scenarios.includes('catalog-load')) {
      const other = catalogWithOneModelFewer(s.dir);
      await scenario(s, 'catalog-load', servers, d.biggestRoot, (_c, build) =>
        repeatedly(
          'catalog loads',
          (i) => ['catalog', 'load', ...(i % 2 ? [] : ['--catalog', other.dir])],
          env,
          failures,
          build.bin,
        ),
      );
      console.log(`  (the copy lacks ${other.removed})`);
    }
    if (s.scenarios.includes('ingest')) {
      let day = 0;
      const at = () => new Date(Date.UTC(2026, 6, 1) + day++ * 86_400_000).toISOString().slice(0, 10);
      await scenario(s, 'ingest', servers, d.biggestRoot, (_c, build) =>
        repeatedly('ingests', () => ['ingest', 'hub', d.file, '--at', at()], env, failures, build.bin),
      );
    }
  } finally {
    for (const under of servers) await under.server.stop();
  }
  for (const f of failures) console.log(`  failed: ${f}`);
}

async function postgresScenario(s: Settings, d: Dumps): Promise<void> {
  const pg = await startPostgres();
  if (!pg) {
    console.log(
      `\n(d) PostgreSQL: skipped — no PostgreSQL 15 at ${PGBIN} (Debian: apt-get install postgresql)`,
    );
    return;
  }
  const home = mkdtempSync(path.join(os.tmpdir(), 'omo-load-home-'));
  cleanups.push(() => rmSync(home, { recursive: true, force: true }));
  const env = { ...process.env, OMO_HOME: home, OMO_DATABASE_URL: pg.url, OMO_CATALOG: '' };
  await prepareStore(env, d);
  const servers = await served(env, s.builds);
  try {
    await scenario(s, 'postgres', servers, d.biggestRoot, () => postgresOutage(pg, s.seconds));
  } finally {
    for (const under of servers) await under.server.stop();
  }
}

export async function runLoadBench(): Promise<void> {
  const s = settings();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    buildDist({ log: (line) => console.log(line) });
    const d = await dumps(s.dir, s.models);
    console.log(
      `${s.models.toLocaleString('en-US')} Hub models; ${s.seconds} s per run; mix per 10 requests: 4 cached catalog, 3 uncached catalog, 3 Hub; ` +
        `latencies in ms (all answers, any status); /healthz asked sequentially on its own connection; ${os.cpus().length} CPUs, load bench client on the same machine`,
    );
    if (s.scenarios.some((n) => n !== 'postgres')) await sqliteScenarios(s, d);
    if (s.scenarios.includes('postgres')) await postgresScenario(s, d);
  } finally {
    cleanupAll();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await runLoadBench();
}
