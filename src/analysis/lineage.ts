import type { HubRelation } from '../sources/hf-hub/to-hub-model.ts';

// Lineage over one snapshot's derivative graph, in compact arrays (a few bytes per model), so a two-million-model
// Hub fits in memory comfortably. Pure: arrays in, arrays out.
//
// Definitions (README "Hub ingestion"):
// - a model's parents are its base models, in the order its card lists them;
// - its relation is the relation of its edge to its first-listed parent;
// - its derivatives are all models reachable from it along parent edges, each counted once, by its own relation;
//   the depth of a derivative is its shortest distance below the model, `maxDepth` the largest such depth;
// - its root follows first-listed parents until a model without parents (a parent missing from the snapshot is
//   such a model: it is the root, known only by its id); its depth is the number of steps to the root;
// - a cycle along first-listed parents is broken at its member with the smallest id, which becomes a root;
//   models on any cycle are reported; self-references were dropped when the item was read.

export const RELATION_CODE: Record<HubRelation, number> = { finetune: 0, adapter: 1, quantized: 2, merge: 3 };

export interface LineageGraph {
  n: number;
  /** Lower-cased ids, index = model number; used to break cycles deterministically and to name examples. */
  keys: readonly string[];
  /** Model i's parents are parentRef[parentStart[i] … parentStart[i+1]), in listed order. */
  parentStart: Int32Array;
  /** ≥ 0: a model number; < 0: −1 − index into `danglingIds` (a parent missing from the snapshot). */
  parentRef: Int32Array;
  /** Relation code (RELATION_CODE) of each edge. */
  edgeRelation: Uint8Array;
  danglingIds: readonly string[];
}

export interface LineageIssues {
  /** Models that list themselves as a base model (their self-edge is dropped). */
  selfReferences: number;
  /** Cycles along first-listed parents (each broken at its smallest id), with up to 20 examples. */
  cycles: number;
  cycleExamples: string[][];
  /** Models that reach themselves along any parent edges. */
  modelsOnCycles: number;
  /** Edges to parents missing from the snapshot, and up to 20 such parents. */
  danglingReferences: number;
  danglingExamples: string[];
}

export interface Lineage {
  /** ≥ 0: the root's model number; < 0: −1 − index into `danglingIds`. */
  root: Int32Array;
  depth: Int32Array;
  /** Derivative counts: total and per relation (index RELATION_CODE). */
  total: Int32Array;
  byRelation: [Int32Array, Int32Array, Int32Array, Int32Array];
  maxDepth: Int32Array;
  issues: LineageIssues;
}

const EXAMPLES = 20;

export function computeLineage(g: LineageGraph, selfReferences = 0): Lineage {
  const issues: LineageIssues = {
    selfReferences,
    cycles: 0,
    cycleExamples: [],
    modelsOnCycles: 0,
    danglingReferences: 0,
    danglingExamples: [],
  };
  countDangling(g, issues);
  const { root, depth } = rootsAndDepths(g, issues);
  const { total, byRelation, maxDepth } = derivativeCounts(g, issues);
  return { root, depth, total, byRelation, maxDepth, issues };
}

/** Counts the parent references to models missing from the snapshot, with a few examples. */
function countDangling(g: LineageGraph, issues: LineageIssues): void {
  const { parentRef } = g;
  const danglingSeen = new Set<number>();
  for (let e = 0; e < parentRef.length; e++) {
    const p = parentRef[e] ?? 0;
    if (p < 0) {
      issues.danglingReferences++;
      if (issues.danglingExamples.length < EXAMPLES && !danglingSeen.has(p)) {
        danglingSeen.add(p);
        issues.danglingExamples.push(g.danglingIds[-1 - p] ?? '');
      }
    }
  }
}

/** Roots and depths along first-listed parents, iteratively (no recursion: chains can be long). */
function rootsAndDepths(g: LineageGraph, issues: LineageIssues): Pick<Lineage, 'root' | 'depth'> {
  const { n, parentStart, parentRef } = g;
  const root = new Int32Array(n);
  const depth = new Int32Array(n);
  const state = new Uint8Array(n); // 0 new, 1 on the current path, 2 done
  const broken = new Uint8Array(n); // first-parent edge ignored (cycle breaker)
  const path = new Int32Array(n);
  const firstParent = (x: number): number | null =>
    broken[x] || (parentStart[x] ?? 0) === (parentStart[x + 1] ?? 0)
      ? null
      : (parentRef[parentStart[x] ?? 0] ?? 0);
  for (let s = 0; s < n; s++) {
    if (state[s] === 2) continue;
    for (;;) {
      let len = 0;
      let x = s;
      let restart = false;
      for (;;) {
        if (state[x] === 2) break;
        if (state[x] === 1) {
          // A cycle: the path from x's first visit back to x. Break it at its smallest id and walk again.
          let from = len - 1;
          while (from >= 0 && path[from] !== x) from--;
          const members = Array.from(path.subarray(from, len));
          let min = members[0] ?? x;
          for (const m of members) if ((g.keys[m] ?? '') < (g.keys[min] ?? '')) min = m;
          broken[min] = 1;
          issues.cycles++;
          if (issues.cycleExamples.length < EXAMPLES)
            issues.cycleExamples.push(members.map((m) => g.keys[m] ?? ''));
          for (let i = 0; i < len; i++) state[path[i] ?? 0] = 0;
          restart = true;
          break;
        }
        state[x] = 1;
        path[len++] = x;
        const fp = firstParent(x);
        if (fp === null) {
          root[x] = x;
          depth[x] = 0;
          state[x] = 2;
          len--;
          break;
        }
        if (fp < 0) {
          root[x] = fp;
          depth[x] = 1;
          state[x] = 2;
          len--;
          break;
        }
        x = fp;
      }
      if (restart) continue;
      for (let i = len - 1; i >= 0; i--) {
        const y = path[i] ?? 0;
        const fp = firstParent(y) ?? y;
        root[y] = root[fp] ?? y;
        depth[y] = (depth[fp] ?? 0) + 1;
        state[y] = 2;
      }
      break;
    }
  }
  return { root, depth };
}

/**
 * Derivative counts: from every model, a breadth-first walk up all parent edges, each ancestor met once. The cost
 * is the sum over models of their number of ancestors: linear for Hub-shaped trees (depth rarely above 5–10),
 * quadratic only for a pathological chain (n models each deriving from the previous one).
 */
function derivativeCounts(
  g: LineageGraph,
  issues: LineageIssues,
): Pick<Lineage, 'total' | 'byRelation' | 'maxDepth'> {
  const { n, parentStart, parentRef, edgeRelation } = g;
  const total = new Int32Array(n);
  const byRelation: [Int32Array, Int32Array, Int32Array, Int32Array] = [
    new Int32Array(n),
    new Int32Array(n),
    new Int32Array(n),
    new Int32Array(n),
  ];
  const maxDepth = new Int32Array(n);
  const mark = new Int32Array(n).fill(-1);
  const dist = new Int32Array(n);
  const queue = new Int32Array(n);
  for (let v = 0; v < n; v++) {
    const start = parentStart[v] ?? 0;
    const end = parentStart[v + 1] ?? 0;
    if (start === end) continue;
    const rel = byRelation[edgeRelation[start] ?? 0] ?? byRelation[0];
    let head = 0;
    let tail = 0;
    queue[tail++] = v;
    mark[v] = v;
    dist[v] = 0;
    let onCycle = false;
    while (head < tail) {
      const x = queue[head++] ?? 0;
      const d = (dist[x] ?? 0) + 1;
      const xe = parentStart[x + 1] ?? 0;
      for (let e = parentStart[x] ?? 0; e < xe; e++) {
        const p = parentRef[e] ?? -1;
        if (p < 0) continue;
        if (p === v) {
          onCycle = true;
          continue;
        }
        if (mark[p] === v) continue;
        mark[p] = v;
        dist[p] = d;
        queue[tail++] = p;
        total[p] = (total[p] ?? 0) + 1;
        rel[p] = (rel[p] ?? 0) + 1;
        if (d > (maxDepth[p] ?? 0)) maxDepth[p] = d;
      }
    }
    if (onCycle) issues.modelsOnCycles++;
  }
  return { total, byRelation, maxDepth };
}
