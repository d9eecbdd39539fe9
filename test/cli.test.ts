import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/api/app.ts';
import LLAMA2_7B from '../src/params/fixtures/llama-2-7b.json' with { type: 'json' };
import { computeParams } from '../src/params/index.ts';
import { createDeps, type Deps, ensureCatalog } from '../src/store/deps.ts';
import { catalogCopy, MINI_CATALOG } from './helpers/catalog-fixture.ts';
import { call } from './helpers/http.ts';
import { runOmo, startServe } from './helpers/run-omo.ts';
import { runOmoInProcess } from './helpers/run-omo-in-process.ts';
import { stopProcess } from './helpers/stop-process.ts';

// `omo` against a SQLite file in a temporary OMO_HOME: the commands' logic in-process (main(argv)); the real
// executable in a child process where the process is what is tested (its exit status, `serve`).
describe('omo CLI', () => {
  let home: string;
  let env: NodeJS.ProcessEnv;
  let deps: Deps;

  beforeAll(async () => {
    home = mkdtempSync(path.join(os.tmpdir(), 'omo-cli-'));
    env = { OMO_HOME: home, OMO_CATALOG: MINI_CATALOG, OMO_DATABASE_URL: '' };
    deps = createDeps({ url: path.join(home, 'api.sqlite'), catalogDir: MINI_CATALOG });
    await ensureCatalog(deps);
  });
  afterAll(async () => {
    await deps.store.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('`show --json` prints exactly what GET /api/models/{id} returns, found by slug or alias', async () => {
    const api = await call(createApp(deps), '/api/models/dragon-lab/Dragon-MoE-200B-A20B');
    for (const name of ['dragon-moe', 'DRAGON MOE', '龙MoE']) {
      const r = await runOmoInProcess(['show', name, '--json'], env);
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual(api.json);
    }
  });

  it('`show` prints a readable view with sources; an unknown name exits 1 with a message', async () => {
    const r = await runOmoInProcess(['show', 'dragon-moe'], env);
    expect(r.stdout).toContain('Dragon-MoE  (dragon-lab/Dragon-MoE-200B-A20B)');
    expect(r.stdout).toMatch(/released\s+2025-01-15 {2}\[blog\]/);
    expect(r.stdout).toContain('[blog] https://dragon.example/blog/moe');
    const missing = await runOmo(['show', 'nothing-like-it'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no model "nothing-like-it"');
  });

  it('`models` flags speak the list grammar: the same rows as the API in json, csv and table', async () => {
    const api = await call(
      createApp(deps),
      '/api/models?country=CN&modality=video&open=true&sort=-released&limit=50',
    );
    const r = await runOmoInProcess(
      [
        'models',
        '--country',
        'cn',
        '--modality',
        'video',
        '--open',
        '--sort',
        '-released',
        '--format',
        'json',
      ],
      env,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(api.json);
    const csv = await runOmoInProcess(['models', '--org', 'acme', '--sort', 'id', '--format', 'csv'], env);
    expect(csv.stdout.split('\n')[0]).toMatch(/^id,name,family,/);
    expect(csv.stdout.trim().split('\n')).toHaveLength(6);
    const table = await runOmoInProcess(
      ['models', '--min-params', '10B', '--where', 'architecture=moe'],
      env,
    );
    expect(table.stdout).toMatch(
      /dragon-lab\/Dragon-MoE-200B-A20B\s+2025-01-15\s+dragon-lab\s+CN\s+200B\s+20B\s+moe\s+MIT/,
    );
    expect(table.stderr).toContain('1 of 1 models');
  });

  it('`models` pages with --cursor and rejects bad flags with exit code 2', async () => {
    const first = JSON.parse(
      (await runOmoInProcess(['models', '--sort', 'id', '--limit', '5', '--json'], env)).stdout,
    );
    expect(first.rows).toHaveLength(5);
    const cursor = new URL(first.next, 'http://x').searchParams.get('cursor') ?? '';
    const second = JSON.parse(
      (await runOmoInProcess(['models', '--sort', 'id', '--limit', '5', '--cursor', cursor, '--json'], env))
        .stdout,
    );
    // 8 models: the mini catalog's ninth entry is a dataset, listed only with --kind dataset.
    expect(second.rows).toHaveLength(3);
    expect(second.next).toBeNull();
    expect(new Set([...first.rows, ...second.rows].map((r: { id: string }) => r.id)).size).toBe(8);
    const bad = await runOmo(['models', '--limit', 'lots'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('limit must be a whole number, got "lots"');
    // A name every object inherits is an unknown field, not a stack trace.
    const inherited = await runOmoInProcess(['models', '--where', 'constructor=1'], env);
    expect(inherited.code).toBe(2);
    expect(inherited.stderr).toMatch(/^omo: unknown parameter --where constructor/);
  });

  it('`orgs` lists organisations and shows one', async () => {
    const list = JSON.parse((await runOmoInProcess(['orgs', '--json'], env)).stdout);
    expect(list.rows.map((o: { id: string }) => o.id)).toEqual(['acme', 'dragon-lab']);
    const one = await runOmoInProcess(['orgs', 'dragon-lab'], env);
    expect(one.stdout).toContain('Dragon Lab (龙实验室)');
  });

  it('`catalog check` passes a good catalog and fails a broken one naming file and field', async () => {
    const ok = await runOmoInProcess(['catalog', 'check'], env);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('catalog ok: 2 organisations, 9 models');
    const broken = catalogCopy({ 'acme/models/acme-7b.toml': 'id = "acme-ai/Acme-7B"\nname = 7\n' });
    try {
      const r = await runOmoInProcess(['--catalog', broken.dir, 'catalog', 'check'], env);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('catalog/acme/models/acme-7b.toml:2: name: expected a string, got 7');
    } finally {
      broken.cleanup();
    }
  });

  it('`catalog stats --json` prints what GET /api/stats returns; the table shows the shares', async () => {
    const api = await call(createApp(deps), '/api/stats?open=true');
    const r = await runOmoInProcess(['catalog', 'stats', '--where', 'open=true', '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    const { asOf, ...rest } = JSON.parse(r.stdout);
    const { asOf: apiAsOf, ...apiRest } = api.json;
    expect(rest).toEqual(apiRest);
    expect(asOf.catalogHash).toBe(apiAsOf.catalogHash);
    const table = await runOmoInProcess(['catalog', 'stats'], env);
    expect(table.stdout).toMatch(/^8 models from 2 organisations in 2 countries; 5 with open weights/);
    expect(table.stdout).toMatch(/CN\s+4\s+50\.0%\s+3\s+1/);
  });

  it('`catalog compare-epoch` prints the disagreements of an Epoch CSV', async () => {
    const csv = fileURLToPath(new URL('./fixtures/epoch/notable-layout.csv', import.meta.url));
    const r = await runOmoInProcess(['catalog', 'compare-epoch', csv, '--unmatched'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('4 Epoch rows: 3 matched, 1 unmatched, 0 ambiguous');
    expect(r.stdout).toMatch(
      /dragon-lab\/Dragon-MoE-200B-A20B\s+released\s+2025-01-15\s+2025-01-20\s+5 days later in Epoch/,
    );
    expect(r.stdout).toContain('unmatched: "Unknown Model X" (Nobody, line 5)');
    const strict = await runOmoInProcess(['catalog', 'compare-epoch', csv, '--strict', '--json'], env);
    expect(strict.code).toBe(1);
    expect(JSON.parse(strict.stdout).disagreements).toHaveLength(3);
  });

  it('in-process runs give what the real executable gives and leave the test process as it was', async () => {
    const before = { home: process.env.OMO_HOME, exitCode: process.exitCode };
    const args = [
      'catalog',
      'compare-epoch',
      fileURLToPath(new URL('./fixtures/epoch/notable-layout.csv', import.meta.url)),
      '--strict',
      '--json',
    ];
    const inProcess = await runOmoInProcess(args, env);
    expect(inProcess.code).toBe(1); // set by the command in process.exitCode, not returned by main
    expect({ home: process.env.OMO_HOME, exitCode: process.exitCode }).toEqual(before);
    const real = await runOmo(args, env);
    expect(inProcess).toEqual(real);
  });

  it('`db migrate` and `catalog load` work on a named store, and a second load changes nothing', async () => {
    const db = path.join(home, 'named.sqlite');
    expect((await runOmoInProcess(['db', 'migrate', '--db', db], env)).stdout).toContain(
      'applied 001-catalog',
    );
    const first = JSON.parse((await runOmoInProcess(['catalog', 'load', '--db', db, '--json'], env)).stdout);
    expect(first).toMatchObject({ changed: true, models: 9, organizations: 2, store: 'sqlite' });
    const second = JSON.parse((await runOmoInProcess(['--db', db, 'catalog', 'load', '--json'], env)).stdout);
    expect(second.changed).toBe(false);
  });

  it('`params` computes a config file or folder, and names what it cannot count', async () => {
    const dir = mkdtempSync(path.join(home, 'model-'));
    // Llama-2-7B's published hyperparameters (the params library's fixture).
    const config = LLAMA2_7B;
    writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config));
    const r = await runOmoInProcess(['params', dir, '--json', '--context', '4096'], env);
    expect(r.code, r.stderr).toBe(0);
    const { input, source, ...report } = JSON.parse(r.stdout);
    expect(input).toBe('config');
    expect(source.location).toBe(path.join(dir, 'config.json'));
    expect(report).toEqual(computeParams(config, { context: 4096 }));
    const text = await runOmoInProcess(['params', path.join(dir, 'config.json')], env);
    expect(text.stdout).toMatch(/total\s+6\.74B \(6,738,415,616\)/);
    expect(text.stdout).toContain('weights: bf16 12.6 GiB');
    writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ ...config, model_type: 'perceiver' }));
    const bad = await runOmoInProcess(['params', dir], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('unsupported architecture: perceiver');
  });

  it('`params` refuses a FIFO (named pipe) at once instead of waiting for a writer', async () => {
    const dir = mkdtempSync(path.join(home, 'fifo-'));
    mkdirSync(path.join(dir, 'model'));
    const fifos = ['pipe', 'w.safetensors', 'w.gguf', 'model.safetensors.index.json', 'model/config.json'];
    for (const f of fifos) execFileSync('mkfifo', [path.join(dir, f)]);
    const expected: [string, RegExp][] = [
      ['pipe', /pipe: a FIFO \(named pipe\), not a config file/],
      ['w.safetensors', /w\.safetensors: a FIFO \(named pipe\), not a safetensors file or folder/],
      ['w.gguf', /w\.gguf: a FIFO \(named pipe\), not a GGUF file/],
      [
        'model.safetensors.index.json',
        /index\.json: a FIFO \(named pipe\), not a safetensors file or folder/,
      ],
      ['model', /model\/config\.json: a FIFO \(named pipe\), not a config file/],
    ];
    for (const [f, message] of expected) {
      const r = await runOmoInProcess(['params', path.join(dir, f)], env);
      expect(r.code, f).not.toBe(0);
      expect(r.stderr, f).toMatch(message);
      expect(r.stderr, f).not.toMatch(/\n\s+at /);
    }
  });

  it('`serve` builds the store on first start, prints the URL and serves the API', async () => {
    const fresh = mkdtempSync(path.join(os.tmpdir(), 'omo-serve-'));
    const server = await startServe([], { ...env, OMO_HOME: fresh });
    try {
      expect(server.stderr()).toContain('loaded 2 organisations, 9 models');
      const res = await fetch(`${server.url}api/models?country=CN&limit=100`);
      const body = (await res.json()) as { rows: { id: string }[] };
      expect(body.rows.map((r) => r.id)).toContain('dragon-lab/Dragon-MoE-200B-A20B');
      expect((await fetch(`${server.url}healthz`)).status).toBe(200);
    } finally {
      await stopProcess(server.child);
      rmSync(fresh, { recursive: true, force: true });
    }
  });
});
