import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/catalog/load-catalog.ts';
import { CatalogError } from '../src/domain/errors.ts';
import { computeParams } from '../src/params/compute-params.ts';
import { catalogCopy, MINI_CATALOG } from './helpers/catalog-fixture.ts';
import { type FakeHubServer, startFakeHubServer } from './helpers/fake-hub-server.ts';
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

describe('omo show: a count read from the name', () => {
  it('says what the method name means', async () => {
    const copy = catalogCopy({
      'acme/models/acme-7b.toml': readFileSync(`${MINI_CATALOG}/acme/models/acme-7b.toml`, 'utf8').replace(
        'method = "official"',
        'method = "name"',
      ),
    });
    try {
      const r = await runOmoInProcess(['--catalog', copy.dir, 'show', 'acme-ai/Acme-7B'], { OMO_HOME: home });
      expect(r.stdout).toMatch(/\n\*\s+7B \(7,000,000,000\)\s+7B\s+name\s+card/);
      expect(r.stdout).toContain(
        "(method name: read only from the model's name, not a stated or computed count)",
      );
      expect((await omo('show', 'acme-ai/Acme-7B')).stdout).not.toContain('method name:');
    } finally {
      copy.cleanup();
    }
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

describe('omo catalog draft and discover against a local Hub', () => {
  let hub: FakeHubServer;
  let copy: ReturnType<typeof catalogCopy>;
  const today = new Date().toISOString().slice(0, 10);
  const run = (...args: string[]) =>
    runOmoInProcess(['--catalog', copy.dir, 'catalog', ...args], {
      OMO_HOME: home,
      HF_ENDPOINT: hub.url,
      HF_TOKEN: 'hf_test_token',
    });

  beforeAll(async () => {
    hub = await startFakeHubServer();
  });
  afterAll(async () => {
    await hub?.close();
  });

  it('drafts a model file from the Hub, each fact sourced there, that passes the check but not --strict', async () => {
    copy = catalogCopy();
    try {
      hub.requests.length = 0;
      const r = await run('draft', 'acme-ai/Acme-3B-Instruct');
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('omo catalog check: ok');
      // Every request went to HF_ENDPOINT with HF_TOKEN: the model's info, then its config.json.
      expect(hub.requests.map((q) => q.path.split('?')[0])).toEqual([
        '/api/models/acme-ai/Acme-3B-Instruct/revision/HEAD',
        '/acme-ai/Acme-3B-Instruct/resolve/main/config.json',
      ]);
      expect(hub.requests.every((q) => q.auth === 'Bearer hf_test_token')).toBe(true);
      const file = `${copy.dir}/acme/models/acme-3b-instruct.toml`;
      const toml = readFileSync(file, 'utf8');
      expect(toml).toMatch(/^released = 2026-03-10 {2}# confirm: the Hub repo's creation date/m);
      expect(toml).toContain('# base model not in the catalog: someone/Other-Base');
      const c = loadCatalog(copy.dir);
      const m = c.models.find((x) => x.id === 'acme-ai/Acme-3B-Instruct');
      const config = JSON.parse(readFileSync(`${copy.dir}/acme/configs/acme-3b-instruct.json`, 'utf8'));
      expect(m).toMatchObject({
        released: '2026-03-10',
        license: { id: 'MIT' },
        weights: 'open',
        architecture: 'dense',
        contextLength: 131_072,
        baseModels: ['acme-ai/Acme-7B'],
        tasks: ['text-generation'],
        parameters: { total: computeParams(config).total },
      });
      expect(m?.parameterCounts.map((p) => [p.method, p.total, p.canonical])).toEqual([
        ['hub', 3_212_749_824, false],
        ['computed', computeParams(config).total, true],
      ]);
      expect(m?.provenance.released?.url).toBe(`${hub.url}/api/models/acme-ai/Acme-3B-Instruct`);
      expect(m?.sources.map((s) => [s.id, s.accessed])).toEqual([
        ['card', today],
        ['hub-api', today],
        ['config', today],
      ]);
      expect(c.warnings).toEqual([
        expect.objectContaining({
          file: 'catalog/acme/models/acme-3b-instruct.toml',
          field: 'draft',
          line: 4,
        }),
      ]);
      const strict = await run('check', '--strict');
      expect(strict.code).toBe(1);
      // A second draft of the same repo is refused, and nothing is overwritten.
      const again = await run('draft', 'acme-ai/Acme-3B-Instruct');
      expect(again.code).toBe(1);
      expect(again.stderr).toContain(
        'acme-ai/Acme-3B-Instruct is already in the catalog: catalog/acme/models/acme-3b-instruct.toml',
      );
      expect(readFileSync(file, 'utf8')).toBe(toml);
    } finally {
      copy.cleanup();
    }
  });

  it('without a config or safetensors, reads the count from the name and marks it so; an unknown licence fails the check by name', async () => {
    copy = catalogCopy();
    try {
      const bad = await run('draft', 'no-such/Repo', '--org', 'acme');
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain('no-such/Repo: cannot read the repo from');
      expect(bad.stderr).toContain('no such model repo');
      expect(existsSync(`${copy.dir}/acme/models/repo.toml`)).toBe(false);
      const unowned = await run('draft', 'stranger/Model-1B');
      expect(unowned.code).toBe(2);
      expect(unowned.stderr).toContain(
        'no organisation lists the Hub account "stranger" in its org.toml; pass --org <id>',
      );
      const r = await run('draft', 'dragon-lab/Dragon-Coder-9B');
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('no config.json on the Hub');
      expect(r.stderr).toContain('license: unknown licence "dragon-license" (add it to licenses.toml)');
      const toml = readFileSync(`${copy.dir}/dragon-lab/models/dragon-coder-9b.toml`, 'utf8');
      expect(toml).toContain('total = 9_000_000_000  # confirm: read only from the name\nmethod = "name"');
      expect(toml).toContain('weights = "open"  # confirm: the repo is gated');
      expect(() => loadCatalog(copy.dir)).toThrow(CatalogError);
    } finally {
      copy.cleanup();
    }
  });

  it("discover lists the accounts' repos created since the date that the catalog lacks, most downloaded first", async () => {
    copy = catalogCopy();
    try {
      hub.requests.length = 0;
      const r = await run('discover', '--since', '2026-01-01', '--json');
      expect(r.code, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout);
      // Acme-7B and Dragon-MoE are in the catalog; Acme-Embed-1B was created on 2025-12-30.
      expect(
        out.rows.map((x: { repo: string; org: string; downloads: number }) => [x.repo, x.org, x.downloads]),
      ).toEqual([
        ['acme-ai/Acme-7B-Chat-GGUF', 'acme', 12040],
        ['acme-ai/Acme-3B-Instruct', 'acme', 5210],
        ['dragon-lab/Dragon-Coder-9B', 'dragon-lab', 800],
      ]);
      expect(hub.requests.map((q) => new URL(q.path, hub.url).searchParams.get('author'))).toEqual([
        'acme-ai',
        'dragon-lab',
      ]);
      expect(hub.requests.every((q) => q.auth === 'Bearer hf_test_token')).toBe(true);
      const one = JSON.parse(
        (await run('discover', '--since', '2025-12-01', '--org', 'acme', '--json')).stdout,
      );
      expect(one.rows.map((x: { repo: string }) => x.repo)).toEqual([
        'acme-ai/Acme-7B-Chat-GGUF',
        'acme-ai/Acme-3B-Instruct',
        'acme-ai/Acme-Embed-1B',
      ]);
      const bad = await run('discover', '--since', 'last summer');
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('--since takes a date YYYY-MM-DD, got "last summer"');
    } finally {
      copy.cleanup();
    }
  });
});
