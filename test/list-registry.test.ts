import type { Command } from 'commander';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/api/app.ts';
import { modelsCommand } from '../src/cli/commands/models.ts';
import { orgsCommand } from '../src/cli/commands/orgs.ts';
import { filterFlagPairs } from '../src/cli/list-flags.ts';
import { BadRequestError } from '../src/domain/errors.ts';
import type { Database } from '../src/store/database.ts';
import { createDeps, type Deps, ensureCatalog } from '../src/store/deps.ts';
import { type FieldSpec, OPERATORS, type Op, operatorsOf, paramName } from '../src/store/list-filters.ts';
import { type ListSpec, parseListQuery, RESERVED_PARAMS, runListQuery } from '../src/store/list-query.ts';
import { modelListSpec } from '../src/store/model-repo.ts';
import { orgListSpec } from '../src/store/org-repo.ts';
import { MINI_CATALOG } from './helpers/catalog-fixture.ts';
import { call } from './helpers/http.ts';
import { storeTargets } from './helpers/targets.ts';

// The operator registry is the one contract of the list grammar: every operator the SQL accepts is documented in
// the OpenAPI text and reachable from the CLI, and nothing is documented or offered that the SQL refuses.

const ALL_OPS = [...new Set(Object.values(OPERATORS).flatMap((ops) => Object.keys(ops)))] as Op[];

// biome-ignore lint/suspicious/noExplicitAny: the lists' row types differ; only their grammar matters here
const LISTS: { name: string; path: string; spec: ListSpec<any>; command: () => Command }[] = [
  { name: 'models', path: '/api/models', spec: modelListSpec, command: modelsCommand },
  { name: 'orgs', path: '/api/orgs', spec: orgListSpec, command: orgsCommand },
];

/** Every filter parameter the registry allows on a list. */
function accepted(spec: ListSpec<unknown>): string[] {
  return Object.entries(spec.fields).flatMap(([name, f]) =>
    operatorsOf(f.type).map((op) => paramName(name, op)),
  );
}

/** A value the field takes with that operator, read from the store where the field matches names. */
async function sample(db: Kysely<Database>, field: FieldSpec, op: Op): Promise<string> {
  if (op === 'isnull') return 'true';
  if (field.values) return field.values[0] ?? '';
  if (field.names) return (await field.names.candidates(db))[0]?.value ?? '';
  return { number: '1', date: '2025-03', boolean: 'true', text: 'a' }[field.type as string] ?? 'x';
}

describe('the list registry', () => {
  it.each(LISTS)(
    '$name: operators outside the registry are refused, with the field’s operators named',
    ({ spec }) => {
      for (const [name, field] of Object.entries(spec.fields)) {
        for (const op of ALL_OPS.filter((o) => !operatorsOf(field.type).includes(o))) {
          const key = paramName(name, op);
          expect(() => parseListQuery(spec, [[key, '1']]), key).toThrow(BadRequestError);
          expect(() => parseListQuery(spec, [[key, '1']]), key).toThrow(`unknown parameter "${key}"`);
        }
        expect(() => parseListQuery(spec, [[`${name}__eq`, '1']])).toThrow('unknown parameter');
      }
    },
  );

  it.each(LISTS)(
    '$name: every field and operator is reachable from the CLI, and --help lists them',
    ({ spec, command }) => {
      for (const [name, field] of Object.entries(spec.fields)) {
        for (const op of operatorsOf(field.type)) {
          const cmd = command();
          cmd.parseOptions(['--where', `${paramName(name, op)}=v`]);
          const { pairs, labels } = filterFlagPairs(cmd, spec, cmd.opts());
          expect(pairs).toEqual([[paramName(name, op), 'v']]);
          expect(labels.get(paramName(name, op))).toBe(`--where ${paramName(name, op)}`);
        }
      }
      for (const flag of spec.flags) {
        const field = spec.fields[flag.field];
        expect(field, flag.name).toBeDefined();
        expect(operatorsOf((field as FieldSpec).type)).toContain(flag.op ?? 'eq');
      }
      let help = '';
      const cmd = command().configureOutput({ writeOut: (s) => (help += s) });
      cmd.outputHelp();
      for (const [name, field] of Object.entries(spec.fields)) {
        const ops = operatorsOf(field.type).map((op) => (op === 'eq' ? '=' : `__${op}`));
        expect(help).toMatch(new RegExp(`\\n {2}${name} +${ops.join(' ').replace(/[?+]/g, '\\$&')}\\n`));
      }
      for (const flag of spec.flags) expect(help).toContain(`--${flag.name}`);
    },
  );
});

describe.each(storeTargets)('the list registry against the SQL on $name', (target) => {
  let deps: Deps;
  let drop: () => Promise<void>;
  let doc: { paths: Record<string, { get: { parameters?: { name: string; description?: string }[] } }> };

  beforeAll(async () => {
    const created = await target.create();
    drop = created.drop;
    deps = createDeps({ url: created.url, catalogDir: MINI_CATALOG });
    await ensureCatalog(deps);
    doc = (await call(createApp(deps), '/api/openapi.json')).json;
  });
  afterAll(async () => {
    await deps.store.close();
    await drop();
  });

  it.each(LISTS)(
    '$name: the OpenAPI text documents exactly the operators the SQL accepts',
    async ({ path, spec }) => {
      const params = doc.paths[path]?.get.parameters ?? [];
      const documented = params
        .map((p) => p.name)
        .filter((n) => !(RESERVED_PARAMS as readonly string[]).includes(n));
      expect(documented.sort()).toEqual(accepted(spec).sort());
      for (const p of params) expect(p.description, p.name).toBeTruthy();
      for (const key of documented) {
        const [name = '', op = 'eq'] = key.split('__');
        const field = spec.fields[name] as FieldSpec;
        const value = await sample(deps.store.db, field, op as Op);
        const query = parseListQuery(spec, [[key, value]]);
        // The filter runs on the real engine: its SQL is valid there, whatever it matches.
        const page = await runListQuery(deps.store.db, spec, query);
        expect(page.total, key).toBeGreaterThanOrEqual(0);
      }
    },
  );

  it('the analyses that take model filters document them all', () => {
    for (const path of ['/api/stats', '/api/timeline', '/api/frontier']) {
      const names = (doc.paths[path]?.get.parameters ?? []).map((p) => p.name);
      expect(names, path).toEqual(expect.arrayContaining(accepted(modelListSpec)));
    }
  });
});
