import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/api/app.ts';
import { createDeps, ensureCatalog } from '../src/store/deps.ts';
import { MINI_CATALOG } from './helpers/catalog-fixture.ts';
import { call } from './helpers/http.ts';
import { runOmoInProcess } from './helpers/run-omo-in-process.ts';

// Errors name what the user typed: the flag on the command line (`--top`), the query parameter in the API (`top`),
// although both parse with the same schemas. And the parameters table says which counts include the MTP modules.

describe('CLI errors name the flag typed', () => {
  let home: string;
  let env: NodeJS.ProcessEnv;
  const omo = (args: string[]) => runOmoInProcess(args, env);

  beforeAll(() => {
    home = mkdtempSync(path.join(os.tmpdir(), 'omo-flags-'));
    env = { OMO_HOME: home, OMO_CATALOG: MINI_CATALOG, OMO_DATABASE_URL: '' };
  });
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it.each([
    [['rank', '--top', 'lots'], '--top must be a whole number, got "lots"'],
    [['rank', '--top', '0'], '--top must be between 1 and 10000, got 0'],
    [
      ['rank', '--by', 'stars'],
      '--by takes one of downloads, downloadsAllTime, likes, derivatives; got "stars"',
    ],
    [['rank', '--group', 'city'], '--group takes one of country, org, family; got "city"'],
    [['rank', '--attribution', 'parent'], '--attribution takes one of author, root; got "parent"'],
    [['rank', '--at', 'soon'], '--at takes a date (YYYY, YYYY-MM, YYYY-MM-DD) or an ISO time, got "soon"'],
    [['trend', '--interval', 'week'], '--interval takes one of month, quarter, year; got "week"'],
    [['trend', '--by', 'stars'], '--by takes one of'],
    [['lineage', 'Qwen/Qwen2.5-7B', '--depth', '99'], '--depth must be between 0 and 10, got 99'],
    [['lineage', 'Qwen/Qwen2.5-7B', '--at', '2025-13'], '--at takes a date'],
    [['trend', '--at', '2025-02-30'], '--at takes a date'],
    [['ingest', 'hub', '-', '--at', 'soon'], '--at takes a date'],
    [['sync', 'hub', '--at', 'soon'], '--at takes a date'],
    [['catalog', 'stats', '--where', 'released__gte=soon'], '--where released__gte takes a date'],
    [['catalog', 'stats', '--where', 'country=Chna'], '--where country: no country "Chna"'],
    [['timeline', '--released-after', 'soon'], '--released-after takes a date'],
    [['frontier', '--benchmark', 'MMLU', '--where', 'params_total__gte=big'], '--where params_total__gte'],
    [['params', 'config.json', '--context', 'long'], '--context'],
    [
      ['catalog', 'stats', '--where', 'sort=name'],
      'unknown parameter --where sort: this takes model filters only',
    ],
    [
      ['frontier', '--benchmark', 'MMLUX'],
      '--benchmark: no benchmark "MMLUX" in the catalog (did you mean "MMLU"?)',
    ],
    [
      ['frontier', '--benchmark', 'mmlu', '--metric', 'score'],
      '--metric: MMLU has no results as "score"; it has accuracy',
    ],
    [['models', '--cursor', 'zzz'], '--cursor is not one this server issued'],
  ])('omo %j exits 2 and names the flag', async (args, message) => {
    const r = await omo(args);
    expect(r.stderr).toContain(message);
    expect(r.code, r.stderr).toBe(2);
  });

  it('`omo show` marks the Hub count of DeepSeek-V3 as including the MTP module, and a vision share', async () => {
    const bundled = { ...env, OMO_CATALOG: undefined };
    const v3 = await runOmoInProcess(['show', 'deepseek-ai/DeepSeek-V3'], bundled);
    expect(v3.code, v3.stderr).toBe(0);
    const rows = v3.stdout.split('\n');
    const hub = rows.find((l) => /^\s+685B \(685,000,000,000\)/.test(l));
    expect(hub).toMatch(/incl\. 14B MTP\s+hub/);
    // The canonical count excludes the module and says nothing; the computed one records it apart.
    expect(rows.find((l) => l.startsWith('*  671B'))).not.toMatch(/MTP\s+37B/);
    expect(rows.find((l) => /computed/.test(l) && /^\s+671B/.test(l))).toMatch(/11\.6B MTP apart/);
    const pixtral = await runOmoInProcess(['show', 'pixtral-12b'], bundled);
    expect(pixtral.stdout).toMatch(/12B \(12,000,000,000\)\s+vision 400M/);
  });
});

describe('the API keeps naming its query parameters', () => {
  let dir: string;
  let deps: ReturnType<typeof createDeps>;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'omo-flags-api-'));
    deps = createDeps({ url: path.join(dir, 'omo.sqlite'), catalogDir: MINI_CATALOG });
    await ensureCatalog(deps);
    app = createApp(deps);
  });
  afterAll(async () => {
    await deps.store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('GET /api/rank?top=lots says top, not --top; so do at, metric and cursor', async () => {
    const r = await call(app, '/api/rank?top=lots');
    expect(r.status).toBe(400);
    expect(r.json.error.message).toBe('top must be a whole number, got "lots"');
    const at = await call(app, '/api/trend?at=soon');
    expect(at.json.error.message).toBe(
      'at takes a date (YYYY, YYYY-MM, YYYY-MM-DD) or an ISO time, got "soon"',
    );
    const metric = await call(app, '/api/frontier?benchmark=MMLU&metric=score');
    expect(metric.json.error.message).toBe('"metric": MMLU has no results as "score"; it has accuracy');
    const cursor = await call(app, '/api/models?cursor=zzz');
    expect(cursor.json.error.message).toBe('cursor is not one this server issued');
  });

  it('documents `next` as the absolute URL of the next page', async () => {
    const doc = (await call(app, '/api/openapi.json')).json;
    const texts = JSON.stringify(doc);
    expect(texts).not.toContain('Relative URL');
    const page = doc.components?.schemas
      ? Object.values(doc.components.schemas as Record<string, { properties?: Record<string, unknown> }>)
      : [];
    const inline = (doc.paths['/api/models'].get.responses['200'].content['application/json'].schema ??
      {}) as { properties?: { next?: { description?: string } } };
    const next =
      inline.properties?.next ??
      (page.find((s) => s.properties?.next)?.properties?.next as { description?: string } | undefined);
    expect(next?.description).toMatch(/^Absolute URL of the next page/);
  });
});
