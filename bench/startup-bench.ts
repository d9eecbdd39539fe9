/**
 * Start-up benchmark: how long `omo` takes to answer, over a bare `node -e 0` (best and median of 7 runs each,
 * interleaved so that load on the machine hits every row alike). Targets (issue 13): `omo --help` ≤ 150 ms and
 * `omo show <id> --json` ≤ 250 ms over node, best of 7, on a store that is up to date with the catalog.
 * `OMO_BENCH_STARTUP_TSX=1` adds the same commands run from source through tsx (how `omo` ran before dist/).
 *
 * Run: npx tsx bench/startup-bench.ts   (or npm run bench startup)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDist } from '../scripts/build.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUNS = 7;
const SHOW_ID = 'deepseek-ai/DeepSeek-R1';

interface Row {
  label: string;
  argv: string[];
  /** ms over node -e 0, best of RUNS */
  target?: number;
}

function time(argv: string[], env: NodeJS.ProcessEnv): number {
  const started = performance.now();
  const r = spawnSync(argv[0] as string, argv.slice(1), {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const ms = performance.now() - started;
  if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export async function runStartupBench(): Promise<void> {
  buildDist({ log: (line) => console.log(line) });
  const home = mkdtempSync(path.join(os.tmpdir(), 'omo-startup-'));
  const env = { ...process.env, OMO_HOME: home, OMO_DATABASE_URL: '', OMO_CATALOG: '' };
  const node = process.execPath;
  const omo = path.join(ROOT, 'bin', 'omo.js');
  const rows: Row[] = [
    { label: 'node -e 0', argv: [node, '-e', '0'] },
    { label: 'omo --help', argv: [node, omo, '--help'], target: 150 },
    { label: 'omo --version', argv: [node, omo, '--version'] },
    { label: `omo show ${SHOW_ID} --json`, argv: [node, omo, 'show', SHOW_ID, '--json'], target: 250 },
    { label: 'omo models --limit 5 --json', argv: [node, omo, 'models', '--limit', '5', '--json'] },
  ];
  if (process.env.OMO_BENCH_STARTUP_TSX === '1') {
    const tsx = [node, path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'src/cli/run.ts'];
    rows.push(
      { label: 'before: tsx src/cli/run.ts --help', argv: [...tsx, '--help'] },
      {
        label: `before: tsx src/cli/run.ts show ${SHOW_ID} --json`,
        argv: [...tsx, 'show', SHOW_ID, '--json'],
      },
    );
  }
  try {
    time([node, omo, 'show', SHOW_ID, '--json'], env); // builds the store: the timed runs find it up to date
    const samples = rows.map(() => [] as number[]);
    for (let run = 0; run < RUNS; run++) {
      for (const [i, row] of rows.entries()) samples[i]?.push(time(row.argv, env));
    }
    const nodeBest = Math.min(...(samples[0] ?? [0]));
    const out = rows.map((row, i) => {
      const s = samples[i] ?? [];
      const best = Math.min(...s);
      const over = best - nodeBest;
      const verdict =
        row.target === undefined ? '' : `≤ ${row.target} ${over <= row.target ? 'met' : 'MISSED'}`;
      return [
        row.label,
        best.toFixed(0),
        median(s).toFixed(0),
        i === 0 ? '' : `+${over.toFixed(0)}`,
        verdict,
      ];
    });
    console.log(`Start-up time (ms, ${RUNS} interleaved runs; "over node" = best − best of node -e 0):\n`);
    console.log(table(['command', 'best', 'median', 'over node', 'target (over node)'], out));
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await runStartupBench();
}
