import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/catalog/load-catalog.ts';
import { MINI_CATALOG } from './helpers/catalog-fixture.ts';
import { runOmoInProcess } from './helpers/run-omo-in-process.ts';

// The curator's tools on the mini catalog: what `omo show` says about training and name-only counts, and which
// facts `omo catalog stale` lists.

let home: string;
const omo = (...args: string[]) => runOmoInProcess(['--catalog', MINI_CATALOG, ...args], { OMO_HOME: home });

beforeAll(() => {
  home = mkdtempSync(path.join(os.tmpdir(), 'omo-catalog-tools-'));
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('omo show: training', () => {
  it('shows each training figure with its source, and says that unstated FLOPs are a 6ND estimate', async () => {
    const moe = await omo('show', 'dragon-moe');
    expect(moe.code).toBe(0);
    const block = moe.stdout.slice(moe.stdout.indexOf('\ntraining\n'));
    expect(block).toContain('tokens      20T  [blog]');
    expect(block).toContain('gpu hours   2,000,000  [blog]');
    expect(block).toContain('cost        $4,000,000  [blog]');
    expect(block).toContain('flops       2.4e24 (estimate: 6 × active parameters × tokens)');
    const dense = await omo('show', 'acme-ai/Acme-7B');
    expect(dense.stdout).toContain('flops       9e22  [card]');
    expect(dense.stdout).not.toContain('estimate');
    const json = JSON.parse((await omo('show', 'acme-ai/Acme-7B', '--json')).stdout);
    expect(json.training).toMatchObject({ tokens: 2e12, flops: 9e22, flopsMethod: 'stated' });
    expect((await omo('show', 'acme/acme-formula')).stdout).not.toContain('\ntraining\n');
  });
});

describe('omo catalog stale', () => {
  it('lists the sources read before the cutoff or never dated, with URL and the facts citing them', async () => {
    const r = await omo('catalog', 'stale', '--older-than', '2025-07-01', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    const c = loadCatalog(MINI_CATALOG);
    const sources = [...c.models, ...c.organizations].flatMap((e) => e.sources);
    // Every source but the one read on 2025-11-20 (dragon-moe's blog) is older than the cutoff or undated.
    expect(out.cutoff).toBe('2025-07-01');
    expect(out.total).toBe(sources.length - 1);
    expect(out.rows.some((row: { url: string }) => row.url === 'https://dragon.example/blog/moe')).toBe(
      false,
    );
    const card = out.rows.find(
      (row: { id: string; source: string }) =>
        row.id === 'dragon-lab/Dragon-MoE-200B-A20B' && row.source === 'card',
    );
    expect(card).toEqual({
      kind: 'model',
      id: 'dragon-lab/Dragon-MoE-200B-A20B',
      file: 'catalog/dragon-lab/models/dragon-moe.toml',
      source: 'card',
      url: 'https://huggingface.co/dragon-lab/Dragon-MoE-200B-A20B',
      accessed: '2025-06-01',
      facts: expect.arrayContaining(['weights', 'license', 'parameters[0]', 'benchmarks: MMLU']),
    });
    expect(card.facts).not.toContain('released'); // the blog states the date
    // Undated first, then oldest first.
    const dated = out.rows.filter((row: { accessed: string | null }) => row.accessed !== null);
    expect(dated.map((row: { accessed: string }) => row.accessed)).toEqual(['2024-03-05', '2025-06-01']);
    expect(
      out.rows.slice(0, sources.length - 3).every((row: { accessed: null }) => row.accessed === null),
    ).toBe(true);
  });

  it('takes ages in days or weeks; a bad age names the flag', async () => {
    const all = JSON.parse((await omo('catalog', 'stale', '--older-than', '1d', '--json')).stdout);
    const week = JSON.parse((await omo('catalog', 'stale', '--older-than', '1w', '--json')).stdout);
    // Every fixture source was read before 2026 or never: a day and a week list them all.
    expect(all.total).toBe(week.total);
    expect(new Date(all.cutoff).getTime() - new Date(week.cutoff).getTime()).toBe(6 * 86_400_000);
    const bad = await omo('catalog', 'stale', '--older-than', '6 months');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      '--older-than takes an age such as 180d or 26w, or a date YYYY-MM-DD; got "6 months"',
    );
  });
});
