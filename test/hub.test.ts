import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/api/app.ts';
import { parseAccountsCsv } from '../src/cli/commands/ingest.ts';
import { HubDumpError } from '../src/sources/hf-hub/errors.ts';
import { createDeps, type Deps, ensureCatalog } from '../src/store/deps.ts';
import { ingestHub } from '../src/store/hub-ingest.ts';
import { migrate } from '../src/store/open-store.ts';
import { MINI_CATALOG } from './helpers/catalog-fixture.ts';
import { call } from './helpers/http.ts';
import { storeTargets } from './helpers/targets.ts';

// Hand-computed answers over test/fixtures/hub (15 models in the Hub's /api/models shape, a second snapshot a
// month later with one more model). The mini catalog attributes acme-ai to acme (US) and dragon-lab to
// dragon-lab (CN); accounts.csv adds bonjour-ai (FR) and ghost (no country).

const FIXTURES = fileURLToPath(new URL('./fixtures/hub/', import.meta.url));
const JULY = path.join(FIXTURES, 'models-2025-07.jsonl');
const AUGUST = path.join(FIXTURES, 'models-2025-08.jsonl');
const DRAGON = 'dragon-lab/Dragon-MoE-200B-A20B';

async function hubTables(deps: Deps): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of ['hub_snapshots', 'hub_models', 'hub_missing', 'hub_top', 'hub_trend']) {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(
      deps.store.db,
    );
    out[table] = JSON.stringify(
      rows
        .map((r) => {
          const { ingested_at: _i, taken_on: _t, ...rest } = r;
          return JSON.stringify(rest);
        })
        .sort(),
    );
  }
  return out;
}

describe.each(storeTargets)('hub snapshots on $name', (target) => {
  let deps: Deps;
  let drop: () => Promise<void>;
  let app: ReturnType<typeof createApp>;
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'omo-hub-'));

  beforeAll(async () => {
    const created = await target.create();
    drop = created.drop;
    deps = createDeps({ url: created.url, catalogDir: MINI_CATALOG });
    await ensureCatalog(deps);
    app = createApp(deps);
  });
  afterAll(async () => {
    await deps.store.close();
    await drop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('answers 404 in the one error shape before any snapshot exists', async () => {
    const r = await call(app, '/api/rank');
    expect(r.status).toBe(404);
    expect(r.json.error.code).toBe('not_found');
    expect(r.json.error.message).toContain('no Hub snapshot yet');
  });

  it('refuses a dump with bad lines whole, naming each line and field', async () => {
    const bad = path.join(FIXTURES, 'bad-lines.jsonl');
    const error = await ingestHub(deps.store, { input: bad, at: new Date('2025-06-01T00:00:00Z') }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(HubDumpError);
    expect(error.code).toBe('invalid_dump');
    expect(error.badLines).toEqual([
      { line: 2, reason: expect.stringMatching(/^not JSON: /) },
      { line: 3, reason: 'downloads: expected a whole number ≥ 0, got "3000"' },
      { line: 5, reason: 'cardData.base_model: expected a repo id or a list of them, got 42' },
      { line: 6, reason: 'id: duplicate id "Dragon-Lab/dragon-moe-200b-a20b" (first on line 1)' },
    ]);
    expect(await deps.hub.snapshots()).toEqual([]);
  });

  it('with skipInvalid, skips and summarises the bad lines; the snapshot is then replaced by a clean one', async () => {
    const bad = path.join(FIXTURES, 'bad-lines.jsonl');
    const r = await ingestHub(deps.store, {
      input: bad,
      at: new Date('2025-07-01T00:00:00Z'),
      skipInvalid: true,
    });
    expect(r.changed).toBe(true);
    expect(r.snapshot.models).toBe(2);
    expect(r.skipped.count).toBe(4);
    expect(r.skipped.lines.map((l) => l.line)).toEqual([2, 3, 5, 6]);
    const clean = await ingestHub(deps.store, { input: JULY, at: new Date('2025-07-01T00:00:00Z') });
    expect(clean).toMatchObject({ changed: true, replaced: true });
    expect(clean.snapshot).toMatchObject({ models: 15, edges: 12, skipped: 0 });
    expect((await deps.hub.snapshots()).map((s) => s.takenAt)).toEqual(['2025-07-01T00:00:00.000Z']);
  });

  it('reports lineage problems: the self-reference, the cycle and the dangling parent', async () => {
    const [snap] = await deps.hub.snapshots();
    expect(snap?.issues).toEqual({
      selfReferences: 1,
      cycles: 1,
      cycleExamples: [['loop/a', 'loop/b']],
      modelsOnCycles: 2,
      danglingReferences: 1,
      danglingExamples: ['ghost/Deleted-Base'],
    });
  });

  it('ingesting the same dump again changes nothing, however it is compressed', async () => {
    const before = await hubTables(deps);
    const again = await ingestHub(deps.store, { input: JULY });
    expect(again.changed).toBe(false);
    expect(again.snapshot.takenAt).toBe('2025-07-01T00:00:00.000Z');
    const gz = path.join(tmp, 'july.jsonl.gz');
    writeFileSync(gz, gzipSync(readFileSync(JULY)));
    expect((await ingestHub(deps.store, { input: gz })).changed).toBe(false);
    expect(await hubTables(deps)).toEqual(before);
  });

  it('counts derivatives transitively, each once, by the relation of its own edge', async () => {
    const dragon = await deps.hub.lineage(DRAGON, { depth: 0 });
    expect(dragon).toMatchObject({
      id: DRAGON,
      inSnapshot: true,
      derivatives: { total: 6, finetune: 2, adapter: 1, quantized: 2, merge: 1 },
      maxDepth: 3,
      root: DRAGON,
      depth: 0,
      tree: null,
    });
    const acme = await deps.hub.lineage('ACME-AI/acme-7b', { depth: 0 });
    expect(acme.derivatives).toEqual({ total: 3, finetune: 1, adapter: 0, quantized: 1, merge: 1 });
    expect(acme.maxDepth).toBe(2);
    const alice = await deps.hub.lineage('alice/Dragon-MoE-chat', { depth: 0 });
    expect(alice).toMatchObject({
      derivatives: { total: 4, finetune: 1, adapter: 0, quantized: 2, merge: 1 },
      maxDepth: 2,
      parents: [{ id: DRAGON, relation: 'finetune' }],
      root: DRAGON,
      depth: 1,
    });
  });

  it('roots follow the first-listed parent; a missing parent is a root; a cycle breaks at its smallest id', async () => {
    const merge = await deps.hub.lineage('dave/Acme-Dragon-merge', { depth: 0 });
    expect(merge).toMatchObject({
      relation: 'merge',
      parents: [
        { id: 'acme-ai/Acme-7B', relation: 'merge' },
        { id: 'alice/Dragon-MoE-chat', relation: 'merge' },
      ],
      root: 'acme-ai/Acme-7B',
      depth: 1,
    });
    expect(await deps.hub.lineage('erin/Acme-Dragon-merge-GGUF', { depth: 0 })).toMatchObject({
      relation: 'quantized',
      root: 'acme-ai/Acme-7B',
      depth: 2,
    });
    expect(await deps.hub.lineage('heidi/Orphan-ft', { depth: 0 })).toMatchObject({
      root: 'ghost/Deleted-Base',
      depth: 1,
    });
    expect(await deps.hub.lineage('loop/A', { depth: 0 })).toMatchObject({ root: 'loop/A', depth: 0 });
    expect(await deps.hub.lineage('loop/B', { depth: 0 })).toMatchObject({
      root: 'loop/A',
      depth: 1,
      derivatives: { total: 1, finetune: 1 },
    });
    expect(await deps.hub.lineage('ivan/Self-Loop', { depth: 0 })).toMatchObject({
      parents: [],
      root: 'ivan/Self-Loop',
    });
    // A base model missing from the snapshot is still answered from the edges that name it.
    expect(await deps.hub.lineage('ghost/deleted-base', { depth: 1 })).toMatchObject({
      id: 'ghost/Deleted-Base',
      inSnapshot: false,
      derivatives: { total: 1, finetune: 1, adapter: 0, quantized: 0, merge: 0 },
      maxDepth: 1,
      tree: { id: 'ghost/Deleted-Base', children: [{ id: 'heidi/Orphan-ft', relation: 'finetune' }] },
    });
  });

  it('builds the derivative tree level by level, each model once, most downloaded first', async () => {
    const r = await call(app, `/api/lineage/${DRAGON}?depth=3`);
    expect(r.status).toBe(200);
    const shape = (n: { id: string; relation: string | null; children: unknown[] }): unknown => [
      n.id,
      n.relation,
      ...(n.children as (typeof n)[]).map(shape),
    ];
    expect(shape(r.json.tree)).toEqual([
      DRAGON,
      null,
      [
        'alice/Dragon-MoE-chat',
        'finetune',
        ['bob/Dragon-MoE-chat-GGUF', 'quantized'],
        ['dave/Acme-Dragon-merge', 'merge', ['erin/Acme-Dragon-merge-GGUF', 'quantized']],
        ['judy/Dragon-MoE-chat-v2', 'finetune'],
      ],
      ['carol/Dragon-MoE-lora', 'adapter'],
    ]);
    expect(r.json.derivatives).toEqual({ total: 6, finetune: 2, adapter: 1, quantized: 2, merge: 1 });
    const one = await call(app, `/api/lineage/${DRAGON}?depth=1`);
    expect(one.json.tree.children.map((c: { id: string }) => c.id)).toEqual([
      'alice/Dragon-MoE-chat',
      'carol/Dragon-MoE-lora',
    ]);
    expect(one.json.tree.children[0].children).toEqual([]);
    const missing = await call(app, '/api/lineage/nobody/Nothing');
    expect(missing.status).toBe(404);
    expect(missing.json.error.message).toBe(
      'no Hub model "nobody/Nothing" in the snapshot of 2025-07-01T00:00:00.000Z',
    );
    const badDepth = await call(app, `/api/lineage/${DRAGON}?depth=deep`);
    expect(badDepth.status).toBe(400);
    expect(badDepth.json).toEqual({
      error: { code: 'invalid_parameter', message: 'depth must be a whole number, got "deep"' },
    });
  });

  it('ranks the top models by group, attributed by author or by root', async () => {
    expect(await deps.hub.rank({ by: 'downloads', top: 5, group: 'country', attribution: 'author' })).toEqual(
      [
        { group: null, count: 3, share: 0.6 },
        { group: 'CN', count: 1, share: 0.2 },
        { group: 'US', count: 1, share: 0.2 },
      ],
    );
    const byRoot = await call(app, '/api/rank?by=downloads&top=5&group=country&attribution=root');
    expect(byRoot.json).toEqual([
      { group: 'CN', count: 3, share: 0.6 },
      { group: 'US', count: 2, share: 0.4 },
    ]);
    expect(await deps.hub.rank({ by: 'downloads', top: 5, group: 'family', attribution: 'root' })).toEqual([
      { group: 'Dragon', count: 3, share: 0.6 },
      { group: 'Acme', count: 2, share: 0.4 },
    ]);
    expect(await deps.hub.rank({ by: 'derivatives', top: 3, group: 'org', attribution: 'author' })).toEqual([
      { group: 'acme', count: 1, share: 1 / 3 },
      { group: 'dragon-lab', count: 1, share: 1 / 3 },
      { group: null, count: 1, share: 1 / 3 },
    ]);
    expect(await deps.hub.rank({ by: 'likes', top: 2, group: 'country', attribution: 'author' })).toEqual([
      { group: 'CN', count: 1, share: 0.5 },
      { group: 'US', count: 1, share: 0.5 },
    ]);
    // Only models with a positive value rank: 14 of 15 have a downloadsAllTime (heidi's is unknown).
    const all = await deps.hub.rank({
      by: 'downloadsAllTime',
      top: 100,
      group: 'country',
      attribution: 'root',
    });
    expect(all.reduce((s, g) => s + g.count, 0)).toBe(14);
  });

  it('an accounts table extends attribution beyond the catalog', async () => {
    const rows = parseAccountsCsv(readFileSync(path.join(FIXTURES, 'accounts.csv'), 'utf8'), 'accounts.csv');
    expect(await deps.hub.upsertAccounts(rows)).toBe(2);
    expect(
      await deps.hub.rank({ by: 'downloads', top: 10, group: 'country', attribution: 'author' }),
    ).toEqual([
      { group: null, count: 7, share: 0.7 },
      { group: 'CN', count: 1, share: 0.1 },
      { group: 'FR', count: 1, share: 0.1 },
      { group: 'US', count: 1, share: 0.1 },
    ]);
    expect(() => parseAccountsCsv('account,organisation,country\nbad account!,X,US\n', 'a.csv')).toThrow(
      'a.csv:2: account: not a Hub account: "bad account!"',
    );
    expect(
      parseAccountsCsv('account,organisation,country\r\nmistralai,"Mistral AI, SAS",fr\n', 'q.csv'),
    ).toEqual([{ account: 'mistralai', organisation: 'Mistral AI, SAS', country: 'FR' }]);
    expect(() => parseAccountsCsv('account,organisation,country\nx,"open,FR\n', 'q.csv')).toThrow(
      'q.csv:2: a quoted field is never closed',
    );
  });

  it('counts new derivatives per month by the root model country', async () => {
    const month = await call(app, '/api/trend?by=new-derivatives&group=country&interval=month');
    expect(month.status).toBe(200);
    expect(month.json).toEqual([
      { period: '2025-03', group: 'CN', count: 2 },
      { period: '2025-04', group: 'CN', count: 1 },
      { period: '2025-04', group: 'US', count: 1 },
      { period: '2025-05', group: 'US', count: 2 },
      { period: '2025-06', group: null, count: 3 },
      { period: '2025-06', group: 'CN', count: 1 },
      { period: '2025-06', group: 'FR', count: 1 },
    ]);
    expect(
      await deps.hub.trend({
        by: 'new-derivatives',
        group: 'country',
        interval: 'quarter',
        attribution: 'root',
      }),
    ).toEqual([
      { period: '2025-Q1', group: 'CN', count: 2 },
      { period: '2025-Q2', group: 'US', count: 3 },
      { period: '2025-Q2', group: null, count: 3 },
      { period: '2025-Q2', group: 'CN', count: 2 },
      { period: '2025-Q2', group: 'FR', count: 1 },
    ]);
    // The scan (family grouping reads hub_models' createdAt) counts the same models per month as the table.
    const perMonth = (points: { period: string; count: number }[]) => {
      const out: Record<string, number> = {};
      for (const p of points) out[p.period] = (out[p.period] ?? 0) + p.count;
      return out;
    };
    const scanned = await deps.hub.trend({
      by: 'new-derivatives',
      group: 'family',
      interval: 'month',
      attribution: 'root',
    });
    expect(perMonth(scanned)).toEqual({ '2025-03': 2, '2025-04': 2, '2025-05': 2, '2025-06': 5 });
    expect(perMonth(scanned)).toEqual(perMonth(month.json));
    // Same question answered by a scan instead of the per-month table: family of the root, by year.
    expect(
      await deps.hub.trend({ by: 'new-derivatives', group: 'family', interval: 'year', attribution: 'root' }),
    ).toEqual(
      [
        { period: '2025', group: 'Dragon', count: 4 },
        { period: '2025', group: 'Acme', count: 3 },
        { period: '2025', group: 'bonjour-ai/Bonjour-3B', count: 1 },
        { period: '2025', group: 'ghost/Deleted-Base', count: 1 },
        { period: '2025', group: 'loop/A', count: 2 },
      ].sort((a, b) => b.count - a.count || (a.group < b.group ? -1 : 1)),
    );
    expect(
      await deps.hub.trend({ by: 'new-models', group: 'country', interval: 'year', attribution: 'author' }),
    ).toEqual([
      { period: '2024', group: 'US', count: 1 },
      { period: '2025', group: null, count: 12 },
      { period: '2025', group: 'CN', count: 1 },
      { period: '2025', group: 'FR', count: 1 },
    ]);
  });

  it('keeps history: a later snapshot answers by default, --at answers as of an earlier one', async () => {
    const r = await ingestHub(deps.store, { input: AUGUST, at: new Date('2025-08-01T00:00:00Z') });
    expect(r.snapshot).toMatchObject({ id: 2, models: 16, edges: 13 });
    expect(await deps.hub.rank({ by: 'downloads', top: 1, group: 'country', attribution: 'root' })).toEqual([
      { group: 'FR', count: 1, share: 1 },
    ]);
    const july = await call(app, '/api/rank?by=downloads&top=1&attribution=root&at=2025-07-15');
    expect(july.json).toEqual([{ group: 'CN', count: 1, share: 1 }]);
    expect((await deps.hub.lineage('bonjour-ai/Bonjour-3B', { depth: 0 })).derivatives).toMatchObject({
      total: 2,
      quantized: 1,
    });
    expect(
      (await deps.hub.lineage('bonjour-ai/Bonjour-3B', { depth: 0, at: '2025-07' })).derivatives.total,
    ).toBe(1);
    const before = await call(app, '/api/trend?at=2025-06-30');
    expect(before.status).toBe(404);
    expect(before.json.error.message).toContain('no Hub snapshot taken at or before 2025-06-30');
  });

  it('a JSON array and a JSON Lines dump of the same items give the same answers', async () => {
    const items = readFileSync(JULY, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const file = path.join(tmp, 'july-array.json');
    writeFileSync(file, JSON.stringify(items, null, 2));
    const r = await ingestHub(deps.store, { input: file, at: new Date('2025-07-02T00:00:00Z') });
    expect(r.snapshot).toMatchObject({ models: 15, edges: 12 });
    expect(r.issues.danglingReferences).toBe(1);
    const at = { at: '2025-07-02' };
    expect(
      await deps.hub.rank({ by: 'downloads', top: 5, group: 'country', attribution: 'root', ...at }),
    ).toEqual([
      { group: 'CN', count: 3, share: 0.6 },
      { group: 'US', count: 2, share: 0.4 },
    ]);
    const broken = path.join(tmp, 'broken-array.json');
    writeFileSync(broken, `[\n${JSON.stringify(items[0])},\n{"id": 7}\n`);
    const e = await ingestHub(deps.store, { input: broken }).catch((x) => x);
    expect(e.badLines).toEqual([
      { line: 3, reason: 'id: expected a repo id string, got 7' },
      { line: 4, reason: 'the JSON array is not closed (file cut short?)' },
    ]);
  });

  it('stores text that bulk loading must escape exactly as read', async () => {
    // A legacy id (no owner part) takes its account from `author`, which can hold any text.
    const author = 'We\\ird\tAcc\nount "x" é';
    const file = path.join(tmp, 'odd-author.jsonl');
    writeFileSync(
      file,
      `${JSON.stringify({ id: 'oddmodel', author, downloads: 3 })}\n${JSON.stringify({ id: 'x/child', cardData: { base_model: 'oddmodel' } })}\n`,
    );
    await ingestHub(deps.store, { input: file, at: new Date('2025-07-03T00:00:00Z') });
    const { rows } = await sql<{ key: string; author: string; root_author: string | null }>`
      select lower(m.id) as key, a.author, r.author as root_author
      from hub_models m join hub_snapshots s on s.id = m.snapshot_id
        join hub_authors a on a.snapshot_id = m.snapshot_id and a.author_no = m.author_no
        left join hub_authors r on r.snapshot_id = m.snapshot_id and r.author_no = m.root_author_no
      where s.taken_at = '2025-07-03T00:00:00.000Z' order by lower(m.id)`.execute(deps.store.db);
    expect(rows).toEqual([
      { key: 'oddmodel', author: author.toLowerCase(), root_author: null },
      { key: 'x/child', author: 'x', root_author: author.toLowerCase() },
    ]);
  });

  it.runIf(target.name === 'postgres')('partitions the snapshot tables by month on PostgreSQL', async () => {
    const { rows } = await sql<{ name: string }>`select c.relname as name from pg_inherits i
      join pg_class c on c.oid = i.inhrelid join pg_class p on p.oid = i.inhparent
      where p.relname = 'hub_models' order by 1`.execute(deps.store.db);
    expect(rows.map((r) => r.name)).toEqual([
      'hub_models_default',
      'hub_models_y2025m07',
      'hub_models_y2025m08',
    ]);
    const { rows: counts } = await sql<{
      n: number;
    }>`select count(*)::int as n from hub_models_y2025m08`.execute(deps.store.db);
    expect(counts[0]?.n).toBe(16);
  });

  it('documents the hub routes in the OpenAPI document', async () => {
    const doc = (await call(app, '/api/openapi.json')).json;
    for (const p of ['/api/rank', '/api/trend', '/api/lineage/{id}', '/api/hub/snapshots'])
      expect(doc.paths[p]).toBeDefined();
    const bad = await call(app, '/api/rank?by=stars');
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toBe(
      'by takes one of downloads, downloadsAllTime, likes, derivatives; got "stars"',
    );
  });
});

describe('the SQLite snapshot writer', () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'omo-hub-writer-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  async function store(name: string): Promise<Deps> {
    const deps = createDeps({ url: path.join(tmp, `${name}.sqlite`), catalogDir: MINI_CATALOG });
    await ensureCatalog(deps);
    return deps;
  }

  it('writes the same snapshot on a thread of its own as on the ingest thread (OMO_HUB_WORKER=0)', async () => {
    const threaded = await store('threaded');
    const inline = await store('inline');
    try {
      await ingestHub(threaded.store, { input: AUGUST, at: new Date('2025-08-01T00:00:00Z') });
      process.env.OMO_HUB_WORKER = '0';
      try {
        await ingestHub(inline.store, { input: AUGUST, at: new Date('2025-08-01T00:00:00Z') });
      } finally {
        delete process.env.OMO_HUB_WORKER;
      }
      const rows = await hubTables(threaded);
      expect(JSON.parse(rows.hub_models ?? '[]')).toHaveLength(16);
      expect(await hubTables(inline)).toEqual(rows);
    } finally {
      await threaded.store.close();
      await inline.store.close();
    }
  });

  it('a failure inside the writer rejects the ingest and leaves the last good state', async () => {
    const deps = await store('failing');
    try {
      await ingestHub(deps.store, { input: JULY, at: new Date('2025-07-01T00:00:00Z') });
      const before = await hubTables(deps);
      await sql`create trigger refuse before insert on hub_models when new.id = 'dragon-lab/Dragon-MoE-200B-A20B'
        begin select raise(abort, 'refused by a test trigger'); end`.execute(deps.store.db);
      const error = await ingestHub(deps.store, {
        input: AUGUST,
        at: new Date('2025-08-01T00:00:00Z'),
      }).catch((e: Error) => e);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toBe('refused by a test trigger');
      expect(await hubTables(deps)).toEqual(before);
      await sql`drop trigger refuse`.execute(deps.store.db);
      const after = await ingestHub(deps.store, { input: AUGUST, at: new Date('2025-08-01T00:00:00Z') });
      expect(after).toMatchObject({ changed: true, snapshot: { id: 2, models: 16 } });
    } finally {
      await deps.store.close();
    }
  });
});

describe.each(storeTargets)(
  'migration 003 (hub_models keyed by the id, createdAt in ms) on $name',
  (target) => {
    let deps: Deps;
    let drop: () => Promise<void>;
    beforeAll(async () => {
      const created = await target.create();
      drop = created.drop;
      deps = createDeps({ url: created.url, catalogDir: MINI_CATALOG });
    });
    afterAll(async () => {
      await deps.store.close();
      await drop();
    });

    // Two models of a snapshot as migration 002 stored them: the lower-cased key beside the id, createdAt as text.
    const OLD = [
      {
        key: 'acme-ai/base-7b',
        id: 'Acme-AI/Base-7B',
        author: 'acme-ai',
        created_at: '2025-03-04T05:06:07.123Z',
        relation: null,
        parents: 0,
        parent_ids: null,
        root_id: null,
        root_author: null,
        depth: 0,
        derivatives: 1,
        d_finetune: 1,
        max_depth: 1,
        child_keys: '["bob/base-7b-ft"]',
      },
      {
        key: 'bob/base-7b-ft',
        id: 'Bob/Base-7B-FT',
        author: 'bob',
        created_at: '2025-06-30T23:59:59.999Z',
        relation: 'finetune',
        parents: 1,
        parent_ids: '[["Acme-AI/Base-7B","finetune"]]',
        root_id: 'Acme-AI/Base-7B',
        root_author: 'acme-ai',
        depth: 1,
        derivatives: 0,
        d_finetune: 0,
        max_depth: 0,
        child_keys: null,
      },
    ];
    const oldRows = async () =>
      (
        await sql<{
          key: string;
          id: string;
          author: string;
          root_author: string | null;
          created_at: string;
          relation: string | null;
          parents: number;
          derivatives: number;
        }>`select key, id, author, root_author, created_at, relation, parents, derivatives from hub_models
          order by key`.execute(deps.store.db)
      ).rows;

    it('keeps the stored snapshots, and undoes cleanly', async () => {
      expect(await migrate(deps.store, { to: '002-hub' })).toEqual(['001-catalog', '002-hub']);
      const db = deps.store.db;
      if (target.name === 'postgres') {
        // As an ingest of July 2025 left it: the month's partitions.
        for (const table of ['hub_models', 'hub_missing', 'hub_top', 'hub_trend'])
          await sql`create table ${sql.raw(`${table}_y2025m07`)} partition of ${sql.raw(table)}
            for values from ('2025-07-01') to ('2025-08-01')`.execute(db);
      }
      await sql`insert into hub_snapshots (id, taken_at, taken_on, content_hash, source, models, edges, skipped, issues,
      ingested_at) values (1, '2025-07-01T00:00:00.000Z', '2025-07-01', 'h', 'test', 2, 1, 0, '{}',
      '2025-07-02T00:00:00.000Z')`.execute(db);
      for (const m of OLD) {
        await sql`insert into hub_models (snapshot_id, taken_on, key, id, author, created_at, downloads,
        downloads_all_time, likes, relation, parents, parent_ids, root_id, root_author, depth, derivatives, d_finetune,
        d_adapter, d_quantized, d_merge, max_depth, child_keys)
        values (1, '2025-07-01', ${m.key}, ${m.id}, ${m.author}, ${m.created_at}, 10, null, 2, ${m.relation},
          ${m.parents}, ${m.parent_ids}, ${m.root_id}, ${m.root_author}, ${m.depth}, ${m.derivatives},
          ${m.d_finetune}, 0, 0, 0, ${m.max_depth}, ${m.child_keys})`.execute(db);
      }

      expect(await migrate(deps.store, { to: '003-hub-model-key' })).toEqual(['003-hub-model-key']);
      const rows = await sql<{
        id: string;
        created_at: number;
        author_no: number;
        root_author_no: number | null;
      }>`
        select id, created_at, author_no, root_author_no from hub_models order by lower(id)`.execute(db);
      // Accounts numbered per snapshot in name order: acme-ai 0, bob 1.
      expect(rows.rows).toEqual([
        {
          id: 'Acme-AI/Base-7B',
          created_at: Date.parse('2025-03-04T05:06:07.123Z'),
          author_no: 0,
          root_author_no: null,
        },
        {
          id: 'Bob/Base-7B-FT',
          created_at: Date.parse('2025-06-30T23:59:59.999Z'),
          author_no: 1,
          root_author_no: 0,
        },
      ]);
      const authors =
        await sql`select snapshot_id, author_no, author from hub_authors order by author_no`.execute(db);
      expect(authors.rows).toEqual([
        { snapshot_id: 1, author_no: 0, author: 'acme-ai' },
        { snapshot_id: 1, author_no: 1, author: 'bob' },
      ]);
      expect(
        await deps.hub.rank({ by: 'downloads', top: 20_000, group: 'org', attribution: 'root' }),
      ).toEqual([{ group: null, count: 2, share: 1 }]);
      // Looked up by id in any case, and counted per month of createdAt (the last millisecond of June is June).
      const lineage = await deps.hub.lineage('ACME-AI/base-7b', { depth: 1 });
      expect(lineage).toMatchObject({ id: 'Acme-AI/Base-7B', derivatives: { total: 1, finetune: 1 } });
      expect(lineage.tree?.children).toEqual([
        { id: 'Bob/Base-7B-FT', relation: 'finetune', derivatives: 0, downloads: 10, children: [] },
      ]);
      expect(await deps.hub.lineage('bob/base-7b-ft', { depth: 0 })).toMatchObject({
        relation: 'finetune',
        parents: [{ id: 'Acme-AI/Base-7B', relation: 'finetune' }],
        root: 'Acme-AI/Base-7B',
        depth: 1,
      });
      expect(
        await deps.hub.trend({ by: 'new-models', group: 'org', interval: 'month', attribution: 'author' }),
      ).toEqual([
        { period: '2025-03', group: null, count: 1 },
        { period: '2025-06', group: null, count: 1 },
      ]);

      if (target.name === 'postgres') {
        // hub_authors got the same monthly partition, which holds the month's accounts.
        const inJuly = await sql<{ n: number }>`select count(*)::int as n from hub_authors_y2025m07`.execute(
          db,
        );
        expect(inJuly.rows[0]?.n).toBe(2);
      }
      // A new snapshot of the same month goes in beside the migrated one.
      const july = await ingestHub(deps.store, { input: JULY, at: new Date('2025-07-15T00:00:00Z') });
      expect(july).toMatchObject({ changed: true, snapshot: { id: 2 } });
      await sql`delete from hub_authors where snapshot_id = 2`.execute(db);
      await sql`delete from hub_models where snapshot_id = 2`.execute(db);

      expect(await migrate(deps.store, { to: '002-hub' })).toEqual(['003-hub-model-key']);
      // Undone, the copies of other columns come back as they were.
      expect(await oldRows()).toEqual(
        OLD.map((m) => ({
          key: m.key,
          id: m.id,
          author: m.author,
          root_author: m.root_author,
          created_at: m.created_at,
          relation: m.relation,
          parents: m.parents,
          derivatives: m.derivatives,
        })),
      );
      expect(await migrate(deps.store, { to: '003-hub-model-key' })).toEqual(['003-hub-model-key']);
    });
  },
);
