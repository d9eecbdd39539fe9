import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeLineage, type LineageGraph, RELATION_CODE } from './lineage.ts';
import { topK } from './rank.ts';
import { periodOf, rollupTrend } from './trend.ts';

/** Builds a graph from `child: [[parent, relation], …]`; parents not listed as models are dangling. */
function graph(
  models: string[],
  edges: Record<string, [string, keyof typeof RELATION_CODE][]>,
): LineageGraph {
  const index = new Map(models.map((m, i) => [m, i]));
  const parentStart = new Int32Array(models.length + 1);
  const refs: number[] = [];
  const rels: number[] = [];
  const danglingIds: string[] = [];
  models.forEach((m, i) => {
    for (const [p, rel] of edges[m] ?? []) {
      let ref = index.get(p);
      if (ref === undefined) {
        if (!danglingIds.includes(p)) danglingIds.push(p);
        ref = -1 - danglingIds.indexOf(p);
      }
      refs.push(ref);
      rels.push(RELATION_CODE[rel]);
    }
    parentStart[i + 1] = refs.length;
  });
  return {
    n: models.length,
    keys: models,
    parentStart,
    parentRef: Int32Array.from(refs),
    edgeRelation: Uint8Array.from(rels),
    danglingIds,
  };
}

describe('computeLineage', () => {
  it('counts a diamond once per derivative, by its own relation, with shortest depths', () => {
    // base → a (ft), base → b (adapter), merge(a, b), q(merge)
    const g = graph(['base', 'a', 'b', 'm', 'q'], {
      a: [['base', 'finetune']],
      b: [['base', 'adapter']],
      m: [
        ['a', 'merge'],
        ['b', 'merge'],
      ],
      q: [['m', 'quantized']],
    });
    const l = computeLineage(g);
    expect(l.total[0]).toBe(4);
    expect([0, 1, 2, 3].map((r) => l.byRelation[r as 0]?.[0])).toEqual([1, 1, 1, 1]);
    expect(l.maxDepth[0]).toBe(3);
    expect(Array.from(l.root)).toEqual([0, 0, 0, 0, 0]);
    expect(Array.from(l.depth)).toEqual([0, 1, 1, 2, 3]);
    expect(l.total[1]).toBe(2);
  });

  it('breaks first-parent cycles at the smallest id and never loops; dangling parents become roots', () => {
    const g = graph(['z', 'y', 'x', 'orphan'], {
      z: [['y', 'finetune']],
      y: [['x', 'finetune']],
      x: [['z', 'finetune']],
      orphan: [['gone/base', 'quantized']],
    });
    const l = computeLineage(g, 2);
    expect(l.issues).toMatchObject({
      selfReferences: 2,
      cycles: 1,
      modelsOnCycles: 3,
      danglingReferences: 1,
      danglingExamples: ['gone/base'],
    });
    expect(l.root[2]).toBe(2); // x has the smallest id
    expect(Array.from(l.root.subarray(0, 3))).toEqual([2, 2, 2]);
    expect(Array.from(l.depth.subarray(0, 3))).toEqual([2, 1, 0]);
    expect(l.root[3]).toBe(-1);
    expect(l.depth[3]).toBe(1);
    // Each member of the 3-cycle has the other two as derivatives, never itself.
    expect(Array.from(l.total.subarray(0, 3))).toEqual([2, 2, 2]);
  });

  it('handles long chains without recursion', () => {
    const n = 5_000;
    const models = Array.from({ length: n }, (_, i) => `m${String(i).padStart(6, '0')}`);
    const edges: Record<string, [string, 'finetune'][]> = {};
    for (let i = 1; i < n; i++) edges[models[i] ?? ''] = [[models[i - 1] ?? '', 'finetune']];
    const l = computeLineage(graph(models, edges));
    expect(l.depth[n - 1]).toBe(n - 1);
    expect(l.root[n - 1]).toBe(0);
  });
});

describe('topK and periods', () => {
  it('takes the largest positive values, ties by key', () => {
    expect(topK([5, 0, 7, 5, 5, 1], ['e', 'f', 'a', 'c', 'b', 'd'], 3)).toEqual([2, 4, 3]);
    expect(topK([0, 0], ['a', 'b'], 5)).toEqual([]);
  });
  it('agrees with sorting everything, for any values, k and key order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -2, max: 12 }), { maxLength: 300 }),
        fc.integer({ min: 0, max: 320 }),
        (values, k) => {
          const keys = values.map((_, i) => `k${String((i * 7919) % 1009).padStart(4, '0')}`);
          const expected = values
            .map((_, i) => i)
            .filter((i) => (values[i] ?? 0) > 0)
            .sort(
              (a, b) => (values[b] ?? 0) - (values[a] ?? 0) || ((keys[a] ?? '') < (keys[b] ?? '') ? -1 : 1),
            )
            .slice(0, k);
          expect(topK(values, keys, k)).toEqual(expected);
          // Without keys, model numbers are the key order.
          const byIndex = values
            .map((_, i) => i)
            .filter((i) => (values[i] ?? 0) > 0)
            .sort((a, b) => (values[b] ?? 0) - (values[a] ?? 0) || a - b)
            .slice(0, k);
          expect(topK(values, null, k)).toEqual(byIndex);
        },
      ),
      { numRuns: 2000 },
    );
  });
  it('rolls months into quarters and years', () => {
    expect(periodOf('2025-06', 'quarter')).toBe('2025-Q2');
    expect(periodOf('2025-12', 'year')).toBe('2025');
    const attributor = {
      account: (a: string) => (a === 'qwen' ? { org: 'alibaba', country: 'CN' } : undefined),
      family: () => undefined,
    };
    expect(
      rollupTrend(
        [
          { month: '2025-01', account: 'qwen', id: '', models: 2 },
          { month: '2025-02', account: 'qwen', id: '', models: 3 },
          { month: '2025-02', account: 'someone', id: '', models: 1 },
        ],
        'country',
        'quarter',
        attributor,
      ),
    ).toEqual([
      { period: '2025-Q1', group: 'CN', count: 5 },
      { period: '2025-Q1', group: null, count: 1 },
    ]);
  });
});
