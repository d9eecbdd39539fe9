import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { catalogCopy } from '../../test/helpers/catalog-fixture.ts';
import { CatalogError, type CatalogIssue } from '../domain/errors.ts';
import { computeParams } from '../params/compute-params.ts';
import { BUNDLED_CATALOG } from '../store/deps.ts';
import { loadCatalog } from './load-catalog.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

const fixture = (name: string) =>
  readFileSync(new URL(`../params/fixtures/${name}.json`, import.meta.url), 'utf8');
const DEEPSEEK_V3 = fixture('deepseek-v3');
const GEMMA_3 = fixture('gemma-3-4b');
const ds = computeParams(JSON.parse(DEEPSEEK_V3));
const gemma = computeParams(JSON.parse(GEMMA_3));
const MTP = ds.extra.mtp ?? 0;
const VISION = gemma.components.vision;

/** A model of the mini catalog with the given [[parameters]] tables and its config in acme/configs/. */
function files(config: string, parameters: string, configTable = '') {
  return {
    'acme/configs/model.json': config,
    'acme/models/acme-3b.toml': `
id = "acme-ai/Acme-3B"
name = "Acme-3B"
weights = "open"
license = "MIT"
input = ["text"]
tasks = ["chat"]
architecture = "moe"
hugging_face = ["acme-ai/Acme-3B"]
${parameters}
[config]
source = "card"
file = "configs/model.json"
${configTable}

[[sources]]
id = "card"
url = "https://huggingface.co/acme-ai/Acme-3B"
`,
  };
}
const count = (total: number, extra = '') =>
  `[[parameters]]\ntotal = ${total}\nmethod = "official"\nsource = "card"\n${extra}\n`;

function load(f: Record<string, string>) {
  const copy = catalogCopy(f);
  cleanups.push(copy.cleanup);
  return loadCatalog(copy.dir).models.find((m) => m.id === 'acme-ai/Acme-3B');
}
function issuesWith(f: Record<string, string>): CatalogIssue[] {
  try {
    load(f);
  } catch (e) {
    if (e instanceof CatalogError) return e.issues;
    throw e;
  }
  return [];
}

describe('the parameter count convention', () => {
  it('keeps MTP apart: a stated MTP-inclusive total is kept, marked, and never canonical', () => {
    const m = load(
      files(
        DEEPSEEK_V3,
        count(ds.total, 'canonical = true') +
          count(ds.total + MTP, 'includes_mtp = true\nmtp = 14_000_000_000'),
      ),
    );
    expect(m?.parameters.total).toBe(ds.total);
    expect(m?.parameterCounts.map((p) => [p.method, p.canonical, p.includesMtp, p.mtp])).toEqual([
      ['official', true, false, null],
      ['official', false, true, 14_000_000_000],
      ['computed', false, false, MTP],
    ]);
  });

  it('rejects a canonical total that includes the MTP module the config gives', () => {
    expect(issuesWith(files(DEEPSEEK_V3, count(ds.total + MTP)))).toEqual([
      expect.objectContaining({
        field: 'parameters[0].total',
        message: expect.stringMatching(/includes the MTP module .*a canonical total leaves MTP apart/),
      }),
    ]);
  });

  it('rejects an MTP-inclusive count marked canonical, and a mark on a total without MTP', () => {
    const issues = issuesWith(
      files(
        DEEPSEEK_V3,
        count(ds.total + MTP, 'includes_mtp = true\ncanonical = true') +
          count(ds.total, 'includes_mtp = true'),
      ),
    );
    expect(issues.map((i) => [i.field, i.message.split(':')[0]])).toEqual([
      ['parameters[0].includes_mtp', 'a count that includes the MTP module is never canonical'],
      [
        'parameters[1].includes_mtp',
        `${ds.total.toLocaleString('en-US')} is the total without the MTP module (${ds.total.toLocaleString('en-US')} computed from the config), yet marked \`includes_mtp\``,
      ],
    ]);
  });

  it('lets the computed count be canonical when the only stated one includes MTP', () => {
    const m = load(files(DEEPSEEK_V3, count(ds.total + MTP, 'includes_mtp = true'), 'canonical = true'));
    expect(m?.parameters.total).toBe(ds.total);
    expect(m?.parameterCounts.find((p) => p.canonical)?.method).toBe('computed');
    expect(issuesWith(files(DEEPSEEK_V3, count(ds.total + MTP, 'includes_mtp = true')))).toEqual([
      expect.objectContaining({ field: 'parameters[0].includes_mtp' }),
    ]);
  });

  it('counts the vision encoder in a canonical total and records it apart', () => {
    expect(VISION / gemma.total).toBeGreaterThan(0.02);
    const m = load(files(GEMMA_3, count(gemma.total, `vision = ${VISION}`)));
    expect(m?.parameterCounts.map((p) => p.vision)).toEqual([VISION, VISION]);
    expect(issuesWith(files(GEMMA_3, count(gemma.total - VISION)))).toEqual([
      expect.objectContaining({
        field: 'parameters[0].total',
        message: expect.stringContaining('leaves out the vision encoder'),
      }),
    ]);
  });
});

describe('the bundled catalog keeps the convention', () => {
  const models = loadCatalog(BUNDLED_CATALOG).models;
  const byId = (id: string) => {
    const m = models.find((x) => x.id === id);
    if (!m) throw new Error(`${id} is not in the bundled catalog`);
    return m;
  };

  it('DeepSeek-V3.2-Exp no longer ranks above R1 by its MTP module', () => {
    const r1 = byId('deepseek-ai/DeepSeek-R1');
    const exp = byId('deepseek-ai/DeepSeek-V3.2-Exp');
    expect(exp.parameters.total).not.toBeNull();
    // Its canonical count is the config's without MTP: above R1's 671B only by the sparse-attention indexer
    // (under 1B), no longer by the 14B MTP module.
    expect(exp.parameters.total).toBe(exp.computed?.total);
    expect((exp.parameters.total ?? 0) - (r1.parameters.total ?? 0)).toBeLessThan(1e9);
    // The maker's 685B is kept, marked as including the MTP module, and not used.
    const withMtp = exp.parameterCounts.filter((p) => p.includesMtp);
    expect(withMtp.map((p) => [p.total, p.canonical])).toEqual([[685_000_000_000, false]]);
  });

  it('no canonical total includes the MTP module its config gives', () => {
    const withMtp = models.filter((m) => (m.computed?.extra.mtp ?? 0) > 0);
    expect(withMtp.length).toBeGreaterThanOrEqual(4);
    for (const m of withMtp) {
      const computed = m.computed?.total ?? 0;
      expect(Math.abs((m.parameters.total ?? 0) - computed) / computed, m.id).toBeLessThan(0.01);
    }
  });
});
