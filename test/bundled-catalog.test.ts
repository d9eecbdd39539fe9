import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/api/app.ts';
import { type Catalog, loadCatalog } from '../src/catalog/load-catalog.ts';
import { BUNDLED_CATALOG, createDeps, type Deps, ensureCatalog } from '../src/store/deps.ts';
import { call } from './helpers/http.ts';
import { runOmoInProcess } from './helpers/run-omo-in-process.ts';

// The catalog shipped in catalog/: it must validate, and answer the foundation's contract questions.
describe('bundled catalog', () => {
  let home: string;
  let deps: Deps;
  let catalog: Catalog;
  // One app for the file: the tests only read, and its response cache is keyed by the catalog's version.
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    home = mkdtempSync(path.join(os.tmpdir(), 'omo-bundled-'));
    deps = createDeps({ url: path.join(home, 'omo.sqlite'), catalogDir: BUNDLED_CATALOG });
    const loaded = await ensureCatalog(deps);
    if (!loaded.catalog) throw new Error('a new store loads the catalog');
    catalog = loaded.catalog;
    app = createApp(deps);
  });
  afterAll(async () => {
    await deps.store.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('passes every catalog check', () => {
    const c = loadCatalog(BUNDLED_CATALOG);
    expect(c.models.length).toBeGreaterThanOrEqual(5);
    for (const m of c.models) expect(m.sources.length, m.file).toBeGreaterThan(0);
  });

  // Issue 3's coverage list: each family or model must be findable by the name people use for it.
  const COMMON_NAMES = [
    'DeepSeek-V2',
    'DeepSeek-V2.5',
    'DeepSeek-V3',
    'DeepSeek-R1',
    'R1-Distill',
    'DeepSeek-Coder',
    'DeepSeek-VL',
    'Janus',
    'Qwen1.5',
    'Qwen2',
    'Qwen2.5',
    'Qwen3',
    'Qwen2-VL',
    'Qwen2.5-VL',
    'Qwen2-Audio',
    'Qwen2.5-Coder',
    'Qwen3-Coder',
    'QwQ-32B',
    'Wan2.1',
    'Wan2.2',
    'Seed',
    'Goku',
    'ERNIE 4.5',
    'GLM-4',
    'CogView',
    'CogVideoX',
    'Step-Video-T2V',
    'Step-Audio',
    'MiniMax-Text-01',
    'MiniMax-VL-01',
    'MiniMax-M1',
    'Kimi k1.5',
    'Moonlight',
    'Kimi-VL',
    'Kimi K2',
    'Hunyuan',
    'Yi',
    'InternLM',
    'InternVL',
    'Baichuan',
    'MiMo',
    'AgiBot World',
    'GO-1',
    'Llama 2',
    'Llama 3',
    'Llama 3.1',
    'Llama 3.2',
    'Llama 3.3',
    'Llama 4',
    'Mistral',
    'Mixtral',
    'Gemma',
    'Gemma 2',
    'Gemma 3',
    'Phi-3',
    'Phi-4',
    'gpt-oss',
    'Nemotron',
    'OLMo',
    'Molmo',
    'Falcon',
    'Command R',
    'Aya',
    'Stable Diffusion',
    'FLUX',
    'Granite',
    'SmolLM',
    'EXAONE',
    'Solar',
  ];

  it.each(COMMON_NAMES)('search finds %s', async (name) => {
    // Datasets (AgiBot World) too: lists hold models only unless asked.
    const r = await call(app, `/api/models?q=${encodeURIComponent(name)}&kind=model,dataset&limit=1`);
    expect(r.json.total).toBeGreaterThan(0);
  });

  it('meets the coverage targets: 45 organisations from 8 countries, 250 models, 40 with benchmarks', async () => {
    const c = catalog;
    expect(c.organizations.length).toBeGreaterThanOrEqual(45);
    expect(new Set(c.organizations.map((o) => o.country)).size).toBeGreaterThanOrEqual(8);
    expect(c.models.length).toBeGreaterThanOrEqual(250);
    expect(c.models.filter((m) => m.benchmarks.length > 0).length).toBeGreaterThanOrEqual(40);
    for (const native of ['深度求索', '通义千问', '月之暗面', '智谱']) {
      const hit = c.organizations.some((o) => o.nativeName === native || o.aliases.includes(native));
      expect(hit, native).toBe(true);
    }
  });

  it('GET /api/models?country=CN lists DeepSeek-R1, across pages', async () => {
    const ids: string[] = [];
    let next: string | null = '/api/models?country=CN&limit=20';
    while (next) {
      const r = await call(app, next);
      expect(r.status).toBe(200);
      for (const row of r.json.rows) expect(row.countries).toContain('CN');
      ids.push(...r.json.rows.map((row: { id: string }) => row.id));
      next = r.json.next;
    }
    expect(ids).toContain('deepseek-ai/DeepSeek-R1');
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('`omo show deepseek-r1 --json` returns the JSON contract, equal to the API', async () => {
    const r = await runOmoInProcess(['show', 'deepseek-r1', '--json'], {
      OMO_HOME: home,
      OMO_CATALOG: '',
      OMO_DATABASE_URL: '',
    });
    expect(r.code, r.stderr).toBe(0);
    const model = JSON.parse(r.stdout);
    expect(model).toMatchObject({
      id: 'deepseek-ai/DeepSeek-R1',
      name: 'DeepSeek-R1',
      organizations: [{ id: 'deepseek', name: 'DeepSeek', country: 'CN' }],
      released: '2025-01-20',
      weights: 'open',
      license: { id: 'MIT', class: 'open-source' },
      modalities: { input: ['text'], output: ['text'] },
      architecture: 'moe',
      parameters: { total: 671_000_000_000, active: 37_000_000_000 },
    });
    expect(model.huggingFace).toContain('deepseek-ai/DeepSeek-R1');
    expect(model.aliases).toContain('R1');
    expect(model.sources[0].url).toMatch(/^https:\/\//);
    const api = await call(app, '/api/models/deepseek-ai/DeepSeek-R1');
    expect(model).toEqual(api.json);
  });
});
