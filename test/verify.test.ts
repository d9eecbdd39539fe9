import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/api/app.ts';
import { VerifyResult } from '../src/domain/verify.ts';
import { createDeps, type Deps, ensureCatalog } from '../src/store/deps.ts';
import { MINI_CATALOG } from './helpers/catalog-fixture.ts';
import { call } from './helpers/http.ts';
import { runOmoInProcess } from './helpers/run-omo-in-process.ts';
import { storeTargets } from './helpers/targets.ts';

// `omo verify` and POST /api/verify on each engine against the mini catalog: Dragon-MoE (200B total, 20B active,
// released 2025-01-15, MIT, MMLU 85.0) by Dragon Lab (龙实验室).
const ARTICLE =
  'Dragon Lab released Dragon-MoE on January 15, 2025. 龙实验室的Dragon-MoE拥有2000亿参数，激活参数200亿。' +
  'Dragon MoE scores 85 on MMLU. Dragon-MoE was released under the Apache 2.0 licence.';

const slice = (text: string, start: number, end: number) => Array.from(text).slice(start, end).join('');

describe.each(storeTargets)('verify on $name (mini catalog)', (target) => {
  let deps: Deps;
  let drop: () => Promise<void>;
  let app: ReturnType<typeof createApp>;
  let url: string;
  let dir: string;

  beforeAll(async () => {
    const created = await target.create();
    drop = created.drop;
    url = created.url;
    deps = createDeps({ url, catalogDir: MINI_CATALOG });
    await ensureCatalog(deps);
    app = createApp(deps);
    dir = mkdtempSync(path.join(os.tmpdir(), 'omo-verify-'));
  });
  afterAll(async () => {
    await deps.store.close();
    await drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const post = (body: unknown) =>
    app.request('/api/verify', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('POST /api/verify finds mentions and judges each claim with sourced evidence', async () => {
    const res = await post({ text: ARTICLE, date: '2025-03-01' });
    expect(res.status).toBe(200);
    const r = VerifyResult.parse(await res.json());
    expect(r.language).toBe('zh');
    for (const m of r.mentions) expect(slice(ARTICLE, m.start, m.end)).toBe(m.text);
    expect(r.mentions.filter((m) => m.kind === 'org').map((m) => m.text)).toEqual(['Dragon Lab', '龙实验室']);
    const byType = (t: string) => r.claims.filter((c) => c.type === t);
    expect(byType('release_date').map((c) => c.verdict)).toEqual(['supported']);
    expect(byType('parameters')[0]).toMatchObject({
      verdict: 'supported',
      subjects: ['dragon-lab/Dragon-MoE-200B-A20B'],
      stated: { total: 2e11, active: 2e10 },
    });
    expect(byType('benchmark')[0]?.verdict).toBe('supported');
    expect(byType('licence')[0]).toMatchObject({
      verdict: 'contradicted',
      stated: { license: 'Apache-2.0' },
    });
    for (const c of r.claims) {
      expect(slice(ARTICLE, c.start, c.end)).toBe(c.text);
      if (c.verdict !== 'unverifiable') {
        expect(c.evidence.length).toBeGreaterThan(0);
        for (const e of c.evidence) expect(e.source.url).toMatch(/^https:\/\//);
      }
    }
  });

  it('POST /api/verify answers an empty text and refuses NUL, a bad date, unknown fields and an oversized body', async () => {
    const empty = VerifyResult.parse(await (await post({ text: '' })).json());
    expect(empty).toEqual({ language: 'unknown', mentions: [], claims: [] });
    const nul = await post({ text: 'Dragon-MoE\u0000' });
    expect(nul.status).toBe(400);
    expect((await nul.json()).error.code).toBe('not_text');
    expect((await post({ text: 'x', date: '2025-02-30' })).status).toBe(400);
    expect((await post({ text: 'x', extra: 1 })).status).toBe(400);
    const big = await post({ text: 'a'.repeat(2 * 1024 * 1024 + 1) });
    expect(big.status).toBe(413);
  });

  it('GET /api/families/{slug} lists the members a family mention stands for', async () => {
    const r = await call(app, '/api/families/dragon');
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ id: 'family:dragon', name: 'Dragon' });
    expect((r.json as { members: { id: string }[] }).members.map((m) => m.id)).toContain(
      'dragon-lab/Dragon-MoE-200B-A20B',
    );
    expect((await call(app, '/api/families/no-such-family')).status).toBe(404);
  });

  it('omo verify --json prints what the API answers; the human output names verdicts and sources', async () => {
    const file = path.join(dir, 'article.html');
    writeFileSync(file, `<p>${ARTICLE.replace('Dragon-MoE', '<b>Dragon-MoE</b>')}</p>`);
    const json = await runOmoInProcess([
      'verify',
      file,
      '--date',
      '2025-03-01',
      '--json',
      '--db',
      url,
      '--catalog',
      MINI_CATALOG,
    ]);
    expect(json.code, json.stderr).toBe(0);
    const fromCli = VerifyResult.parse(JSON.parse(json.stdout));
    const input = `<p>${ARTICLE.replace('Dragon-MoE', '<b>Dragon-MoE</b>')}</p>`;
    for (const m of fromCli.mentions) expect(slice(input, m.start, m.end)).toBe(m.text);
    expect(fromCli.claims.map((c) => [c.type, c.verdict])).toEqual(
      VerifyResult.parse(await (await post({ text: input, date: '2025-03-01' })).json()).claims.map((c) => [
        c.type,
        c.verdict,
      ]),
    );
    const human = await runOmoInProcess([
      'verify',
      file,
      '--date',
      '2025-03-01',
      '--db',
      url,
      '--catalog',
      MINI_CATALOG,
    ]);
    expect(human.stdout).toContain('✗ contradicted  licence');
    expect(human.stdout).toContain('https://huggingface.co/dragon-lab/Dragon-MoE-200B-A20B');
  });

  it('omo verify refuses a file that is not text, with its name', async () => {
    const file = path.join(dir, 'binary.bin');
    writeFileSync(file, Buffer.from([0x44, 0x00, 0xff, 0xfe]));
    const r = await runOmoInProcess(['verify', file, '--db', url, '--catalog', MINI_CATALOG]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}: not text (a NUL byte at byte 1)`);
  });
});
