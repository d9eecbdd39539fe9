import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/api/app.ts';
import { buildProgram, main } from '../src/cli/main.ts';
import { BUNDLED_CATALOG, createDeps, type Deps, ensureCatalog } from '../src/store/deps.ts';
import { MINI_CATALOG } from './helpers/catalog-fixture.ts';
import { call } from './helpers/http.ts';
import { runOmo } from './helpers/run-omo.ts';
import { storeTargets } from './helpers/targets.ts';

// The CLI's commands in-process: main(argv) with standard output and error captured. Only the port-in-use message is
// tested on a real process, since what it checks is what the process prints and how it exits.

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `omo <argv>` in this process and returns its exit code and what it wrote. */
async function omo(argv: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const stdoutWrite = process.stdout.write;
  const stderrWrite = process.stderr.write;
  const capture = (into: string[]) =>
    ((chunk: string | Uint8Array) => {
      into.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString());
      return true;
    }) as typeof process.stdout.write;
  process.stdout.write = capture(out);
  process.stderr.write = capture(err);
  const exitCode = process.exitCode;
  try {
    const code = await main(argv);
    return { code: code || Number(process.exitCode ?? 0), stdout: out.join(''), stderr: err.join('') };
  } finally {
    process.stdout.write = stdoutWrite;
    process.stderr.write = stderrWrite;
    process.exitCode = exitCode;
  }
}

describe('lookups on the bundled catalog suggest the closest names', () => {
  let dir: string;
  let db: string;
  let deps: Deps;
  const show = (name: string) => omo(['--db', db, '--catalog', BUNDLED_CATALOG, 'show', name]);

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'omo-cli-bundled-'));
    db = path.join(dir, 'omo.sqlite');
    deps = createDeps({ url: db, catalogDir: BUNDLED_CATALOG });
    await ensureCatalog(deps);
  });
  afterAll(async () => {
    await deps.store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('`omo show Kimi` names what was not found and suggests Kimi models (exit 1)', async () => {
    const r = await show('Kimi');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('no model "Kimi" in the catalog');
    const searched = JSON.parse(
      (await omo(['--db', db, '--catalog', BUNDLED_CATALOG, 'models', '-q', 'Kimi', '--json'])).stdout,
    );
    expect(searched.rows.length).toBeGreaterThan(0);
    // The suggestions are Kimi models, as many as the list of suggestions holds (five).
    const suggested = [...(r.stderr.match(/did you mean (.*)\?\)/)?.[1] ?? '').matchAll(/"([^"]+)"/g)].map(
      (m) => m[1],
    );
    expect(suggested.length).toBe(Math.min(5, searched.rows.length));
    const ids = searched.rows.map((row: { id: string }) => row.id);
    for (const id of suggested) expect(ids).toContain(id);
  });

  it('`omo show 文心` suggests the ERNIE models by their Chinese aliases', async () => {
    const r = await show('文心');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no model "文心".*did you mean "baidu\/ERNIE-[^"]+"/i);
    expect(r.stderr).toContain('"文心" names the organisation baidu');
  });

  it('`omo show deepsek-r1` suggests DeepSeek-R1 first', async () => {
    const r = await show('deepsek-r1');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no model "deepsek-r1"');
    expect(r.stderr).toContain('(did you mean "deepseek-ai/DeepSeek-R1"');
  });

  it("the API's 404 for /api/models/{id} carries the same suggestions", async () => {
    const res = await call(createApp(deps), '/api/models/deepsek-r1');
    expect(res.status).toBe(404);
    expect(res.json.error.message).toContain('did you mean "deepseek-ai/DeepSeek-R1"');
    expect(res.json.error.details.suggestions[0]).toBe('deepseek-ai/DeepSeek-R1');
  });

  it('organisations are found by native-script name and alias, with suggestions for a typo', async () => {
    for (const name of ['文心', '百度', 'BAIDU', 'Baidu ERNIE']) {
      const r = await omo(['--db', db, '--catalog', BUNDLED_CATALOG, 'orgs', name, '--json']);
      expect(r.code, `${name}: ${r.stderr}`).toBe(0);
      expect(JSON.parse(r.stdout).id).toBe('baidu');
    }
    const typo = await omo(['--db', db, '--catalog', BUNDLED_CATALOG, 'orgs', 'deepsek']);
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain('no organisation "deepsek" in the catalog');
    expect(typo.stderr).toContain('did you mean "deepseek"');
  });
});

describe.each(storeTargets)('omo commands for the API questions on $name', (target) => {
  let url: string;
  let drop: () => Promise<void>;
  let deps: Deps;
  let api: ReturnType<typeof createApp>;
  const run = (args: string[]) => omo(['--db', url, '--catalog', MINI_CATALOG, ...args]);

  beforeAll(async () => {
    ({ url, drop } = await target.create());
    deps = createDeps({ url, catalogDir: MINI_CATALOG });
    await ensureCatalog(deps);
    api = createApp(deps, { responseCache: false });
  });
  afterAll(async () => {
    await deps.store.close();
    await drop();
  });

  it('`compare --json` is GET /api/compare; the table shows ratios against the first model', async () => {
    const r = await run(['compare', 'dragon-moe', 'acme-7b', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const expected = await call(api, '/api/compare?ids=dragon-moe,acme-7b');
    expect(expected.status).toBe(200);
    expect(JSON.parse(r.stdout)).toEqual(expected.json);
    const table = await run(['compare', 'dragon-moe', 'acme-7b']);
    expect(table.stdout).toMatch(/dragon-lab\/Dragon-MoE-200B-A20B .* 100\.0%/);
    expect(table.stdout).toContain('weights in memory');
    const one = await run(['compare', 'dragon-moe']);
    expect(one.code).toBe(2);
    expect(one.stderr).toContain('compare takes 2 to 8 models; got 1');
    const missing = await run(['compare', 'dragon-moe', 'dragon-mo']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no model "dragon-mo"');
  });

  it('`timeline --json` is GET /api/timeline with the same filters; the table sums each period', async () => {
    const r = await run(['timeline', '--interval', 'year', '--group', 'org', '--country', 'cn', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const expected = await call(api, '/api/timeline?interval=year&group=org&country=CN');
    expect(JSON.parse(r.stdout)).toEqual(expected.json);
    expect(expected.json.rows.length).toBeGreaterThan(0);
    const table = await run(['timeline', '--interval', 'year', '--group', 'none']);
    const all = (await call(api, '/api/timeline?interval=year&group=none')).json;
    for (const row of all.rows)
      expect(table.stdout).toMatch(new RegExp(`^${row.period} +${row.count}$`, 'm'));
    // commander refuses the value: a usage error, exit 2.
    const bad = await run(['timeline', '--interval', 'week']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("option '--interval <i>' argument 'week' is invalid");
  });

  it('`frontier --json` is GET /api/frontier; `benchmarks --json` is GET /api/benchmarks', async () => {
    const benchmarks = await run(['benchmarks', '--json']);
    expect(benchmarks.code, benchmarks.stderr).toBe(0);
    const listed = (await call(api, '/api/benchmarks')).json;
    expect(JSON.parse(benchmarks.stdout)).toEqual(listed);
    const name: string = listed.rows[0].benchmark;
    const r = await run(['frontier', '--benchmark', name, '--x', 'total', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const expected = await call(api, `/api/frontier?benchmark=${encodeURIComponent(name)}&x=total`);
    expect(JSON.parse(r.stdout)).toEqual(expected.json);
    expect(expected.json.points.length).toBeGreaterThan(0);
    const table = await run(['frontier', '--benchmark', name]);
    for (const id of (await call(api, `/api/frontier?benchmark=${encodeURIComponent(name)}`)).json.frontier)
      expect(table.stdout).toMatch(new RegExp(`^\\* +${id.replace(/[.]/g, '\\.')} `, 'm'));
    const anyCase = await run(['frontier', '--benchmark', name.toLowerCase(), '--x', 'total', '--json']);
    expect(JSON.parse(anyCase.stdout)).toEqual(expected.json);
    const missing = await run(['frontier']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("required option '--benchmark <name>' not specified");
  });

  it('`licenses` lists each licence with its class and number of models', async () => {
    const r = await run(['licenses', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const { rows } = JSON.parse(r.stdout) as { rows: { id: string; class: string; models: number }[] };
    const models = (await call(api, '/api/models?kind=model&limit=1&facet=license')).json;
    const counts = Object.fromEntries(
      (models.facets.license as { value: string; count: number }[]).map((f) => [f.value, f.count]),
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.models, row.id).toBe(counts[row.id] ?? 0);
    // --json prints what GET /api/licenses answers; its CSV has one line per licence.
    expect(JSON.parse(r.stdout)).toEqual((await call(api, '/api/licenses')).json);
    const csv = await api.request('/api/licenses?format=csv');
    expect((await csv.text()).trim().split('\n')).toHaveLength(rows.length + 1);
    const table = await run(['licenses']);
    expect(table.stdout).toMatch(
      new RegExp(`^${rows[0]?.id} .* ${rows[0]?.class} +${rows[0]?.models}$`, 'm'),
    );
  });

  it('`orgs` finds an organisation by name, native-script name or alias, and GET /api/orgs/{id} too', async () => {
    for (const [name, id] of [
      ['Dragon Lab', 'dragon-lab'],
      ['龙实验室', 'dragon-lab'],
      ['Acme AI', 'acme'],
      ['ACME-AI', 'acme'],
    ]) {
      const r = await run(['orgs', name ?? '', '--json']);
      expect(r.code, `${name}: ${r.stderr}`).toBe(0);
      expect(JSON.parse(r.stdout).id).toBe(id);
      expect((await call(api, `/api/orgs/${encodeURIComponent(name ?? '')}`)).json.id).toBe(id);
    }
    const res = await call(api, '/api/orgs/dragon-lap');
    expect(res.status).toBe(404);
    expect(res.json.error.details.suggestions).toEqual(['dragon-lab']);
  });
});

describe('a store path that does not exist', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'omo-cli-db-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is an error naming the path, and no store is created, unless `omo db migrate` creates it', async () => {
    const file = path.join(dir, 'no', 'such', 'omo.sqlite');
    for (const args of [['models'], ['show', 'dragon-moe'], ['catalog', 'load']]) {
      const r = await omo(['--db', file, '--catalog', MINI_CATALOG, ...args]);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr).toBe(
        `omo: no SQLite store at ${file}; \`omo db migrate --db ${file}\` creates one there\n`,
      );
    }
    expect(existsSync(path.join(dir, 'no'))).toBe(false);
    const migrated = await omo(['db', 'migrate', '--db', file]);
    expect(migrated.code, migrated.stderr).toBe(0);
    expect(existsSync(file)).toBe(true);
    const r = await omo(['--db', file, '--catalog', MINI_CATALOG, 'show', 'dragon-moe', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).id).toBe('dragon-lab/Dragon-MoE-200B-A20B');
  });
});

describe('omo serve on a port in use', () => {
  let holder: Server;
  let home: string;
  beforeAll(async () => {
    home = mkdtempSync(path.join(os.tmpdir(), 'omo-cli-port-'));
    holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => holder.close(resolve));
    rmSync(home, { recursive: true, force: true });
  });

  it('says which port is taken and exits 1, without a stack trace', async () => {
    const { port } = holder.address() as { port: number };
    const r = await runOmo(['serve', '--port', String(port)], { OMO_HOME: home, OMO_CATALOG: MINI_CATALOG });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`omo: port ${port} on 127.0.0.1 is in use`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('omo completion', () => {
  /** Every command path (`catalog check`) with its flags' long and short names. */
  function commands(cmd: Command, prefix: string[] = []): { path: string[]; flags: string[] }[] {
    return cmd.commands.flatMap((c) => {
      const path = [...prefix, c.name()];
      const flags = c.options.flatMap((o) => [o.long, o.short].filter((n): n is string => !!n));
      return [{ path, flags }, ...commands(c, path)];
    });
  }
  let tree: { path: string[]; flags: string[] }[] = [];
  beforeAll(async () => {
    tree = commands(await buildProgram());
  });

  it.each(['bash', 'zsh', 'fish'])('the %s script names every command and flag', async (shell) => {
    const r = await omo(['completion', shell]);
    expect(r.code, r.stderr).toBe(0);
    for (const c of tree) {
      expect(r.stdout, c.path.join(' ')).toContain(`/${c.path.join('/')}`);
      for (const flag of c.flags) {
        const name =
          shell === 'fish' ? (flag.startsWith('--') ? `-l ${flag.slice(2)}` : `-s ${flag.slice(1)}`) : flag;
        expect(r.stdout, `${c.path.join(' ')} ${flag}`).toContain(name);
      }
    }
    for (const global of ['--db', '--catalog'])
      expect(r.stdout).toContain(shell === 'fish' ? `-l ${global.slice(2)}` : global);
  });

  // CI installs zsh and fish; elsewhere each check runs where its shell is installed.
  for (const shell of ['bash', 'zsh', 'fish']) {
    const installed = spawnSync(shell, ['-c', 'exit 0']).status === 0;
    it.skipIf(!installed)(`the ${shell} script parses in ${shell} (-n)`, async () => {
      const script = await omo(['completion', shell]);
      expect(script.code, script.stderr).toBe(0);
      const dir = mkdtempSync(path.join(os.tmpdir(), 'omo-completion-'));
      const file = path.join(dir, `omo.${shell}`);
      writeFileSync(file, script.stdout);
      const r = spawnSync(shell, ['-n', file], { encoding: 'utf8' });
      rmSync(dir, { recursive: true, force: true });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    });
  }

  it('bash completes commands, subcommands, flags and the values of enum flags', async () => {
    const script = (await omo(['completion', 'bash'])).stdout;
    const complete = (line: string) => {
      const words = line.split(' ');
      const program = `${script}
COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _omo_complete
printf '%s\\n' "\${COMPREPLY[@]}"`;
      const r = spawnSync('bash', ['-c', program], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      return r.stdout.trim().split('\n').filter(Boolean);
    };
    expect(complete('omo tim')).toEqual(['timeline']);
    expect(complete('omo --db x.sqlite catalog ')).toEqual(
      expect.arrayContaining(['check', 'load', 'stats', 'compare-epoch']),
    );
    expect(complete('omo timeline --interval ')).toEqual(['month', 'year']);
    expect(complete('omo timeline --country CN --group ')).toEqual(
      expect.arrayContaining(['country', 'org', 'license_class', 'none']),
    );
    expect(complete('omo frontier --x ')).toEqual(['active', 'total']);
    expect(complete('omo models --format ')).toEqual(['table', 'json', 'csv', 'ndjson']);
    expect(complete('omo orgs --kind ')).toContain('startup');
    expect(complete('omo models --license-c')).toEqual(['--license-class']);
    expect(complete('omo completion ')).toEqual(expect.arrayContaining(['bash', 'zsh', 'fish']));
  });
});
