import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/api/app.ts';
import { loadCatalog } from '../src/catalog/load-catalog.ts';
import { BUNDLED_CATALOG, createDeps, type Deps, ensureCatalog } from '../src/store/deps.ts';
import { call } from './helpers/http.ts';
import { runOmo } from './helpers/run-omo.ts';

// The catalog shipped in catalog/: it must validate, and answer the foundation's contract questions.
describe('bundled catalog', () => {
  let home: string;
  let deps: Deps;

  beforeAll(async () => {
    home = mkdtempSync(path.join(os.tmpdir(), 'omo-bundled-'));
    deps = createDeps({ url: path.join(home, 'omo.sqlite'), catalogDir: BUNDLED_CATALOG });
    await ensureCatalog(deps);
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

  it('GET /api/models?country=CN lists DeepSeek-R1, across pages', async () => {
    const app = createApp(deps);
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
    const r = await runOmo(['show', 'deepseek-r1', '--json'], {
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
    const api = await call(createApp(deps), '/api/models/deepseek-ai/DeepSeek-R1');
    expect(model).toEqual(api.json);
  });
});
