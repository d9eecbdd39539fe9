import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/api/app.ts';
import { createDeps, type Deps } from '../src/store/deps.ts';
import { operatorsOf, paramName } from '../src/store/list-filters.ts';
import type { ListSpec } from '../src/store/list-query.ts';

// Everything a user can ask for is documented (after Datasette's test_docs.py): every route of the OpenAPI
// document, every list field and filter operator, every environment variable the code reads. The lists come
// from the code itself, so a new route, field, operator or variable fails here until README.md names it.

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');

/** Files under `dir` (relative to the repository) whose names end with one of `extensions`. */
function filesUnder(dir: string, extensions: string[]): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && extensions.some((ext) => e.name.endsWith(ext)))
    .map((e) => path.relative(ROOT, path.join(e.parentPath, e.name)));
}

/**
 * The environment variables a file reads: `process.env.X`, `process.env['X']`, and the same through an
 * injected `env` object (`env.OMO_HOME`, where `env` defaults to `process.env`).
 */
function environmentVariables(text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(
    /\benv(?:\?\.|\.)([A-Z][A-Z0-9_]*)\b|\benv\[\s*(['"`])([A-Z][A-Z0-9_]*)\2\s*\]/g,
  )) {
    found.add((m[1] ?? m[3]) as string);
  }
  return [...found];
}

/** The list specifications the store exports (every `ListSpec`, found by its shape rather than by name). */
async function listSpecs(): Promise<[string, ListSpec<unknown>][]> {
  const modules = filesUnder('src/store', ['.ts']).filter(
    (f) => !f.includes('migrations') && !/(-worker|\.spec)\.ts$/.test(f),
  );
  const specs: [string, ListSpec<unknown>][] = [];
  for (const file of modules) {
    const mod: Record<string, unknown> = await import(path.join(ROOT, file));
    for (const [name, value] of Object.entries(mod)) {
      const v = value as Partial<ListSpec<unknown>> | null;
      if (v && typeof v === 'object' && v.fields && v.sorts && v.facets && typeof v.table === 'string') {
        specs.push([name, v as ListSpec<unknown>]);
      }
    }
  }
  return specs;
}

/** `name` written as code in the README: `` `name` ``, `` `name=…` `` or `` `name__op…` ``. */
function inReadmeAsCode(name: string): boolean {
  return README.includes(`\`${name}\``) || README.includes(`\`${name}=`) || README.includes(`\`${name}__`);
}

interface OpenApiDocument {
  paths: Record<
    string,
    Record<string, { parameters?: { name: string; in: string; description?: string }[] }>
  >;
}

describe('documentation', () => {
  let dir: string;
  let deps: Deps;
  let doc: OpenApiDocument;
  let docText: string;
  let specs: [string, ListSpec<unknown>][];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'omo-docs-'));
    deps = createDeps({ url: path.join(dir, 'omo.sqlite') });
    const res = await createApp(deps, { responseCache: false }).request('/api/openapi.json');
    expect(res.status).toBe(200);
    docText = await res.text();
    doc = JSON.parse(docText);
    specs = await listSpecs();
  });

  afterAll(async () => {
    await deps.store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('names every route of the OpenAPI document in README.md', () => {
    const paths = Object.keys(doc.paths);
    expect(paths.length).toBeGreaterThan(5);
    const missing = paths.filter((p) => !README.includes(p));
    expect(missing, 'routes missing from README.md').toEqual([]);
  });

  it('finds the model and organisation lists', () => {
    expect(specs.map(([name]) => name)).toEqual(expect.arrayContaining(['modelListSpec', 'orgListSpec']));
  });

  it('documents every list field in the OpenAPI document and README.md', () => {
    const parameters = new Set(
      Object.values(doc.paths).flatMap((ops) =>
        Object.values(ops)
          .flatMap((op) => op.parameters ?? [])
          .map((p) => p.name),
      ),
    );
    const fields = specs.flatMap(([name, spec]) =>
      Object.keys(spec.fields).map((field) => ({ name, field })),
    );
    const notInOpenApi = fields
      .filter(({ field }) => !parameters.has(field))
      .map((f) => `${f.name}.${f.field}`);
    expect(notInOpenApi, 'list fields that no OpenAPI route takes').toEqual([]);
    const notInReadme = fields
      .filter(({ field }) => !inReadmeAsCode(field))
      .map((f) => `${f.name}.${f.field}`);
    expect(notInReadme, 'list fields missing from README.md').toEqual([]);
  });

  it('documents every filter operator in the OpenAPI document and README.md', () => {
    const operators = [
      ...new Set(specs.flatMap(([, spec]) => Object.values(spec.fields).flatMap((f) => operatorsOf(f.type)))),
    ]
      .filter((op) => op !== 'eq')
      .map((op) => `__${op}`);
    expect(operators.length).toBeGreaterThan(3);
    expect(
      operators.filter((op) => !docText.includes(op)),
      'operators missing from OpenAPI',
    ).toEqual([]);
    expect(
      operators.filter((op) => !README.includes(op)),
      'operators missing from README.md',
    ).toEqual([]);
  });

  it("documents each list field's operators as OpenAPI parameters of the list's routes", () => {
    const operations = Object.values(doc.paths).flatMap((ops) => Object.values(ops));
    const missing: string[] = [];
    for (const [, spec] of specs) {
      const fields = Object.entries(spec.fields);
      // The routes that take this list's filters: every field of the list is one of their parameters.
      const routes = operations.filter((op) =>
        fields.every(([f]) => op.parameters?.some((p) => p.name === f)),
      );
      expect(routes.length).toBeGreaterThan(0);
      for (const route of routes)
        for (const [field, fieldSpec] of fields)
          for (const op of operatorsOf(fieldSpec.type)) {
            const name = paramName(field, op);
            if (!route.parameters?.some((p) => p.name === name)) missing.push(name);
          }
    }
    expect(missing, 'operators a field takes but no OpenAPI parameter documents').toEqual([]);
  });

  it('documents every environment variable that src/ reads in README.md', () => {
    const variables = new Set(
      filesUnder('src', ['.ts', '.js'])
        .filter((f) => !f.endsWith('.spec.ts'))
        .flatMap((f) => environmentVariables(readFileSync(path.join(ROOT, f), 'utf8'))),
    );
    expect(variables).toContain('OMO_DATABASE_URL');
    const missing = [...variables].filter((v) => !README.includes(`\`${v}\``)).sort();
    expect(missing, 'environment variables missing from README.md').toEqual([]);
  });

  it('finds environment variables however they are read', () => {
    const text = [
      'const a = process.env.OMO_A;',
      "const b = process.env['OMO_B'];",
      'const c = env.OMO_C ?? opts.env?.OMO_D;',
      'const e = process.env.npm_config_x; const f = environment.OMO_F;',
    ].join('\n');
    expect(environmentVariables(text).sort()).toEqual(['OMO_A', 'OMO_B', 'OMO_C', 'OMO_D']);
  });
});
