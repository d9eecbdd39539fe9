/**
 * Hub benchmark: ingest a synthetic dump of HUB_BENCH_MODELS (default 1,000,000) models into a fresh SQLite store and
 * answer the three questions — rank (top 100 by downloads, by the root model's country), lineage (derivative counts
 * of the most-derived root) and trend (new derivatives per month by the root's country) — then do the same in DuckDB
 * (load the same file with read_json, answer with SQL and recursive CTEs) as the baseline, in the same run: once in
 * memory (the issue's baseline) and once into a database file, checkpointed, since omo's ingest is durable too.
 * With OMO_BENCH_DATABASE_URL (a PostgreSQL server URL) omo also ingests into a fresh database on that server.
 *
 * Each side runs in its own child process (so peak RSS is its own), HUB_BENCH_RUNS times (default 3); every
 * question is asked 9 times per run. Printed: medians, the ratios omo/DuckDB of "load + three answers", peak RSS,
 * whether the answers agree, and the targets (ratio ≤ 1.0, RSS ≤ 1 GB, rank and lineage ≤ 50 ms each).
 *
 * Run: npm run bench hub   (the dump is generated once and kept in $TMPDIR/omo-hub-bench)
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateHubDump } from './hub-generate.ts';

const HERE = fileURLToPath(import.meta.url);
const MODELS = Number(process.env.HUB_BENCH_MODELS ?? 1_000_000);
const RUNS = Number(process.env.HUB_BENCH_RUNS ?? 3);
const ASKS = 9;
const DIR = process.env.HUB_BENCH_DIR ?? path.join(os.tmpdir(), 'omo-hub-bench');

interface SideResult {
  loadMs: number;
  rankMs: number[];
  lineageMs: number[];
  trendMs: number[];
  maxRssMb: number;
  /** Peak RSS when the load finished (omo: the ingest alone). */
  ingestRssMb?: number;
  answers: { rank: unknown; lineage: unknown; trendTotal: number; trendPeriods: number };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
};

/** Times `fn` ASKS times. */
async function asks(fn: () => Promise<unknown>): Promise<{ ms: number[]; last: unknown }> {
  const ms: number[] = [];
  let last: unknown;
  for (let i = 0; i < ASKS; i++) {
    const t = performance.now();
    last = await fn();
    ms.push(performance.now() - t);
  }
  return { ms, last };
}

async function runOurs(
  file: string,
  accounts: string,
  root: string,
  serverUrl?: string,
): Promise<SideResult> {
  const { createDeps, ensureCatalog } = await import('../src/store/deps.ts');
  const { ingestHub } = await import('../src/store/hub-ingest.ts');
  const { parseAccountsCsv } = await import('../src/cli/commands/ingest.ts');
  const { readFileSync } = await import('node:fs');
  const dbFile = path.join(DIR, `ours-${process.pid}.sqlite`);
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${dbFile}${suffix}`, { force: true });
  const { createPostgresDatabase } = await import('../test/helpers/postgres-database.ts');
  const postgres = serverUrl ? await createPostgresDatabase(serverUrl, 'omo_bench') : null;
  const deps = createDeps({ url: postgres?.url ?? dbFile });
  await ensureCatalog(deps); // the catalog is part of the store's setup, not of the timed load
  await deps.hub.upsertAccounts(parseAccountsCsv(readFileSync(accounts, 'utf8'), accounts));
  const t0 = performance.now();
  await ingestHub(deps.store, { input: file, at: new Date('2026-07-01T00:00:00Z') });
  const loadMs = performance.now() - t0;
  const ingestRssMb = process.resourceUsage().maxRSS / 1024;
  const rank = await asks(() =>
    deps.hub.rank({ by: 'downloads', top: 100, group: 'country', attribution: 'root' }),
  );
  const lineage = await asks(() => deps.hub.lineage(root, { depth: 0 }));
  const trend = await asks(() =>
    deps.hub.trend({ by: 'new-derivatives', group: 'country', interval: 'month', attribution: 'root' }),
  );
  await deps.store.close();
  await postgres?.drop();
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${dbFile}${suffix}`, { force: true });
  const points = trend.last as { period: string; count: number }[];
  const l = lineage.last as { derivatives: unknown; maxDepth: number };
  return {
    loadMs,
    rankMs: rank.ms,
    lineageMs: lineage.ms,
    trendMs: trend.ms,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    ingestRssMb,
    answers: {
      rank: rank.last,
      lineage: { ...(l.derivatives as object), maxDepth: l.maxDepth },
      trendTotal: points.reduce((s, p) => s + p.count, 0),
      trendPeriods: new Set(points.map((p) => p.period)).size,
    },
  };
}

async function runDuck(file: string, accounts: string, root: string, onDisk: boolean): Promise<SideResult> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const dbFile = path.join(DIR, `duck-${process.pid}.duckdb`);
  for (const suffix of ['', '.wal']) rmSync(`${dbFile}${suffix}`, { force: true });
  const t0 = performance.now();
  const instance = await DuckDBInstance.create(onDisk ? dbFile : ':memory:');
  const c = await instance.connect();
  const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
  // The same fields omo reads; parents in card order, each edge's relation from the Hub's base_model tags.
  await c.run(`create table m as select lower(id) as key, id, lower(coalesce(author, split_part(id, '/', 1))) as author,
      createdAt, downloads, downloadsAllTime, likes, tags,
      case when json_type(json_extract(cardData, '$.base_model')) = 'ARRAY'
           then from_json(json_extract(cardData, '$.base_model'), '["VARCHAR"]')
           when json_extract(cardData, '$.base_model') is null then []::varchar[]
           else [json_extract_string(cardData, '$.base_model')] end as bases
    from read_json(${lit(file)}, format = 'newline_delimited', columns = {id: 'VARCHAR', author: 'VARCHAR',
      createdAt: 'TIMESTAMP', downloads: 'BIGINT', downloadsAllTime: 'BIGINT', likes: 'BIGINT', tags: 'VARCHAR[]',
      cardData: 'JSON'})`);
  await c.run(`create table e as
    select m.key as child, lower(b.parent) as parent, b.pos,
      coalesce((select split_part(t, ':', 2) from unnest(m.tags) as u(t)
                where lower(t) like 'base_model:%:' || lower(b.parent) limit 1), 'finetune') as relation
    from m, unnest(m.bases) with ordinality as b(parent, pos)
    where lower(b.parent) <> m.key`);
  await c.run(
    `create table acc as select lower(account) as account, country from read_csv(${lit(accounts)}, header = true)`,
  );
  if (onDisk) await c.run('checkpoint'); // durable in the database file, as omo's committed snapshot is
  const loadMs = performance.now() - t0;

  const rank = await asks(async () =>
    (
      await c.runAndReadAll(`with recursive top as (select key from m order by downloads desc, key limit 100),
        walk(start, cur, steps) as (
          select key, key, 0 from top
          union all
          select w.start, e.parent, w.steps + 1 from walk w join e on e.child = w.cur and e.pos = 1 where w.steps < 64),
        roots as (select start, arg_max(cur, steps) as root from walk group by start)
        select a.country as grp, count(*)::int as n from roots left join acc a on a.account = split_part(roots.root, '/', 1)
        group by 1 order by 2 desc, 1 nulls last`)
    ).getRowObjects(),
  );
  const lineage = await asks(async () =>
    (
      await c.runAndReadAll(`with recursive d(key, lvl) as (
          select ${lit(root.toLowerCase())}, 0
          union
          select e.child, d.lvl + 1 from d join e on e.parent = d.key where d.lvl < 64),
        firsts as (select key, min(lvl) as lvl from d where key <> ${lit(root.toLowerCase())} group by key)
        select count(*)::int as total,
          count(*) filter (where r.relation = 'finetune')::int as finetune,
          count(*) filter (where r.relation = 'adapter')::int as adapter,
          count(*) filter (where r.relation = 'quantized')::int as quantized,
          count(*) filter (where r.relation = 'merge')::int as merge,
          max(lvl)::int as maxDepth
        from firsts f join e r on r.child = f.key and r.pos = 1`)
    ).getRowObjects(),
  );
  const trend = await asks(async () =>
    (
      await c.runAndReadAll(`with recursive walk(start, cur, steps) as (
          select child, child, 0 from e where pos = 1
          union all
          select w.start, e.parent, w.steps + 1 from walk w join e on e.child = w.cur and e.pos = 1 where w.steps < 64),
        roots as (select start, arg_max(cur, steps) as root from walk group by start)
        select strftime(m.createdAt, '%Y-%m') as period, a.country as grp, count(*)::int as n
        from roots join m on m.key = roots.start left join acc a on a.account = split_part(roots.root, '/', 1)
        where m.createdAt is not null
        group by 1, 2 order by 1, 3 desc`)
    ).getRowObjects(),
  );
  const points = trend.last as { period: string; n: number }[];
  const [l] = lineage.last as Record<string, number>[];
  for (const suffix of ['', '.wal']) rmSync(`${dbFile}${suffix}`, { force: true });
  return {
    loadMs,
    rankMs: rank.ms,
    lineageMs: lineage.ms,
    trendMs: trend.ms,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    answers: {
      rank: (rank.last as { grp: string | null; n: number }[]).map((r) => ({ group: r.grp, count: r.n })),
      lineage: l,
      trendTotal: points.reduce((s, p) => s + Number(p.n), 0),
      trendPeriods: new Set(points.map((p) => p.period)).size,
    },
  };
}

type Side = 'ours' | 'ours-postgres' | 'duckdb' | 'duckdb-file';

function child(side: Side, file: string, accounts: string, root: string): Promise<SideResult> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', HERE, '--child', side, file, accounts, root], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    p.stdout.on('data', (d) => {
      out += d;
    });
    p.on('error', reject);
    p.on('close', (code) => {
      if (code !== 0) reject(new Error(`${side} run exited with ${code}`));
      else resolve(JSON.parse(out.slice(out.lastIndexOf('\n{') + 1)) as SideResult);
    });
  });
}

export async function runHubBench(): Promise<void> {
  mkdirSync(DIR, { recursive: true });
  const file = path.join(DIR, `hub-${MODELS}.jsonl`);
  const accountsFile = path.join(DIR, `hub-${MODELS}-accounts.csv`);
  const meta = path.join(DIR, `hub-${MODELS}.json`);
  if (!existsSync(file) || !existsSync(meta)) {
    const t = performance.now();
    const g = await generateHubDump({ models: MODELS, file, accountsFile });
    writeFileSync(meta, JSON.stringify(g));
    console.log(
      `generated ${MODELS.toLocaleString('en-US')} models (${(g.bytes / 1e6).toFixed(0)} MB) in ${((performance.now() - t) / 1000).toFixed(1)} s: ${file}`,
    );
  }
  const { biggestRoot, bytes } = JSON.parse((await import('node:fs')).readFileSync(meta, 'utf8')) as {
    biggestRoot: string;
    bytes: number;
  };
  // DuckDB attributes through the same table omo uses: the analysts' CSV plus the catalog's Hub accounts.
  const { loadCatalog } = await import('../src/catalog/load-catalog.ts');
  const { BUNDLED_CATALOG } = await import('../src/store/deps.ts');
  const { readFileSync } = await import('node:fs');
  const catalog = loadCatalog(BUNDLED_CATALOG);
  const allAccounts = path.join(DIR, `hub-${MODELS}-all-accounts.csv`);
  writeFileSync(
    allAccounts,
    `${readFileSync(accountsFile, 'utf8').trimEnd()}\n${catalog.organizations
      .flatMap((o) => o.huggingFace.map((a) => `${a},${o.id},${o.country}`))
      .join('\n')}\n`,
  );

  const sides: { side: Side; name: string; accounts: string }[] = [
    { side: 'ours', name: 'omo (SQLite)', accounts: accountsFile },
    ...(process.env.OMO_BENCH_DATABASE_URL
      ? [{ side: 'ours-postgres' as const, name: 'omo (PostgreSQL)', accounts: accountsFile }]
      : []),
    { side: 'duckdb', name: 'DuckDB 1.5, in memory', accounts: allAccounts },
    { side: 'duckdb-file', name: 'DuckDB 1.5, database file', accounts: allAccounts },
  ];
  const results = new Map<Side, SideResult[]>(sides.map((s) => [s.side, []]));
  for (let r = 0; r < RUNS; r++)
    for (const s of sides) results.get(s.side)?.push(await child(s.side, file, s.accounts, biggestRoot));

  const med = (xs: SideResult[], f: (s: SideResult) => number) => median(xs.map(f));
  const row = (name: string, xs: SideResult[]) => {
    const load = med(xs, (s) => s.loadMs);
    const rank = median(xs.flatMap((s) => s.rankMs));
    const lineage = median(xs.flatMap((s) => s.lineageMs));
    const trend = median(xs.flatMap((s) => s.trendMs));
    return {
      name,
      load,
      rank,
      lineage,
      trend,
      total: load + rank + lineage + trend,
      rss: med(xs, (s) => s.maxRssMb),
    };
  };
  const rows = sides.map((s) => row(s.name, results.get(s.side) ?? []));
  const [ours] = rows;
  const memory = rows.find((r) => r.name.includes('in memory'));
  const onDisk = rows.find((r) => r.name.includes('database file'));
  if (!ours || !memory || !onDisk) return;
  const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);
  console.log(
    `\n${MODELS.toLocaleString('en-US')} models, ${(bytes / 1e6).toFixed(0)} MB of JSON Lines; ${RUNS} runs, each question asked ${ASKS} times per run; medians; ${os.cpus().length} CPUs\n`,
  );
  console.log(
    '| | load / ingest | rank (top 100, root country) | lineage (biggest root) | trend (monthly, root country) | load + 3 answers | peak RSS |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows)
    console.log(
      `| ${r.name} | ${fmt(r.load)} | ${fmt(r.rank)} | ${fmt(r.lineage)} | ${fmt(r.trend)} | ${fmt(r.total)} | ${r.rss.toFixed(0)} MB |`,
    );
  const ratioRow = (base: typeof ours) =>
    `| omo (SQLite) / ${base.name} | ${(ours.load / base.load).toFixed(2)} | ${(ours.rank / base.rank).toFixed(2)} | ${(ours.lineage / base.lineage).toFixed(2)} | ${(ours.trend / base.trend).toFixed(2)} | **${(ours.total / base.total).toFixed(2)}** | |`;
  console.log(ratioRow(memory));
  console.log(ratioRow(onDisk));

  const oa = results.get('ours')?.[0]?.answers;
  // Ranks compared as [group, count] (omo's answers also carry the share).
  const groups = (rank: unknown) =>
    JSON.stringify(
      ((rank ?? []) as { group: string | null; count: number }[]).map((g) => [g.group, g.count]),
    );
  const compare = (name: string, other: SideResult['answers'] | undefined) => {
    const agree = {
      rank: groups(oa?.rank) === groups(other?.rank),
      lineage: JSON.stringify(oa?.lineage) === JSON.stringify(other?.lineage),
      trend: oa?.trendTotal === other?.trendTotal && oa?.trendPeriods === other?.trendPeriods,
    };
    console.log(
      `answers agree with ${name}: rank ${agree.rank ? 'yes' : 'NO'}, lineage ${agree.lineage ? 'yes' : 'NO'}, trend ${agree.trend ? 'yes' : 'NO'}`,
    );
    if (!agree.lineage)
      console.log(
        `  lineage of ${biggestRoot}: omo ${JSON.stringify(oa?.lineage)}, ${name} ${JSON.stringify(other?.lineage)}`,
      );
    if (!agree.rank)
      console.log(`  rank: omo ${JSON.stringify(oa?.rank)}\n        ${name} ${JSON.stringify(other?.rank)}`);
    if (!agree.trend)
      console.log(
        `  trend totals: omo ${oa?.trendTotal} in ${oa?.trendPeriods} months, ${name} ${other?.trendTotal} in ${other?.trendPeriods}`,
      );
  };
  console.log('');
  compare('DuckDB', results.get('duckdb')?.[0]?.answers);
  const pgAnswers = results.get('ours-postgres')?.[0]?.answers;
  if (pgAnswers) compare('omo on PostgreSQL', pgAnswers);
  const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
  const vsMemory = ours.total / memory.total;
  const vsDisk = ours.total / onDisk.total;
  console.log(
    `targets: ratio ≤ 1.0 — against DuckDB in memory ${verdict(vsMemory <= 1)} (${vsMemory.toFixed(2)}), against a DuckDB database file ${verdict(vsDisk <= 1)} (${vsDisk.toFixed(2)}); peak RSS ≤ 1 GB ${verdict(ours.rss <= 1024)} (${ours.rss.toFixed(0)} MB); rank ≤ 50 ms ${verdict(ours.rank <= 50)}; lineage ≤ 50 ms ${verdict(ours.lineage <= 50)}`,
  );
}

if (process.argv[2] === '--child') {
  const [, , , side, file = '', accounts = '', root = ''] = process.argv;
  const result =
    side === 'duckdb' || side === 'duckdb-file'
      ? await runDuck(file, accounts, root, side === 'duckdb-file')
      : await runOurs(
          file,
          accounts,
          root,
          side === 'ours-postgres' ? process.env.OMO_BENCH_DATABASE_URL : undefined,
        );
  process.stdout.write(`\n${JSON.stringify(result)}\n`);
} else if (HERE === process.argv[1]) {
  await runHubBench();
}
