/**
 * Parameter-count benchmark: runs `computeParams` on every config under ../shared/data/configs (relative
 * to the repo), compares with expected figures in expected-dev.csv where known, and times each config.
 *
 * Targets: dense models within 0.5% of the Hub safetensors total; MoE models within 2% of the maker's
 * stated total and active counts. Makers differ on whether "active" includes the input embedding:
 * when the CSV note says the maker figure "excludes the input embedding", the comparison uses
 * `activeExcludingInputEmbedding`, otherwise `active`.
 *
 * Run: npx tsx bench/params-bench.ts
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ParamReport } from '../src/domain/param-report.ts';
import { computeParams } from '../src/params/compute-params.ts';
import { ParamsError } from '../src/params/errors.ts';

interface Expected {
  makerTotal: number | null;
  makerActive: number | null;
  hubTotal: number | null;
  note: string;
}

const RUNS = 9;

function parseExpected(file: string): Map<string, Expected> {
  const out = new Map<string, Expected>();
  if (!existsSync(file)) return out;
  const lines = readFileSync(file, 'utf8').split(/\r?\n/).filter(Boolean);
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    const [name, total, active, hub] = cells;
    if (!name) continue;
    const n = (s: string | undefined) => (s && s.trim() !== '' ? Number(s) : null);
    out.set(name, {
      makerTotal: n(total),
      makerActive: n(active),
      hubTotal: n(hub),
      note: cells.slice(4).join(','),
    });
  }
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

const billions = (n: number | null | undefined) => (n == null ? '' : `${(n / 1e9).toFixed(3)}B`);
const relErr = (actual: number, expected: number | null) =>
  expected == null ? null : (actual - expected) / expected;
const pct = (e: number | null) => (e == null ? '' : `${e >= 0 ? '+' : ''}${(e * 100).toFixed(2)}%`);

function listConfigs(dir: string): string[] {
  const files: string[] = [];
  for (const sub of ['', 'native_format', 'variants']) {
    const d = path.join(dir, sub);
    if (!existsSync(d)) continue;
    for (const f of readdirSync(d).sort()) if (f.endsWith('.json')) files.push(path.join(sub, f));
  }
  return files;
}

export async function runParamsBench(): Promise<void> {
  const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const dir = path.resolve(repoRoot, '../shared/data/configs');
  if (!existsSync(dir)) {
    console.log(`params bench: ${dir} does not exist; nothing to run`);
    return;
  }
  const expected = parseExpected(path.join(dir, 'expected-dev.csv'));
  const header = [
    'config',
    'arch',
    'total',
    'active',
    'mtp',
    'maker total',
    'maker active',
    'hub total',
    'err total',
    'err active',
    'err hub',
    'target',
    'µs/config',
  ];
  const rows: string[][] = [];
  let checked = 0;
  let met = 0;
  let unsupported = 0;
  for (const rel of listConfigs(dir)) {
    const config: unknown = JSON.parse(readFileSync(path.join(dir, rel), 'utf8'));
    const times: number[] = [];
    let report: ParamReport | undefined;
    let failure: string | undefined;
    for (let i = 0; i < RUNS; i++) {
      const t0 = process.hrtime.bigint();
      try {
        report = computeParams(config);
      } catch (e) {
        if (!(e instanceof ParamsError)) throw e;
        failure =
          e.code === 'unsupported_architecture'
            ? e.message.replace('unsupported architecture: ', 'unsupported: ')
            : e.message;
      }
      times.push(Number(process.hrtime.bigint() - t0) / 1000);
    }
    const name = path.basename(rel);
    if (!report) {
      unsupported++;
      rows.push([rel, failure ?? '?', '', '', '', '', '', '', '', '', '', '', median(times).toFixed(1)]);
      continue;
    }
    const exp = expected.get(name);
    const activeForMaker = exp?.note.includes('excludes the input embedding')
      ? report.activeExcludingInputEmbedding
      : report.active;
    const errTotal = relErr(report.total, exp?.makerTotal ?? null);
    const errActive = relErr(activeForMaker, exp?.makerActive ?? null);
    const errHub = relErr(report.total, exp?.hubTotal ?? null);
    let target = '';
    if (exp) {
      const moe = report.experts !== null;
      const ok = moe
        ? Math.abs(errTotal ?? 0) <= 0.02 && Math.abs(errActive ?? 0) <= 0.02
        : Math.abs(errHub ?? errTotal ?? 0) <= 0.005;
      target = `${ok ? 'ok' : 'MISS'} (${moe ? 'maker ±2%' : 'hub ±0.5%'})`;
      checked++;
      if (ok) met++;
    }
    rows.push([
      rel,
      report.architecture,
      billions(report.total),
      billions(report.active),
      billions(report.extra.mtp),
      billions(exp?.makerTotal),
      billions(exp?.makerActive),
      billions(exp?.hubTotal),
      pct(errTotal),
      pct(errActive),
      pct(errHub),
      target,
      median(times).toFixed(1),
    ]);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const fmt = (r: string[]) =>
    r.map((c, i) => (i < 2 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  console.log(fmt(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(fmt(r));
  console.log(
    `\n${rows.length} configs, ${rows.length - unsupported} counted, ${unsupported} unsupported; ` +
      `${met}/${checked} with expected figures meet their target. Times are medians of ${RUNS} runs.`,
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await runParamsBench();
}
