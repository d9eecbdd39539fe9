import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { generateHubDump } from '../bench/hub-generate.ts';
import { createApp } from '../src/api/app.ts';
import { createDeps, ensureCatalog } from '../src/store/deps.ts';
import { migrate, openStore } from '../src/store/open-store.ts';
import { MINI_CATALOG } from './helpers/catalog-fixture.ts';
import { call } from './helpers/http.ts';
import { OMO_BIN, runOmo } from './helpers/run-omo.ts';
import { runOmoInProcess } from './helpers/run-omo-in-process.ts';
import { storeTargets } from './helpers/targets.ts';

// The hub commands: bad lines both ways, standard input, --json equal to the API, a large dump read by worker
// threads, and a kill -9 in the middle of writing a snapshot followed by a re-run. Their logic runs in-process
// (main(argv)); the real `omo` executable where the process is tested: standard input, worker threads, the kill.

const FIXTURES = fileURLToPath(new URL('./fixtures/hub/', import.meta.url));
const JULY = path.join(FIXTURES, 'models-2025-07.jsonl');

// One generated dump (120,000 models, over the 16 MB at which two workers read it) for both stores; read-only.
const shared = mkdtempSync(path.join(os.tmpdir(), 'omo-hub-cli-dump-'));
const big = path.join(shared, 'hub-big.jsonl');
beforeAll(() => generateHubDump({ models: 120_000, file: big, seed: 7 }));
afterAll(() => rmSync(shared, { recursive: true, force: true }));

describe.each(storeTargets)('omo hub commands on $name', (target) => {
  let url: string;
  let drop: () => Promise<void>;
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'omo-hub-cli-'));
  const env = { OMO_HOME: tmp, OMO_CATALOG: MINI_CATALOG };
  const omo = (args: string[]) => runOmoInProcess([...args, '--db', url], env);

  beforeAll(async () => {
    const created = await target.create();
    url = created.url;
    drop = created.drop;
    // A store named by --db must exist: create it as `omo db migrate` would.
    const store = openStore({ url });
    await migrate(store);
    await store.close();
  });
  afterAll(async () => {
    await drop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('refuses a dump with bad lines (exit 2, each line named) and ingests nothing', async () => {
    const r = await omo(['ingest', 'hub', path.join(FIXTURES, 'bad-lines.jsonl'), '--at', '2025-06-01']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'bad-lines.jsonl: 4 bad lines; nothing was ingested (--skip-invalid skips them):',
    );
    expect(r.stderr).toContain('line 3: downloads: expected a whole number ≥ 0, got "3000"');
    expect(r.stderr).toContain(
      'line 6: id: duplicate id "Dragon-Lab/dragon-moe-200b-a20b" (first on line 1)',
    );
    const rank = await omo(['rank', '--json']);
    expect(rank.code).toBe(1);
    expect(rank.stderr).toContain('no Hub snapshot yet');
  });

  it('with --skip-invalid, ingests the good lines and lists the bad ones', async () => {
    const r = await omo([
      'ingest',
      'hub',
      path.join(FIXTURES, 'bad-lines.jsonl'),
      '--at',
      '2025-06-01',
      '--skip-invalid',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('added snapshot 1 taken at 2025-06-01T00:00:00.000Z: 2 models');
    expect(r.stdout).toContain('skipped 4 bad lines:\n  line 2: not JSON');
  });

  it('refuses a dump without models (exit 2) unless --allow-empty says an empty snapshot is meant', async () => {
    const empty = path.join(tmp, 'empty.jsonl');
    writeFileSync(empty, '\n\n');
    const r = await omo(['ingest', 'hub', empty, '--at', '2025-06-01']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `no models in ${empty}; nothing was ingested (--allow-empty records an empty snapshot on purpose)`,
    );
    const skipped = await omo([
      'ingest',
      'hub',
      path.join(FIXTURES, 'bad-lines.jsonl'),
      '--at',
      '2025-06-01',
    ]);
    expect(skipped.code).toBe(2);
    // Snapshot 1 of 2 models, taken at the same time, was not replaced.
    const rank = JSON.parse((await omo(['rank', '--json'])).stdout) as { count: number }[];
    expect(rank.reduce((n, g) => n + g.count, 0)).toBe(2);
    const meant = await omo(['ingest', 'hub', empty, '--at', '2025-06-01', '--allow-empty', '--json']);
    expect(meant.code, meant.stderr).toBe(0);
    expect(JSON.parse(meant.stdout)).toMatchObject({
      changed: true,
      replaced: true,
      snapshot: { models: 0 },
    });
    // Back to the two models for the tests that follow.
    const again = [
      'ingest',
      'hub',
      path.join(FIXTURES, 'bad-lines.jsonl'),
      '--at',
      '2025-06-01',
      '--skip-invalid',
    ];
    expect((await omo(again)).stdout).toContain('replaced snapshot');
  });

  it('shows control bytes from a dump escaped (ESC as \\x1b, BEL as \\x07), never raw, in the bad-line listing', async () => {
    const hostile = path.join(tmp, 'hostile.jsonl');
    const line = (id: string) =>
      `${JSON.stringify({ id, downloads: 1, likes: 0, createdAt: '2025-01-01T00:00:00Z' })}\n`;
    // A line that is not JSON (the parser quotes it), an id with ESC and BEL, and one with a C1 control (CSI).
    writeFileSync(
      hostile,
      `\u001b]0;pwned\u0007\n${line('evil/\u001b[2Jname\u0007')}${line('evil/c1\u009bname')}`,
    );
    const r = await omo(['ingest', 'hub', hostile, '--at', '2025-06-01']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('\\x1b]0;pwned\\x07');
    expect(r.stderr).toMatch(/evil\/(\\x1b|\\u001b)\[2Jname(\\x07|\\u0007)/);
    expect(r.stderr).toContain('evil/c1\\x9bname');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the test is that none is printed
    expect(r.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });

  // The dump is refused while it is read, before any store is touched: one engine is enough.
  it.runIf(target.name === 'sqlite')(
    'refuses a gzip bomb of newlines once it decompresses past OMO_HUB_MAX_GZIP_RATIO times its size',
    async () => {
      const bomb = path.join(tmp, 'newlines.jsonl.gz');
      writeFileSync(bomb, gzipSync(Buffer.alloc(64 * 2 ** 20, 10), { level: 9 }));
      const r = await runOmoInProcess(['ingest', 'hub', bomb, '--at', '2025-06-01', '--db', url], {
        ...env,
        OMO_HUB_MAX_GZIP_RATIO: '50',
      });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(
        /newlines\.jsonl\.gz: decompresses to more than 50 times its size \([\d,]+ bytes from [\d,]+\), not a Hub dump; nothing was ingested/,
      );
    },
  );

  it('reads standard input; --json prints exactly what the API returns', async () => {
    const r = await new Promise<{ code: number | null; stdout: string }>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        [OMO_BIN, 'ingest', 'hub', '-', '--at', '2025-07-01', '--json', '--db', url],
        {
          env: { ...process.env, ...env },
        },
      );
      let stdout = '';
      child.stdout.on('data', (d) => {
        stdout += d;
      });
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout }));
      child.stdin.end(readFileSync(JULY));
    });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ changed: true, snapshot: { models: 15, source: 'stdin' } });

    const deps = createDeps({ url, catalogDir: MINI_CATALOG });
    try {
      const app = createApp(deps, { responseCache: false });
      const rank = await omo(['rank', '--by', 'downloads', '--top', '5', '--attribution', 'root', '--json']);
      expect(JSON.parse(rank.stdout)).toEqual((await call(app, '/api/rank?top=5&attribution=root')).json);
      expect(JSON.parse(rank.stdout)).toEqual([
        { group: 'CN', count: 3, share: 0.6 },
        { group: 'US', count: 2, share: 0.4 },
      ]);
      const id = 'dragon-lab/Dragon-MoE-200B-A20B';
      const lineage = await omo(['lineage', id, '--depth', '2', '--json']);
      expect(JSON.parse(lineage.stdout)).toEqual((await call(app, `/api/lineage/${id}?depth=2`)).json);
      const trend = await omo(['trend', '--json']);
      expect(JSON.parse(trend.stdout)).toEqual((await call(app, '/api/trend')).json);
      const table = await omo(['lineage', id, '--depth', '0']);
      expect(table.stdout).toContain(
        'derivatives  6: 2 fine-tunes, 1 adapters, 2 quantisations, 1 merges; 3 levels deep',
      );
    } finally {
      await deps.store.close();
    }
  });

  it('ingests from a working directory outside the project (the workers run compiled JavaScript, no tsx)', async () => {
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'omo-elsewhere-'));
    onTestFinished(() => rmSync(cwd, { recursive: true, force: true }));
    const r = await runOmo(['ingest', 'hub', JULY, '--at', '2025-07-01', '--json', '--db', url], env, {
      cwd,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('ERR_MODULE_NOT_FOUND');
    // The July dump, read by a worker started from the compiled entry point (new or already that snapshot,
    // whichever tests ran before).
    expect(JSON.parse(r.stdout)).toMatchObject({ snapshot: { models: 15 } });
  });

  it('a large dump is read by two workers and still reports file line numbers and the whole-file hash', async () => {
    const broken = path.join(tmp, 'hub-big-broken.jsonl');
    writeFileSync(broken, `${readFileSync(big, 'utf8')}{"id": "late/Bad-Line", "downloads": -1}\n`);
    // The real executable once (its worker threads start from the installed entry points), in-process once.
    const args = ['ingest', 'hub', broken, '--at', '2026-01-01', '--db', url];
    const r = target.name === 'sqlite' ? await runOmo(args, env) : await runOmoInProcess(args, env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('line 120001: downloads: expected a whole number ≥ 0, got -1');
  }, 120_000);

  it.runIf(target.name === 'sqlite')(
    'two workers and one thread read a large dump into the same snapshot, duplicates across halves included',
    async () => {
      const { ingestHub } = await import('../src/store/hub-ingest.ts');
      const { createReadStream } = await import('node:fs');
      const { sql } = await import('kysely');
      // The second half repeats an id of the first half (in other case) and names it as a parent.
      const lines = readFileSync(big, 'utf8').trimEnd().split('\n');
      const first = JSON.parse(lines[5] ?? '{}').id as string;
      const file = path.join(tmp, 'hub-big-dup.jsonl');
      writeFileSync(
        file,
        `${lines.join('\n')}\n${JSON.stringify({ id: first.toUpperCase(), downloads: 1 })}\n${JSON.stringify({
          id: 'late/child-of-first',
          cardData: { base_model: first.toLowerCase() },
        })}\n`,
      );
      const read = async (name: string, input: string | NodeJS.ReadableStream) => {
        const deps = createDeps({ url: path.join(tmp, `${name}.sqlite`), catalogDir: MINI_CATALOG });
        try {
          await ensureCatalog(deps);
          const result = await ingestHub(deps.store, {
            input: input as string,
            at: new Date('2026-02-01T00:00:00Z'),
            skipInvalid: true,
          });
          const { rows } = await sql<Record<string, unknown>>`select * from hub_models order by id`.execute(
            deps.store.db,
          );
          const child = await deps.hub.lineage('late/child-of-first', { depth: 0 });
          return { result, rows, child };
        } finally {
          await deps.store.close();
        }
      };
      const split = await read('split', file); // over 16 MB: two workers, one half each
      const single = await read('single', createReadStream(file) as unknown as string); // a stream: one thread
      expect(split.result.skipped).toEqual({
        count: 1,
        lines: [{ line: 120_001, reason: `id: duplicate id "${first.toUpperCase()}" (first on line 6)` }],
      });
      expect(single.result.skipped).toEqual(split.result.skipped);
      expect(split.result.snapshot.models).toBe(120_001);
      expect(split.child).toMatchObject({ root: first, parents: [{ id: first.toLowerCase() }] });
      expect(split.rows.length).toBe(120_001);
      expect(single.rows).toEqual(split.rows);
    },
    120_000,
  );

  it('a kill -9 while a snapshot is being written leaves the last good state; a re-run completes it', async () => {
    const before = JSON.parse((await omo(['rank', '--by', 'likes', '--top', '3', '--json'])).stdout);
    // OMO_TEST_HOLD_WRITING stops the ingest inside its write transaction, with rows written, and says so.
    const child = spawn(
      process.execPath,
      [OMO_BIN, 'ingest', 'hub', big, '--at', '2026-06-30', '--db', url],
      {
        env: { ...process.env, ...env, OMO_TEST_HOLD_WRITING: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    onTestFinished(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
    const killed = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>(
      (resolve) => {
        let stderr = '';
        child.stderr.on('data', (d) => {
          stderr += d;
          if (/holding the write after [1-9]\d* of 120000 models/.test(stderr) && !child.killed)
            child.kill('SIGKILL');
        });
        child.on('close', (code, signal) => resolve({ code, signal, stderr }));
      },
    );
    expect(killed.signal, `the ingest ended before it reached the write: ${killed.stderr}`).toBe('SIGKILL');
    expect(killed.stderr).toContain('writing the snapshot… (120,000 models)');

    const snapshots = JSON.parse((await omo(['rank', '--by', 'likes', '--top', '3', '--json'])).stdout);
    expect(snapshots).toEqual(before);
    const deps = createDeps({ url, catalogDir: MINI_CATALOG });
    try {
      expect((await deps.hub.snapshots()).map((s) => s.takenAt)).toEqual([
        '2025-06-01T00:00:00.000Z',
        '2025-07-01T00:00:00.000Z',
      ]);
      const again = await omo(['ingest', 'hub', big, '--at', '2026-06-30', '--json']);
      expect(again.code, again.stderr).toBe(0);
      expect(JSON.parse(again.stdout)).toMatchObject({
        changed: true,
        replaced: false,
        snapshot: { models: 120_000 },
      });
      const snaps = await deps.hub.snapshots();
      expect(snaps.map((s) => s.models)).toEqual([2, 15, 120_000]);
      // Read in halves by two workers, hashed whole: the same content from a stream is recognised as unchanged.
      const { ingestHub } = await import('../src/store/hub-ingest.ts');
      const { createReadStream } = await import('node:fs');
      const same = await ingestHub(deps.store, { input: createReadStream(big) });
      expect(same.changed).toBe(false);
      const loop = await deps.hub.lineage('loop-lab/Loop-B', { depth: 0 });
      expect(loop).toMatchObject({ root: 'loop-lab/Loop-A', depth: 1 });
    } finally {
      await deps.store.close();
    }
  }, 120_000);
});
