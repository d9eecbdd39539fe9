import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// The shape of the code, checked: the folders of src/ depend on each other without circles (shared types go
// down to domain/, never up), the dashboard bundle pulls in only what a browser can run, and test builders
// live under test/, not in what ships.

const SRC = fileURLToPath(new URL('../src/', import.meta.url));

/** Every .ts file under src/, as a path relative to src/ with forward slashes. */
function sourceFiles(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [path.relative(SRC, full).split(path.sep).join('/')] : [];
  });
}

interface Import {
  /** Importing file, relative to src/. */
  from: string;
  /** Imported file, relative to src/ (may point outside src/, then it starts with '..'). */
  to: string;
  line: number;
}

/**
 * The relative imports of one file: static imports, `export … from`, and `import('…')` with a literal
 * path. TypeScript's own pre-processor finds them, so imports inside strings or comments do not count.
 */
function importsOf(file: string): Import[] {
  const text = readFileSync(path.join(SRC, file), 'utf8');
  const { importedFiles } = ts.preProcessFile(text, true, true);
  return importedFiles
    .filter((ref) => ref.fileName.startsWith('.'))
    .map((ref) => ({
      from: file,
      to: path.posix.normalize(path.posix.join(path.posix.dirname(file), ref.fileName)),
      line: text.slice(0, ref.pos).split('\n').length,
    }));
}

/** The top-level folder of src/ a file belongs to ('' for a file directly in src/, null outside src/). */
function folderOf(file: string): string | null {
  if (file.startsWith('../')) return null;
  const slash = file.indexOf('/');
  return slash === -1 ? '' : file.slice(0, slash);
}

type Graph = Map<string, Map<string, Import>>;

/** Folder → folder it imports → one example import. */
function folderGraph(imports: Import[]): Graph {
  const graph: Graph = new Map();
  for (const imp of imports) {
    const a = folderOf(imp.from);
    const b = folderOf(imp.to);
    if (a === null || b === null || a === b) continue;
    const edges = graph.get(a) ?? new Map<string, Import>();
    graph.set(a, edges);
    if (!edges.has(b)) edges.set(b, imp);
  }
  return graph;
}

/** The shortest path from `from` to `to` along the graph's edges, both ends included; null if none. */
function shortestPath(graph: Graph, from: string, to: string): string[] | null {
  const previous = new Map<string, string>([[from, from]]);
  const queue = [from];
  while (queue.length > 0) {
    const v = queue.shift() as string;
    if (v === to) {
      const path = [v];
      while (path[0] !== from) path.unshift(previous.get(path[0] as string) as string);
      return path;
    }
    for (const w of graph.get(v)?.keys() ?? []) {
      if (!previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return null;
}

/**
 * The cycles of the graph, as closed walks (`['a', 'b', 'a']`): for every edge, the shortest way back
 * closes the smallest cycle through it, so each edge that takes part in a circle is shown at least once.
 */
function findCycles(graph: Graph): string[][] {
  const cycles = new Map<string, string[]>();
  for (const [from, edges] of graph) {
    for (const to of edges.keys()) {
      const back = shortestPath(graph, to, from);
      if (!back) continue;
      const ring = [from, ...back.slice(0, -1)];
      // The same cycle found from another of its edges: key it by its rotation that starts at its least member.
      const first = ring.indexOf([...ring].sort()[0] as string);
      const rotated = [...ring.slice(first), ...ring.slice(0, first)];
      cycles.set(rotated.join(' '), [...rotated, rotated[0] as string]);
    }
  }
  return [...cycles.values()].sort((a, b) => a.join().localeCompare(b.join()));
}

function describeCycle(graph: Graph, cycle: string[]): string {
  const edges = cycle.slice(1).map((to, i) => {
    const from = cycle[i] as string;
    const imp = graph.get(from)?.get(to) as Import;
    return `  ${from} → ${to}: src/${imp.from}:${imp.line} imports src/${imp.to}`;
  });
  return `${cycle.join(' → ')}\n${edges.join('\n')}`;
}

/** Longest a function may be, in lines (comments and blank lines included), outside the justified ones below. */
const MAX_FUNCTION_LINES = 80;

/** Long functions that are justified: `file:function` → the reason, in one line. */
const JUSTIFIED_LONG_FUNCTIONS: Record<string, string> = {
  'sources/hf-hub/read-hub-dump.ts:readHubDump':
    "the Hub dump's per-byte parsing loop: one pass over gigabytes, its state in locals the JIT keeps in registers",
  'store/migrations/001-catalog.ts:up':
    'a migration is a list of DDL statements, read top to bottom, never edited',
  'store/migrations/002-hub.ts:up':
    'a migration is a list of DDL statements, read top to bottom, never edited',
};

interface FunctionLength {
  /** `file:function`, the file relative to src/. */
  key: string;
  line: number;
  lines: number;
}

/** A function's name: its own, or the variable or property it is assigned to; null for an inline callback. */
function functionName(node: ts.FunctionLikeDeclaration, sf: ts.SourceFile): string | null {
  if (node.name) return node.name.getText(sf);
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) return parent.name.getText(sf);
  return null;
}

function isFunctionLike(node: ts.Node): node is ts.FunctionLikeDeclaration {
  return (
    ts.isFunctionDeclaration(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isFunctionExpression(node) ||
    ts.isArrowFunction(node) ||
    ts.isConstructorDeclaration(node) ||
    ts.isGetAccessor(node) ||
    ts.isSetAccessor(node)
  );
}

/**
 * The length of every named function of a file. A named function nested in another is a unit of its own and
 * does not count towards its parent (so a repository closure is as long as its own statements); an inline
 * callback does count towards the function it is written in, as it reads as part of it.
 */
function functionLengths(file: string, text = readFileSync(path.join(SRC, file), 'utf8')): FunctionLength[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const lineOf = (pos: number) => sf.getLineAndCharacterOfPosition(pos).line + 1;
  const span = (node: ts.Node) => lineOf(node.getEnd()) - lineOf(node.getStart(sf)) + 1;
  const nestedNamed = (node: ts.Node): number => {
    let lines = 0;
    node.forEachChild((child) => {
      lines +=
        isFunctionLike(child) && child.body && functionName(child, sf) ? span(child) : nestedNamed(child);
    });
    return lines;
  };
  const found: FunctionLength[] = [];
  const visit = (node: ts.Node): void => {
    const name = isFunctionLike(node) && node.body ? functionName(node, sf) : null;
    if (name && isFunctionLike(node) && node.body) {
      const lines = span(node) - nestedNamed(node.body);
      found.push({ key: `${file}:${name}`, line: lineOf(node.getStart(sf)), lines });
    }
    node.forEachChild(visit);
  };
  visit(sf);
  return found;
}

const files = sourceFiles();
const imports = files.flatMap(importsOf);

describe('architecture', () => {
  it('finds the imports it checks (static, re-exports and dynamic)', () => {
    // Guards the checks below against passing because the parser found nothing.
    expect(files.length).toBeGreaterThan(50);
    const edge = (from: string, to: string) => imports.some((i) => i.from === from && i.to === to);
    expect(edge('api/app.ts', 'store/deps.ts')).toBe(true);
    expect(edge('domain/model.ts', 'domain/param-report.ts')).toBe(true);
    const dynamic = ts.preProcessFile("const m = await import('../x/y.ts');", true, true).importedFiles;
    expect(dynamic.map((f) => f.fileName)).toEqual(['../x/y.ts']);
  });

  it('reports a cycle with one example import per edge', () => {
    const graph = folderGraph([
      { from: 'a/one.ts', to: 'b/two.ts', line: 3 },
      { from: 'b/two.ts', to: 'c/three.ts', line: 4 },
      { from: 'c/three.ts', to: 'a/four.ts', line: 5 },
      { from: 'c/three.ts', to: 'd/five.ts', line: 6 },
      { from: 'd/five.ts', to: 'c/six.ts', line: 7 },
      { from: 'd/five.ts', to: 'e/seven.ts', line: 8 },
    ]);
    const cycles = findCycles(graph);
    expect(cycles).toEqual([
      ['a', 'b', 'c', 'a'],
      ['c', 'd', 'c'],
    ]);
    expect(describeCycle(graph, cycles[0] as string[])).toContain(
      'c → a: src/c/three.ts:5 imports src/a/four.ts',
    );
  });

  it('has no import cycles between the folders of src/', () => {
    // Specs sit beside the code but are tests: they may import from any folder.
    const graph = folderGraph(imports.filter((imp) => !imp.from.endsWith('.spec.ts')));
    const cycles = findCycles(graph).map((cycle) => describeCycle(graph, cycle));
    expect(cycles, `import cycles between folders of src/:\n${cycles.join('\n')}`).toEqual([]);
  });

  it('keeps the dashboard bundle to web/, domain/ and analysis/', () => {
    const allowed = new Set(['web', 'domain', 'analysis']);
    // Everything the dashboard reaches, transitively: domain/ and analysis/ files pulled in must not reach
    // further into the server (store, sources…) either. vite.config.ts runs in Node at build time.
    const byFile = new Map<string, Import[]>();
    for (const imp of imports) byFile.set(imp.from, [...(byFile.get(imp.from) ?? []), imp]);
    const reached = new Map<string, Import | null>();
    const queue = files.filter((f) => f.startsWith('web/') && f !== 'web/vite.config.ts');
    for (const f of queue) reached.set(f, null);
    while (queue.length > 0) {
      const file = queue.shift() as string;
      for (const imp of byFile.get(file) ?? []) {
        if (!reached.has(imp.to)) {
          reached.set(imp.to, imp);
          queue.push(imp.to);
        }
      }
    }
    const outside = [...reached]
      .filter(([file]) => !allowed.has(folderOf(file) ?? '..'))
      .map(([file, imp]) => `src/${file} (imported at src/${imp?.from}:${imp?.line})`);
    expect(outside, 'the dashboard bundle reaches beyond web/, domain/ and analysis/').toEqual([]);
  });

  it('ships no test builders in src/', () => {
    // A test builder is a module that only tests import (specs here; test/ and bench/ are outside src/).
    const importers = new Map<string, string[]>();
    for (const imp of imports) importers.set(imp.to, [...(importers.get(imp.to) ?? []), imp.from]);
    const builders = files.filter((f) => {
      if (f.endsWith('.spec.ts')) return false;
      const users = importers.get(f) ?? [];
      return users.length > 0 && users.every((u) => u.endsWith('.spec.ts'));
    });
    expect(builders, 'test builders belong under test/').toEqual([]);
  });

  it(`has no function over ${MAX_FUNCTION_LINES} lines outside the justified ones`, () => {
    const lengths = files.filter((f) => !f.endsWith('.spec.ts')).flatMap((f) => functionLengths(f));
    const long = lengths.filter((f) => f.lines > MAX_FUNCTION_LINES);
    const unjustified = long
      .filter((f) => !(f.key in JUSTIFIED_LONG_FUNCTIONS))
      .map((f) => `src/${f.key.split(':')[0]}:${f.line} ${f.key.split(':')[1]} (${f.lines} lines)`);
    expect(unjustified, 'split these functions, or justify them in JUSTIFIED_LONG_FUNCTIONS').toEqual([]);
    const stale = Object.keys(JUSTIFIED_LONG_FUNCTIONS).filter((key) => !long.some((f) => f.key === key));
    expect(stale, 'no longer long (or gone): remove from JUSTIFIED_LONG_FUNCTIONS').toEqual([]);
  });

  it('measures a function without its named inner functions, with its inline callbacks', () => {
    const text = [
      'export function repo(db) {',
      '  function list() {',
      '    return db.all();',
      '  }',
      '  const get = (id) => db.get(id);',
      '  db.on((event) => {',
      '    log(event);',
      '  });',
      '  return { list, get };',
      '}',
    ].join('\n');
    expect(functionLengths('x.ts', text).map((f) => [f.key, f.line, f.lines])).toEqual([
      ['x.ts:repo', 1, 6],
      ['x.ts:list', 2, 3],
      ['x.ts:get', 5, 1],
    ]);
  });
});
