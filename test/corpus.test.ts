import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ServerType, serve } from '@hono/node-server';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/api/app.ts';
import { answerClientErrors } from '../src/api/client-errors.ts';
import { allowedHostsFor } from '../src/api/host-check.ts';
import type { Deps } from '../src/store/deps.ts';
import { catalogCopy, MINI_CATALOG } from './helpers/catalog-fixture.ts';
import { dumpTables } from './helpers/dump-tables.ts';
import { rawExchange } from './helpers/http.ts';
import { miniStoreWithHub } from './helpers/mini-store.ts';
import { runOmoInProcess } from './helpers/run-omo-in-process.ts';
import { storeTargets } from './helpers/targets.ts';

// The bad-input corpus (test/corpus/cases.json, described in test/corpus/README.md): every case is sent to the API or
// run through the CLI against a store holding the mini catalog and a Hub snapshot, on each engine. A case passes when
// it gets its expected status and error code (API) or exit code and message (CLI), no stack trace, and the store is
// exactly as it was: every catalog and Hub table's rows (the catalog hash and the snapshots' content hashes among
// them) and, on SQLite, `PRAGMA quick_check`.

const CORPUS = fileURLToPath(new URL('./corpus/', import.meta.url));
const ACCOUNTS = fileURLToPath(new URL('./fixtures/hub/accounts.csv', import.meta.url));

interface Case {
  id: string;
  category: string;
  why: string;
  /** An API request, answered in-process. */
  request?: {
    method?: string;
    path: string;
    headers?: Record<string, string>;
    body?: string;
    bodyFile?: string;
  };
  /** Raw bytes for a real socket (what Node's HTTP parser refuses never reaches the app). */
  socket?: string;
  /** A CLI run: `{file}` is the case's file, `{corpus}` this folder; `--db` is added. */
  run?: string[];
  /** The case's file, relative to test/corpus/. */
  file?: string;
  /** For catalog cases: where the file goes in a copy of the mini catalog (run with `--catalog` on that copy). */
  at?: string;
  /** Environment for a CLI run. */
  env?: Record<string, string>;
  expect: { status?: number; code?: string; exit?: number; message?: string; stdout?: string };
}

const { cases } = JSON.parse(readFileSync(path.join(CORPUS, 'cases.json'), 'utf8')) as { cases: Case[] };

/** `{repeat:TEXT:N}` stands for TEXT N times, so over-long values stay readable in the manifest. */
function expand(text: string): string {
  return text.replace(/\{repeat:([^:}]*):(\d+)\}/g, (_, unit: string, n: string) => unit.repeat(Number(n)));
}

/** What a case got: the API's status and error code, or the CLI's exit code and first line of standard error. */
interface Outcome {
  status?: number;
  code?: string;
  exit?: number | null;
  message?: string;
  stdout?: string;
  /** The whole error text, searched for a stack trace. */
  text: string;
}

async function ask(app: ReturnType<typeof createApp>, port: number, c: Case): Promise<Outcome> {
  if (c.socket !== undefined) {
    const res = await rawExchange(port, expand(c.socket));
    return { status: res.status, code: jsonCode(res.body), text: res.body };
  }
  const r = c.request as NonNullable<Case['request']>;
  const body =
    r.bodyFile !== undefined ? readFileSync(path.join(CORPUS, r.bodyFile)) : r.body && expand(r.body);
  const res = await app.request(expand(r.path), {
    method: r.method ?? 'GET',
    headers: r.headers ?? {},
    ...(body !== undefined ? { body } : {}),
  });
  const text = await res.text();
  return { status: res.status, code: jsonCode(text), text };
}

function jsonCode(text: string): string | undefined {
  try {
    return JSON.parse(text)?.error?.code;
  } catch {
    return undefined;
  }
}

async function runCli(url: string, c: Case): Promise<Outcome> {
  const file = c.file !== undefined ? path.join(CORPUS, c.file) : '';
  const args = (c.run as string[]).map((a) => a.replace('{file}', file).replace('{corpus}', CORPUS));
  let catalog: ReturnType<typeof catalogCopy> | null = null;
  if (c.at !== undefined) {
    catalog = catalogCopy();
    const target = path.join(catalog.dir, c.at);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, readFileSync(file));
  }
  try {
    // Dumps are read on this thread (a worker's start-up costs a second a case); cases with `env` use the worker.
    const r = await runOmoInProcess([...args, '--db', url, '--catalog', catalog?.dir ?? MINI_CATALOG], {
      OMO_HUB_WORKER: '0',
      ...c.env,
    });
    // Messages name the case's file relative to test/corpus/, so the manifest holds no machine's paths.
    const relative = (text: string) => text.replaceAll(CORPUS, '');
    return {
      exit: r.code,
      message: relative(r.stderr),
      stdout: relative(r.stdout),
      text: r.stderr + r.stdout,
    };
  } finally {
    catalog?.cleanup();
  }
}

/** Everything a bad input must leave as it was. */
async function fingerprint(deps: Deps): Promise<Record<string, string>> {
  const db = deps.store.db;
  const out = await dumpTables(db);
  for (const table of [
    'hub_snapshots',
    'hub_models',
    'hub_authors',
    'hub_missing',
    'hub_top',
    'hub_trend',
    'hub_accounts',
    'hub_sync',
    'boards',
    'board_snapshots',
    'board_rows',
  ]) {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db);
    out[table] = JSON.stringify(rows.map((r) => JSON.stringify(r)).sort());
  }
  if (deps.store.dialect === 'sqlite') {
    const { rows } = await sql<{ quick_check: string }>`pragma quick_check`.execute(db);
    out.quick_check = rows.map((r) => r.quick_check).join();
  }
  return out;
}

describe.each(storeTargets)('the bad-input corpus on $name', (target) => {
  let deps: Deps;
  let url: string;
  let close: () => Promise<void>;
  let app: ReturnType<typeof createApp>;
  let server: ServerType;
  let port: number;
  let before: Record<string, string>;

  beforeAll(async () => {
    ({ deps, url, close } = await miniStoreWithHub(target));
    app = createApp(deps, { responseCache: false, allowedHosts: allowedHostsFor('127.0.0.1') });
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    answerClientErrors(server);
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    port = (server.address() as AddressInfo).port;
    before = await fingerprint(deps);
    expect(before.hub_snapshots).toContain('models-2025-08.jsonl');
    expect(before.meta).toContain('catalog_hash');
    expect(before.board_rows).toContain('deepseek-r1-0528');
    if (target.name === 'sqlite') expect(before.quick_check).toBe('ok');
  }, 60_000);
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await close();
  });

  it.each(cases)('$category $id', async (c) => {
    const got = c.run ? await runCli(url, c) : await ask(app, port, c);
    const wanted = c.expect;
    const summary = {
      status: got.status,
      code: got.code,
      exit: got.exit,
      message: got.message?.split('\n').find((l) => l.startsWith('omo:') || l.startsWith('catalog has')),
      stderr: got.message?.slice(0, 400),
      stdout: got.stdout?.slice(0, 200),
    };
    if (wanted.status !== undefined) expect(got.status, JSON.stringify(summary)).toBe(wanted.status);
    if (wanted.code !== undefined) expect(got.code, JSON.stringify(summary)).toBe(wanted.code);
    if (wanted.exit !== undefined) expect(got.exit, JSON.stringify(summary)).toBe(wanted.exit);
    if (wanted.message !== undefined) expect(got.message, JSON.stringify(summary)).toContain(wanted.message);
    if (wanted.stdout !== undefined) expect(got.stdout, JSON.stringify(summary)).toContain(wanted.stdout);
    expect(Object.keys(wanted).length, `no expectation: ${JSON.stringify(summary)}`).toBeGreaterThan(0);
    expect(got.text).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
    expect(await fingerprint(deps)).toEqual(before);
  });

  it('notices a store that changed (run last: the check above can fail)', async () => {
    const r = await runOmoInProcess(['ingest', 'accounts', ACCOUNTS, '--db', url, '--catalog', MINI_CATALOG]);
    expect(r.code, r.stderr).toBe(0);
    const after = await fingerprint(deps);
    expect(after.hub_accounts).not.toBe(before.hub_accounts);
    expect({ ...after, hub_accounts: before.hub_accounts }).toEqual(before);
  });
});
