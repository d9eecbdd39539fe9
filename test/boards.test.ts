import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBundledBoards } from '../src/boards/read-bundled-boards.ts';
import type { BoardSnapshot } from '../src/domain/board.ts';
import { createDeps, type Deps, ensureBoards, ensureCatalog } from '../src/store/deps.ts';
import { MINI_BOARDS, MINI_CATALOG } from './helpers/catalog-fixture.ts';
import { runOmoInProcess } from './helpers/run-omo-in-process.ts';
import { storeTargets } from './helpers/targets.ts';

// Leaderboards in the store (issue 17): the bundled boards beside the catalog load with it and again only when
// they change; `omo import leaderboard` adds or replaces one board's snapshot of one day; a bad file or a bad flag
// changes nothing. On both engines.

const BUNDLED_BOARDS = fileURLToPath(new URL('../boards', import.meta.url));

/** Every board table's rows, sorted, as JSON text: equal dumps mean equal stores. */
async function boardTables(deps: Deps): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of ['boards', 'board_snapshots', 'board_rows', 'meta']) {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(
      deps.store.db,
    );
    out[table] = JSON.stringify(rows.map((r) => JSON.stringify({ ...r, loaded_at: undefined })).sort());
  }
  return out;
}

const MARKDOWN = `> **Data Update Time**: 2025-07-14 11:44:01 UTC

| Rank (UB) | Rank (StyleCtrl) | Model Name | Score | Confidence Interval | Votes | Provider | License | Knowledge Cutoff Date |
|:--|:--|:--|:--|:--|:--|:--|:--|:--|
| 1 | 1 | [Gemini-2.5-Pro](http://aistudio.google.com/) | 1477 | +5/-5 | 15,769 | Google | Proprietary | N/A |
| 3 | 6 | [DeepSeek-R1-0528](https://api-docs.deepseek.com/news/news250528) | 1425 | +4/-5 | 12,847 | DeepSeek | MIT | N/A |
`;

describe.each(storeTargets)('leaderboards on $name', (target) => {
  let deps: Deps;
  let url: string;
  let drop: () => Promise<void>;
  let work: string;
  const file = (name: string, text: string) => {
    const f = path.join(work, name);
    writeFileSync(f, text);
    return f;
  };
  const omo = (...args: string[]) => runOmoInProcess([...args, '--db', url, '--catalog', MINI_CATALOG]);

  beforeAll(async () => {
    const created = await target.create();
    ({ url, drop } = created);
    deps = createDeps({ url, catalogDir: MINI_CATALOG });
    work = mkdtempSync(path.join(os.tmpdir(), 'omo-boards-'));
  });
  afterAll(async () => {
    await deps.store.close();
    await drop();
    rmSync(work, { recursive: true, force: true });
  });

  it('loads the boards beside the catalog with it, each snapshot with its rows in board order', async () => {
    const loaded = await ensureCatalog(deps);
    expect(loaded.boards).toMatchObject({ changed: true, boards: 1, snapshots: 2, rows: 7, shadowed: [] });
    expect(await deps.boards.listBoards()).toEqual([
      expect.objectContaining({
        id: 'lmarena-text',
        name: 'LMArena Text',
        kind: 'human-preference',
        origin: 'bundled',
      }),
    ]);
    expect(
      (await deps.boards.listSnapshots()).map((s) => [s.board, s.at, s.origin, s.format, s.rows]),
    ).toEqual([
      ['lmarena-text', '2024-07-07', 'bundled', 'lmarena-csv', 3],
      ['lmarena-text', '2025-11-25', 'bundled', 'lmarena-md', 4],
    ]);
    const rows = await deps.boards.rows('lmarena-text', '2025-11-25');
    expect(rows.map((r) => r.name)).toEqual([
      'gemini-3-pro',
      'deepseek-r1-0528',
      'qwen3-235b-a22b-instruct-2507',
      'Anthropicclaude-opus-4-1-20250805',
    ]);
    // Numbers come back as numbers on both engines (PostgreSQL returns bigint as text unless told otherwise).
    expect(rows[0]).toEqual({
      rank: 1,
      name: 'gemini-3-pro',
      score: 1490,
      ci: '±9',
      votes: 5000,
      org: 'Google',
      license: 'Proprietary',
      scores: { preliminary: 1, rank_upper: 1, rank_lower: 2 },
    });
    const snapshot = await deps.boards.snapshotAt('lmarena-text', '2025-01-01');
    expect(snapshot).toMatchObject({
      at: '2024-07-07',
      source: {
        url: 'https://example.org/lmsys.csv',
        title: 'A test table in the llm-leaderboard-csv layout',
      },
    });
    expect((await deps.boards.snapshotAt('lmarena-text'))?.at).toBe('2025-11-25');
    expect(await deps.boards.snapshotAt('lmarena-text', '2024-01-01')).toBeNull();
    expect(await deps.boards.snapshotAt('no-such-board')).toBeNull();
  });

  it('does not load unchanged boards again', async () => {
    const before = await boardTables(deps);
    expect((await ensureCatalog(deps)).boards.changed).toBe(false);
    expect(await boardTables(deps)).toEqual(before);
  });

  it('imports a file with its own date, and a re-import of that day replaces it', async () => {
    const first = await omo(
      'import',
      'leaderboard',
      file('arena.md', MARKDOWN),
      '--board',
      'lmarena-text',
      '--json',
    );
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({
      board: 'lmarena-text',
      at: '2025-07-14',
      format: 'lmarena-md',
      rows: 2,
      replaced: false,
      unscored: 0,
    });
    const shorter = MARKDOWN.split('\n').slice(0, 5).join('\n');
    const again = await omo('import', 'leaderboard', file('arena.md', shorter), '--board', 'lmarena-text');
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toBe('replaced lmarena-text 2025-07-14: 1 rows (lmarena-md)\n');
    expect((await deps.boards.rows('lmarena-text', '2025-07-14')).map((r) => r.name)).toEqual([
      'Gemini-2.5-Pro',
    ]);
    expect(await deps.boards.snapshotAt('lmarena-text', '2025-07-14')).toMatchObject({
      origin: 'import',
      format: 'lmarena-md',
      file: 'arena.md',
    });
  });

  it('needs --at for a file without a date, and makes a board it does not know', async () => {
    const csv = file(
      'oll.csv',
      'fullname,Average ⬆️,IFEval,MMLU-PRO,Hub License\nQwen/Qwen2.5-7B-Instruct,35.2,75.8,36.5,apache-2.0\n',
    );
    const missing = await omo('import', 'leaderboard', csv, '--board', 'open-llm-leaderboard-v2');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(
      `omo: ${csv} does not say which day it shows: give it with --at YYYY-MM-DD\n`,
    );
    const ok = await omo(
      'import',
      'leaderboard',
      csv,
      '--board',
      'open-llm-leaderboard-v2',
      '--at',
      '2025-03-21',
    );
    expect(ok.code, ok.stderr).toBe(0);
    expect(await deps.boards.getBoard('open-llm-leaderboard-v2')).toMatchObject({
      name: 'open-llm-leaderboard-v2',
      origin: 'import',
    });
    expect(await deps.boards.rows('open-llm-leaderboard-v2', '2025-03-21')).toEqual([
      expect.objectContaining({
        rank: 1,
        name: 'Qwen/Qwen2.5-7B-Instruct',
        score: 35.2,
        license: 'apache-2.0',
      }),
    ]);
  });

  it('refuses bad files and flags without changing anything', async () => {
    const before = await boardTables(deps);
    const bad: [string[], RegExp][] = [
      [
        ['import', 'leaderboard', file('bad.md', MARKDOWN.replace('1425', 'abc')), '--board', 'lmarena-text'],
        /bad\.md:6:\d+: Score: not a number: "abc"/,
      ],
      [
        ['import', 'leaderboard', file('cut.md', MARKDOWN.slice(0, -40)), '--board', 'lmarena-text'],
        /cut\.md:6:1: a table row with \d cells under a header of 9/,
      ],
      [
        ['import', 'leaderboard', file('ok.md', MARKDOWN), '--board', 'LMArena Text'],
        /--board: "LMArena Text" is not a board id/,
      ],
      [
        ['import', 'leaderboard', file('ok.md', MARKDOWN), '--board', 'lmarena-text', '--at', '2025-07-15'],
        /--at: 2025-07-15, but .* says it shows 2025-07-14/,
      ],
      [
        ['import', 'leaderboard', file('x.csv', 'a,b\n1,2\n'), '--board', 'x1', '--at', '2025-02-30'],
        /--at: expected a day as YYYY-MM-DD/,
      ],
      [
        ['import', 'leaderboard', path.join(work, 'nothing.md'), '--board', 'lmarena-text'],
        /cannot read .*nothing\.md: no such file/,
      ],
      [
        [
          'import',
          'leaderboard',
          file('oll2.csv', 'fullname,Average ⬆️,IFEval,MMLU-PRO\na/b,1,2,3\n'),
          '--board',
          'lmarena-text',
          '--at',
          '2025-01-01',
        ],
        /--board lmarena-text holds tables of lmarena .* reads as open-llm-leaderboard/,
      ],
    ];
    for (const [args, message] of bad) {
      const r = await omo(...args);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    }
    expect(await boardTables(deps)).toEqual(before);
  });

  it('keeps imports when the bundled boards change, and swaps the bundled ones whole', async () => {
    const boards = path.join(work, 'boards');
    cpSync(MINI_BOARDS, boards, { recursive: true });
    const manifest = path.join(boards, 'lmarena-text', 'snapshots.toml');
    const other = createDeps({ url, catalogDir: MINI_CATALOG });
    const bundledDeps = { ...other, boardsDir: boards };
    try {
      // The same files elsewhere: the same hash, nothing to do.
      expect((await ensureBoards(bundledDeps)).changed).toBe(false);
      // A bundled snapshot on the day of an import stays out; the import stands.
      writeFileSync(path.join(boards, 'lmarena-text', '2025-07-14.md'), MARKDOWN);
      writeFileSync(
        manifest,
        '[[snapshots]]\nat = 2025-07-14\nfile = "2025-07-14.md"\nformat = "lmarena-md"\nsource_url = "https://example.org/a"\nsource_title = "a"\n',
      );
      expect(await ensureBoards(bundledDeps)).toMatchObject({
        changed: true,
        snapshots: 0,
        shadowed: [{ board: 'lmarena-text', at: '2025-07-14' }],
      });
      expect((await deps.boards.listSnapshots('lmarena-text')).map((s) => [s.at, s.origin])).toEqual([
        ['2025-07-14', 'import'],
      ]);
      // A bad bundled file fails the load whole: the store keeps what it had.
      const before = await boardTables(deps);
      writeFileSync(
        manifest,
        '[[snapshots]]\nat = 2025-07-13\nfile = "2025-07-14.md"\nformat = "lmarena-md"\nsource_url = "https://example.org/a"\nsource_title = "a"\n',
      );
      await expect(ensureBoards(bundledDeps)).rejects.toThrow(
        'boards/lmarena-text/snapshots.toml: snapshots[0]: at: 2025-07-13, but boards/lmarena-text/2025-07-14.md says 2025-07-14',
      );
      writeFileSync(manifest, 'snapshots = 3\n');
      await expect(ensureBoards(bundledDeps)).rejects.toThrow(
        /boards\/lmarena-text\/snapshots.toml: snapshots: /,
      );
      expect(await boardTables(deps)).toEqual(before);
      // No boards folder: no bundled boards; imported ones stay, described as imports.
      rmSync(boards, { recursive: true });
      expect(await ensureBoards(bundledDeps)).toMatchObject({ changed: true, boards: 0, snapshots: 0 });
      expect((await deps.boards.listSnapshots()).every((s) => s.origin === 'import')).toBe(true);
      expect((await deps.boards.getBoard('lmarena-text'))?.origin).toBe('import');
    } finally {
      await other.store.close();
    }
  });

  it('omo catalog load loads the boards beside the catalog again when they changed, and says so', async () => {
    const r = await omo('catalog', 'load', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).boards).toEqual({
      changed: true,
      boards: 1,
      snapshots: 2,
      rows: 7,
      shadowed: [],
    });
    const again = await omo('catalog', 'load');
    expect(again.stdout).not.toContain('leaderboard');
    expect((await deps.boards.listSnapshots('lmarena-text')).map((s) => [s.at, s.origin])).toEqual([
      ['2024-07-07', 'bundled'],
      ['2025-07-14', 'import'],
      ['2025-11-25', 'bundled'],
    ]);
  });

  it('writes a snapshot whole or not at all', async () => {
    const before = await boardTables(deps);
    const broken = {
      board: 'lmarena-text',
      at: '2025-07-14',
      source: { url: '', title: 't' },
      rows: [
        { rank: 1, name: 'a', score: 1, ci: null, votes: null, org: null, license: null, scores: {} },
        { rank: 0, name: 'b', score: 1, ci: null, votes: null, org: null, license: null, scores: {} },
      ],
    } satisfies BoardSnapshot;
    await expect(deps.boards.replaceSnapshot(broken, { format: 'lmarena-md', file: 'x' })).rejects.toThrow(
      /rows\.1\.rank/,
    );
    expect(await boardTables(deps)).toEqual(before);
  });
});

describe('the bundled boards', () => {
  it('read cleanly: every manifest entry, every file, as its declared format', () => {
    const boards = readBundledBoards(BUNDLED_BOARDS);
    expect(boards.length).toBeGreaterThanOrEqual(1);
    for (const b of boards) {
      expect(b.snapshots.length, b.board.id).toBeGreaterThan(0);
      for (const s of b.snapshots) expect(s.snapshot.rows.length, s.file).toBeGreaterThan(0);
    }
  });
});
