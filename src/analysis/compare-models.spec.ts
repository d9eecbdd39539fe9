import { describe, expect, it } from 'vitest';
import { MINI_CATALOG } from '../../test/helpers/catalog-fixture.ts';
import { loadCatalog } from '../catalog/load-catalog.ts';
import { compareModels } from './compare-models.ts';

describe('compareModels', () => {
  const models = loadCatalog(MINI_CATALOG).models;
  const get = (id: string) => {
    const m = models.find((x) => x.id === id);
    if (!m) throw new Error(id);
    return m;
  };

  it('gives parameter ratios against the first model, memory per precision and benchmark deltas', () => {
    const c = compareModels([
      get('dragon-lab/Dragon-MoE-200B-A20B'),
      get('acme-ai/Acme-7B-Chat'),
      get('acme/acme-vision'),
    ]);
    expect(c.reference).toBe('dragon-lab/Dragon-MoE-200B-A20B');
    expect(c.parameters[1]).toEqual({
      id: 'acme-ai/Acme-7B-Chat',
      total: 7e9,
      active: 7e9,
      totalRatio: 7e9 / 200e9,
      activeRatio: 7e9 / 20e9,
    });
    expect(c.parameters[2]).toMatchObject({ totalRatio: null, activeRatio: null });
    expect(c.memory[1]).toEqual({
      id: 'acme-ai/Acme-7B-Chat',
      basis: 'stated total',
      bf16: 14e9,
      fp8: 7e9,
      int8: 7e9,
      int4: 3.5e9,
    });
    expect(c.memory[2]?.basis).toBeNull();
    // MMLU/accuracy is the only benchmark two of them share; AIME 2024 is the MoE's alone.
    expect(c.benchmarks).toEqual([
      {
        benchmark: 'MMLU',
        metric: 'accuracy',
        scores: {
          'dragon-lab/Dragon-MoE-200B-A20B': 85,
          'acme-ai/Acme-7B-Chat': 61.2,
          'acme/acme-vision': null,
        },
        deltas: {
          'dragon-lab/Dragon-MoE-200B-A20B': 0,
          'acme-ai/Acme-7B-Chat': -23.8,
          'acme/acme-vision': null,
        },
      },
    ]);
  });
});
