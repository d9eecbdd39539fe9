import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/api/app.ts';
import { createDeps, type Deps, ensureCatalog } from '../src/store/deps.ts';
import { catalogCopy } from './helpers/catalog-fixture.ts';
import { call } from './helpers/http.ts';
import { runOmoInProcess } from './helpers/run-omo-in-process.ts';
import { storeTargets } from './helpers/targets.ts';

// Who leads a board, end to end: a test board of two snapshots of our own (the LMArena CSV and markdown layouts)
// beside a copy of the mini catalog with a reviewed board-names table, loaded by ensureCatalog; the API on each
// engine, and `omo leaders` in-process printing what the API returns.

const BOARD_TOML = `name = "Arena Test"
url = "https://example.org/arena"
kind = "human-preference"
description = "A made-up board for the tests."
score = "Arena score: higher is preferred more often"
`;

const SNAPSHOTS_TOML = `[[snapshots]]
at = 2025-01-10
file = "2025-01-10.csv"
format = "lmarena-csv"
source_url = "https://example.org/2025-01-10.csv"
source_title = "January test table"

[[snapshots]]
at = 2025-06-10
file = "2025-06-10.md"
format = "lmarena-md"
source_url = "https://example.org/2025-06-10.md"
source_title = "June test table"
`;

// Names as boards write them: dated, with precision and mode suffixes, a glued provider, an app row settled by the
// reviewed table, and a row the catalog cannot know (no maker either).
const JANUARY = `rank,model,arena_elo,95_pct_ci,votes,organization,license,knowledge_cutoff,url
1,acme-vision-20250101,1300,+3/-3,1000,Acme AI,Apache 2.0,2024/10,https://example.org/a
2,Dragon-MoE-200B-A20B-fp8,1290,+3/-3,1000,Dragon Lab,MIT,2024/10,https://example.org/b
3,Acme-7B-Chat,1250,+3/-3,1000,Acme AI,MIT,2024/10,https://example.org/c
4,dragon-assistant-app,1240,+3/-3,1000,Dragon Lab,Proprietary,2024/10,https://example.org/d
5,mystery-model,1200,+3/-3,1000,Nobody Labs,Apache 2.0,2024/10,https://example.org/e
6,Dragon-Next-preview,1100,+3/-3,1000,Dragon Lab,Proprietary,2024/10,https://example.org/f
`;

const JUNE = `# LLM Arena Leaderboard (Live Update)

> **Data Update Time**: 2025-06-10 08:00:00 UTC / 2025-06-10 16:00:00 CST (Beijing Time)

## Leaderboard

| Rank | Rank Spread(Upper-Lower) | Model | Score | 95% Confidence Interval (±) | Votes | Organization/Company | License |
|-----:|:-------------------------|:------|:------|:----------------------------|:------|:---------------------|:--------|
|    1 | 1◄─►2 | DragonLabDragon-MoE-200B-A20B-thinking | 1350 | ±9 | 5,000 | Dragon Lab | MIT |
|    2 | 1◄─►3 | acme-vision | 1340 | ±5 | 20,000 | Acme AI | Proprietary |
|    3 | 2◄─►4 | mystery-model | 1330 | ±4 | 40,000 | Nobody Labs | Apache 2.0 |
|    3 | 2◄─►4 | Acme-7B-Chat | 1330 | ±4 | 45,000 | Acme AI | MIT |

## Explanation

- **Rank**: a made-up table for the tests.
`;

const BOARD_NAMES = `[[names]]
name = "dragon-assistant-app"
board = "arena-test"
org = "dragon-lab"
note = "An app, not one catalog model."
`;

describe.each(storeTargets)('leaders on $name', (target) => {
  let deps: Deps;
  let url: string;
  let catalogDir: string;
  let app: ReturnType<typeof createApp>;
  const cleanups: (() => Promise<void> | void)[] = [];

  beforeAll(async () => {
    const copy = catalogCopy({
      'board-names.toml': BOARD_NAMES,
      '../boards/arena-test/board.toml': BOARD_TOML,
      '../boards/arena-test/snapshots.toml': SNAPSHOTS_TOML,
      '../boards/arena-test/2025-01-10.csv': JANUARY,
      '../boards/arena-test/2025-06-10.md': JUNE,
    });
    cleanups.push(copy.cleanup);
    catalogDir = copy.dir;
    const created = await target.create();
    cleanups.push(created.drop);
    url = created.url;
    deps = createDeps({ url, catalogDir });
    cleanups.push(() => deps.store.close());
    await ensureCatalog(deps);
    app = createApp(deps);
  });
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it('lists the boards with their snapshots and sources', async () => {
    const r = await call(app, '/api/boards');
    expect(r.status).toBe(200);
    // The copy of the mini catalog brings the fixtures' own boards too; this test's board is one of them.
    expect(r.json.boards.map((b: { id: string }) => b.id)).toContain('lmarena-text');
    expect(r.json.boards.filter((b: { id: string }) => b.id === 'arena-test')).toEqual([
      {
        id: 'arena-test',
        name: 'Arena Test',
        url: 'https://example.org/arena',
        kind: 'human-preference',
        description: 'A made-up board for the tests.',
        score: 'Arena score: higher is preferred more often',
        snapshots: [
          {
            at: '2025-01-10',
            rows: 6,
            origin: 'bundled',
            source: { url: 'https://example.org/2025-01-10.csv', title: 'January test table' },
          },
          {
            at: '2025-06-10',
            rows: 4,
            origin: 'bundled',
            source: { url: 'https://example.org/2025-06-10.md', title: 'June test table' },
          },
        ],
      },
    ]);
  });

  it('counts the latest snapshot by country, listing the row without a model', async () => {
    const r = await call(app, '/api/leaders?board=arena-test&top=100');
    expect(r.status).toBe(200);
    expect(r.json).toEqual({
      board: 'arena-test',
      at: '2025-06-10',
      top: 100,
      group: 'country',
      open: false,
      rows: [
        { group: 'US', count: 2, share: 0.5 },
        { group: 'CN', count: 1, share: 0.25 },
        { group: null, count: 1, share: 0.25 },
      ],
      unresolved: [
        { rank: 3, name: 'mystery-model', org: null, board_org: 'Nobody Labs', method: 'board-licence' },
      ],
      resolved: { model: 3, org: 3, total: 4 },
      source: { url: 'https://example.org/2025-06-10.md', title: 'June test table' },
    });
  });

  it('answers from the snapshot at or before a day, by weights per the catalog, not the board licence', async () => {
    const r = await call(app, '/api/leaders?board=arena-test&at=2025-05-31&group=weights&top=6');
    expect(r.status).toBe(200);
    expect(r.json.at).toBe('2025-01-10');
    // acme-vision is api-only in the catalog though the board says Apache 2.0; dragon-next is announced (closed);
    // the app row (table, org only) and mystery-model take the board's licence.
    expect(r.json.rows).toEqual([
      { group: 'closed', count: 3, share: 0.5 },
      { group: 'open', count: 3, share: 0.5 },
    ]);
    expect(r.json.unresolved.map((u: { name: string; method: string }) => [u.name, u.method])).toEqual([
      ['dragon-assistant-app', 'table'],
      ['mystery-model', 'board-licence'],
    ]);
  });

  it('counts only open-weight rows among the top N with open=true', async () => {
    const r = await call(app, '/api/leaders?board=arena-test&at=2025-01-10&top=3&group=org&open=true');
    expect(r.json.rows).toEqual([
      { group: 'acme', count: 1, share: 0.5 },
      { group: 'dragon-lab', count: 1, share: 0.5 },
    ]);
    expect(r.json.resolved).toEqual({ model: 2, org: 2, total: 2 });
  });

  it('gives the series over every snapshot, oldest first', async () => {
    const r = await call(app, '/api/leaders?board=arena-test&top=2&over=time&group=country');
    expect(r.status).toBe(200);
    expect(r.json).toEqual({
      board: 'arena-test',
      top: 2,
      group: 'country',
      open: false,
      series: [
        {
          at: '2025-01-10',
          rows: [
            { group: 'CN', count: 1, share: 0.5 },
            { group: 'US', count: 1, share: 0.5 },
          ],
          unresolved: 0,
          total: 2,
        },
        {
          at: '2025-06-10',
          rows: [
            { group: 'CN', count: 1, share: 0.5 },
            { group: 'US', count: 1, share: 0.5 },
          ],
          unresolved: 0,
          total: 2,
        },
      ],
    });
  });

  it('gives the best model per country and the best open and closed per snapshot', async () => {
    const r = await call(app, '/api/leaders/best?board=arena-test');
    expect(r.status).toBe(200);
    expect(r.json.snapshots[1]).toEqual({
      at: '2025-06-10',
      by_country: [
        {
          country: 'CN',
          model: 'dragon-lab/Dragon-MoE-200B-A20B',
          name: 'DragonLabDragon-MoE-200B-A20B-thinking',
          score: 1350,
        },
        { country: 'US', model: 'acme/acme-vision', name: 'acme-vision', score: 1340 },
      ],
      open_by_country: [
        {
          country: 'CN',
          model: 'dragon-lab/Dragon-MoE-200B-A20B',
          name: 'DragonLabDragon-MoE-200B-A20B-thinking',
          score: 1350,
        },
        { country: 'US', model: 'acme-ai/Acme-7B-Chat', name: 'Acme-7B-Chat', score: 1330 },
      ],
      best_open: {
        model: 'dragon-lab/Dragon-MoE-200B-A20B',
        name: 'DragonLabDragon-MoE-200B-A20B-thinking',
        score: 1350,
        country: 'CN',
      },
      best_closed: { model: 'acme/acme-vision', name: 'acme-vision', score: 1340, country: 'US' },
      gap: -10,
    });
    expect(r.json.snapshots[0]).toMatchObject({ at: '2025-01-10', gap: 10 });
  });

  it.each([
    ['/api/leaders?board=arena-test&top=0', 400, 'top must be between 1 and 1000'],
    ['/api/leaders?board=arena-test&top=5&top=6', 400, 'given 2 times'],
    [
      '/api/leaders?board=arena-test&group=family',
      400,
      'group takes one of country, org, weights, license_class',
    ],
    ['/api/leaders?board=arena-test&colour=red', 400, 'colour'],
    ['/api/leaders?board=arena-test&at=2025-02-30', 400, 'YYYY-MM-DD'],
    ['/api/leaders?board=arena-test&over=time&at=2025-06-10', 400, 'leave out at'],
    ['/api/leaders?board=arena-test&over=space', 400, 'over takes "time"'],
    ['/api/leaders?board=arena-test&open=yes', 400, 'open takes one of true, false'],
    ['/api/leaders', 400, 'board is required'],
    ['/api/leaders?board=Arena Test', 400, 'board id'],
    ['/api/leaders?board=arena-tset', 404, 'did you mean "arena-test"'],
    ['/api/leaders?board=arena-test&at=2024-12-31', 404, 'no snapshot on or before 2024-12-31'],
    ['/api/leaders/best?board=arena-test&top=5', 400, 'top'],
    ['/api/boards?board=arena-test', 400, 'board'],
  ])('%s → %i', async (path, status, message) => {
    const r = await call(app, path);
    expect(r.status).toBe(status);
    expect(r.json.error.message).toContain(message);
  });

  it('omo leaders --json prints exactly what the API returns', async () => {
    const env = { OMO_DATABASE_URL: url, OMO_CATALOG: catalogDir };
    for (const [args, path] of [
      [
        ['--board', 'arena-test', '--top', '3', '--group', 'org'],
        '/api/leaders?board=arena-test&top=3&group=org',
      ],
      [
        ['--board', 'arena-test', '--open', '--at', '2025-01-10'],
        '/api/leaders?board=arena-test&open=true&at=2025-01-10',
      ],
      [['--board', 'arena-test', '--over', 'time'], '/api/leaders?board=arena-test&over=time'],
      [['--board', 'arena-test', '--best'], '/api/leaders/best?board=arena-test'],
      [[], '/api/boards'],
    ] as const) {
      const cli = await runOmoInProcess(['leaders', ...args, '--json'], env);
      expect(cli.stderr, args.join(' ')).toBe('');
      expect(JSON.parse(cli.stdout), args.join(' ')).toEqual((await call(app, path)).json);
    }
  });

  it('omo leaders prints the shares, what resolved and what did not', async () => {
    const env = { OMO_DATABASE_URL: url, OMO_CATALOG: catalogDir };
    const r = await runOmoInProcess(['leaders', '--board', 'arena-test', '--at', '2025-01-10'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('arena-test on 2025-01-10: the top 100 by country (January test table');
    expect(r.stdout).toMatch(/^CN\s+3\s+50\.0%$/m);
    expect(r.stdout).toMatch(/^US\s+2\s+33\.3%$/m);
    expect(r.stdout).toMatch(/^\(unknown\)\s+1\s+16\.7%$/m);
    expect(r.stdout).toContain('4 of 6 resolved to a catalog model, 5 to a maker');
    expect(r.stdout).toMatch(/^5\s+mystery-model\s+-\s+Nobody Labs\s+board-licence$/m);
    const bad = await runOmoInProcess(['leaders', '--board', 'arena-test', '--top', 'many'], env);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--top must be a whole number');
  });
});
