import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { catalogCopy, MINI_CATALOG } from '../../test/helpers/catalog-fixture.ts';
import { CatalogError, type CatalogIssue } from '../domain/errors.ts';
import { loadCatalog } from './load-catalog.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

/** Loads a copy of the mini catalog with some files changed and returns the issues it reports. */
function issuesWith(files: Record<string, string | null>): CatalogIssue[] {
  const copy = catalogCopy(files);
  cleanups.push(copy.cleanup);
  try {
    loadCatalog(copy.dir);
  } catch (e) {
    if (e instanceof CatalogError) return e.issues;
    throw e;
  }
  return [];
}

const MODEL = (extra: string) => `
id = "acme-ai/Acme-3B"
name = "Acme-3B"
released = 2024-05-01
weights = "open"
license = "MIT"
input = ["text"]
output = ["text"]
tasks = ["chat"]
architecture = "dense"
hugging_face = ["acme-ai/Acme-3B"]
${extra}
`;
const SOURCE = `
[[sources]]
id = "card"
url = "https://huggingface.co/acme-ai/Acme-3B"
`;

describe('loadCatalog', () => {
  it('loads the mini catalog into domain records with resolved organisations, licences and sources', () => {
    const c = loadCatalog(MINI_CATALOG);
    expect(c.models).toHaveLength(9);
    const moe = c.models.find((m) => m.id === 'dragon-lab/Dragon-MoE-200B-A20B');
    expect(moe?.organizations).toEqual([{ id: 'dragon-lab', name: 'Dragon Lab', country: 'CN' }]);
    expect(moe?.license).toMatchObject({ id: 'MIT', class: 'open-source' });
    expect(moe?.parameters).toEqual({ total: 200_000_000_000, active: 20_000_000_000 });
    expect(moe?.parameterCounts.map((p) => [p.method, p.canonical])).toEqual([
      ['official', true],
      ['hub', false],
    ]);
    expect(moe?.provenance.released?.url).toBe('https://dragon.example/blog/moe');
    expect(moe?.provenance.license?.id).toBe('card');
    const joint = c.models.find((m) => m.id === 'dragon-lab/joint-robot');
    expect(joint?.countries.sort()).toEqual(['CN', 'US']);
    expect(c.organizations.find((o) => o.id === 'acme')?.modelCount).toBe(5);
    expect(c.models.find((m) => m.id === 'acme/acme-vision')?.releasedPrecision).toBe('month');
  });

  it('hashes the files: the same tree gives the same hash, a changed byte a new one', () => {
    const a = catalogCopy();
    const b = catalogCopy({
      'acme/org.toml': `${'# comment\n'}${'name = "Acme AI"\naliases = ["Acme"]\ncountry = "US"\nkind = "big-tech"\nhugging_face = ["acme-ai"]\n[[sources]]\nid = "site"\nurl = "https://acme.example/about"\n'}`,
    });
    cleanups.push(a.cleanup, b.cleanup);
    expect(loadCatalog(a.dir).hash).toBe(loadCatalog(MINI_CATALOG).hash);
    expect(loadCatalog(b.dir).hash).not.toBe(loadCatalog(a.dir).hash);
  });

  it('rejects a wrong type, naming file, field and the bad value', () => {
    const issues = issuesWith({
      'acme/models/acme-3b.toml': MODEL(
        `[[parameters]]\ntotal = "3B"\nmethod = "official"\nsource = "card"\n${SOURCE}`,
      ),
    });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      file: 'catalog/acme/models/acme-3b.toml',
      field: 'parameters[0].total',
    });
    expect(issues[0]?.message).toBe('expected a number, got "3B"');
    expect(issues[0]?.line).toBe(13);
  });

  it('rejects a date that is not on the calendar instead of rolling it over, naming file, line and field', () => {
    const issues = issuesWith({
      'acme/models/acme-3b.toml': MODEL(SOURCE).replace('released = 2024-05-01', 'released = 2025-02-30'),
    });
    expect(issues).toEqual([
      {
        file: 'catalog/acme/models/acme-3b.toml',
        field: 'released',
        line: 4,
        message: '2025-02-30 is not a calendar date',
      },
    ]);
    const leap = issuesWith({
      'acme/models/acme-3b.toml': MODEL(`# not a date: 2025-02-31\n${SOURCE}`)
        .replace('released = 2024-05-01', 'released = 2024-02-29')
        .replace('url = "https://huggingface.co/acme-ai/Acme-3B"', 'url = "https://acme.example/2023-02-29"'),
    });
    expect(leap).toEqual([]);
  });

  it('names a folder called x.toml in a models folder as a catalog error, not a stack trace', () => {
    const copy = catalogCopy();
    cleanups.push(copy.cleanup);
    mkdirSync(path.join(copy.dir, 'acme/models/x.toml'));
    let issues: CatalogIssue[] = [];
    try {
      loadCatalog(copy.dir);
    } catch (e) {
      if (!(e instanceof CatalogError)) throw e;
      issues = e.issues;
    }
    expect(issues).toEqual([
      { file: 'catalog/acme/models/x.toml', field: '', message: 'a folder, where a TOML file belongs' },
    ]);
  });

  it('caps text fields: a 10 MB name is refused naming the field and the cap, not stored', () => {
    const issues = issuesWith({
      'acme/models/acme-3b.toml': MODEL(`notes = "${'n'.repeat(10_001)}"\n${SOURCE}`).replace(
        'name = "Acme-3B"',
        `name = "${'x'.repeat(10_000_000)}"`,
      ),
    });
    expect(issues).toEqual([
      {
        file: 'catalog/acme/models/acme-3b.toml',
        field: 'name',
        line: 3,
        message: '10,000,000 characters, more than the 200 this field may hold',
      },
      {
        file: 'catalog/acme/models/acme-3b.toml',
        field: 'notes',
        line: 12,
        message: '10,001 characters, more than the 10,000 this field may hold',
      },
    ]);
  });

  it('rejects an unknown organisation', () => {
    const issues = issuesWith({
      'acme/models/acme-3b.toml': MODEL(`organizations = ["acme", "nobody"]\n${SOURCE}`).replace(
        'architecture = "dense"\n',
        'architecture = "dense"\n',
      ),
    });
    expect(issues.map((i) => [i.file, i.field, i.message])).toEqual([
      ['catalog/acme/models/acme-3b.toml', 'organizations[1]', 'unknown organisation "nobody"'],
    ]);
  });

  it('rejects a duplicate id, naming both files', () => {
    const issues = issuesWith({
      'acme/models/acme-7b-copy.toml': MODEL(SOURCE)
        .replace(/acme-ai\/Acme-3B/g, 'acme-ai/Acme-7B')
        .replace('name = "Acme-3B"', 'name = "Acme Seven"'),
    });
    const dup = issues.find((i) => i.field === 'id' && i.message.startsWith('duplicate id'));
    expect(dup?.file).toBe('catalog/acme/models/acme-7b.toml');
    expect(dup?.message).toContain('catalog/acme/models/acme-7b-copy.toml');
  });

  it('rejects a duplicate alias, case-insensitively', () => {
    const issues = issuesWith({ 'acme/models/acme-3b.toml': MODEL(`aliases = ["acme 7b"]\n${SOURCE}`) });
    expect(issues).toHaveLength(1);
    // Files load in name order, so the later file (acme-7b) is the one told its alias is taken.
    expect(issues[0]).toMatchObject({ file: 'catalog/acme/models/acme-7b.toml', field: 'aliases[0]' });
    expect(issues[0]?.message).toBe(
      'duplicate alias "Acme 7B": already the alias of acme-ai/Acme-3B (catalog/acme/models/acme-3b.toml)',
    );
  });

  it('rejects a model without sources and a fact whose source is unknown', () => {
    expect(issuesWith({ 'acme/models/acme-3b.toml': MODEL('') })).toEqual([
      expect.objectContaining({ field: 'sources', message: 'a model needs at least one source' }),
    ]);
    const issues = issuesWith({
      'acme/models/acme-3b.toml': MODEL(
        `[[benchmarks]]\nbenchmark = "MMLU"\nscore = 50\nmetric = "accuracy"\nsource = "paper"\n${SOURCE}`,
      ),
    });
    expect(issues).toEqual([
      expect.objectContaining({
        field: 'benchmarks[0].source',
        message: expect.stringContaining('unknown source "paper"'),
      }),
    ]);
  });

  it('rejects scalar facts without a source when several sources exist and none is the default', () => {
    const issues = issuesWith({
      'acme/models/acme-3b.toml': MODEL(
        `${SOURCE}\n[[sources]]\nid = "blog"\nurl = "https://acme.example/blog"\n`,
      ),
    });
    expect(issues.map((i) => i.field)).toEqual(expect.arrayContaining(['released', 'weights', 'license']));
    expect(issues[0]?.message).toMatch(/fact without a source/);
  });

  it('rejects an unknown base model', () => {
    const issues = issuesWith({
      'acme/models/acme-3b.toml': MODEL(`base_models = ["acme-ai/Acme-1B"]\n${SOURCE}`),
    });
    expect(issues).toEqual([
      expect.objectContaining({
        file: 'catalog/acme/models/acme-3b.toml',
        field: 'base_models[0]',
        message: expect.stringContaining('unknown base model "acme-ai/Acme-1B"'),
      }),
    ]);
  });

  it('reports TOML syntax errors with their line, unknown fields and unknown licences', () => {
    const syntax = issuesWith({ 'acme/models/acme-3b.toml': 'id = "x/y"\nname = \n' });
    expect(syntax[0]).toMatchObject({ file: 'catalog/acme/models/acme-3b.toml', line: 2 });
    expect(syntax[0]?.message).toMatch(/^invalid TOML/);
    const unknown = issuesWith({ 'acme/models/acme-3b.toml': MODEL(`paramters = 3\n${SOURCE}`) });
    expect(unknown).toEqual([
      expect.objectContaining({ field: 'paramters', message: 'unknown field "paramters"', line: 12 }),
    ]);
    const licence = issuesWith({ 'acme/models/acme-3b.toml': MODEL(SOURCE).replace('"MIT"', '"WTFPL-9"') });
    expect(licence).toEqual([
      expect.objectContaining({ field: 'license', message: expect.stringContaining('unknown licence') }),
    ]);
  });

  it('accepts only http(s) source URLs, since people click them', () => {
    const issues = issuesWith({
      'acme/models/acme-3b.toml': MODEL(
        SOURCE.replace('https://huggingface.co/acme-ai/Acme-3B', 'javascript:alert(1)'),
      ),
    });
    expect(issues).toEqual([
      expect.objectContaining({
        field: 'sources[0].url',
        message: expect.stringContaining('expected an absolute http(s) URL'),
      }),
    ]);
  });

  it('rejects enum values it does not know, listing the allowed ones', () => {
    const issues = issuesWith({
      'acme/models/acme-3b.toml': MODEL(SOURCE).replace('weights = "open"', 'weights = "sort-of"'),
    });
    expect(issues[0]?.field).toBe('weights');
    expect(issues[0]?.message).toMatch(/expected one of "open", "announced"/);
  });

  it('requires one canonical count when there are several, and the Hub repo as id', () => {
    const issues = issuesWith({
      'acme/models/acme-3b.toml': MODEL(
        `[[parameters]]\ntotal = 3\nmethod = "official"\nsource = "card"\n[[parameters]]\ntotal = 4\nmethod = "hub"\nsource = "card"\n${SOURCE}`,
      ).replace('id = "acme-ai/Acme-3B"', 'id = "acme-ai/Other"'),
    });
    expect(issues.map((i) => i.field).sort()).toEqual(['id', 'parameters']);
  });

  it('names the missing org.toml and a missing catalog folder', () => {
    expect(issuesWith({ 'acme/org.toml': null })).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: 'catalog/acme/org.toml', message: 'file is missing' }),
      ]),
    );
    expect(() => loadCatalog('/nonexistent/catalog')).toThrow(/catalog folder not found/);
  });
});

describe('model configs in the catalog', () => {
  const LLAMA2_7B = `model_type = "llama"
hidden_size = 4096
intermediate_size = 11008
num_hidden_layers = 32
num_attention_heads = 32
num_key_value_heads = 32
vocab_size = 32000
tie_word_embeddings = false`;
  const withConfig = (total: string, config: string) =>
    MODEL(`[[parameters]]\ntotal = ${total}\nmethod = "official"\nsource = "card"\n\n${config}\n${SOURCE}`);

  function load(files: Record<string, string | null>) {
    const copy = catalogCopy(files);
    cleanups.push(copy.cleanup);
    return loadCatalog(copy.dir);
  }

  it('adds the computed count and report, and warns when a stated count is more than 2% off', () => {
    const close = load({
      'acme/models/acme-3b.toml': withConfig(
        '6_740_000_000',
        `[config]\nsource = "card"\n[config.json]\n${LLAMA2_7B}`,
      ),
    });
    const model = close.models.find((m) => m.id === 'acme-ai/Acme-3B');
    expect(model?.computed?.total).toBe(6_738_415_616);
    expect(model?.parameterCounts.map((p) => [p.method, p.total, p.canonical])).toEqual([
      ['official', 6_740_000_000, true],
      ['computed', 6_738_415_616, false],
    ]);
    expect(close.warnings).toEqual([]);

    const far = load({
      'acme/models/acme-3b.toml': withConfig(
        '7_500_000_000',
        `[config]\nsource = "card"\n[config.json]\n${LLAMA2_7B}`,
      ),
    });
    expect(far.warnings).toEqual([
      expect.objectContaining({
        file: 'catalog/acme/models/acme-3b.toml',
        field: 'parameters[0].total',
        message: 'stated 7,500,000,000 differs by 11.3% from 6,738,415,616 computed from the config',
      }),
    ]);
  });

  it('reads a config file from the organisation folder, and refuses paths outside it', () => {
    const json = JSON.stringify(
      Object.fromEntries(
        LLAMA2_7B.split('\n').map((l) => {
          const [k, v] = l.split(' = ') as [string, string];
          return [k, JSON.parse(v)];
        }),
      ),
    );
    const c = load({
      'acme/configs/acme-3b.json': json,
      'acme/models/acme-3b.toml': withConfig(
        '6_738_415_616',
        '[config]\nsource = "card"\nfile = "configs/acme-3b.json"',
      ),
    });
    expect(c.models.find((m) => m.id === 'acme-ai/Acme-3B')?.computed?.architecture).toBe('llama');
    expect(
      issuesWith({
        'acme/models/acme-3b.toml': withConfig(
          '1',
          '[config]\nsource = "card"\nfile = "../../licenses.toml"',
        ),
      }),
    ).toEqual([
      expect.objectContaining({
        field: 'config.file',
        message: 'a config file lives inside its organisation folder',
      }),
    ]);
  });

  it('rejects a config it cannot count, naming the architecture', () => {
    const issues = issuesWith({
      'acme/models/acme-3b.toml': withConfig(
        '1',
        `[config]\nsource = "card"\n[config.json]\n${LLAMA2_7B.replace('"llama"', '"perceiver"')}`,
      ),
    });
    expect(issues).toEqual([
      expect.objectContaining({ field: 'config', message: 'unsupported architecture: perceiver' }),
    ]);
  });
});

describe('training facts and name-only counts', () => {
  const PAPER = `${SOURCE}\n[[sources]]\nid = "paper"\nurl = "https://acme.example/paper.pdf"\n`;
  const COUNT = (method: string) =>
    `[[parameters]]\ntotal = 3_000_000_000\nmethod = "${method}"\nsource = "card"\n`;
  const TRAINING = `[training]
tokens = 14.8e12
gpu_hours = 2_788_000
gpu = "H800"
cost_usd = 5_576_000
source = "paper"
note = "final run only"
[training.provenance]
cost_usd = "card"
`;

  function load(files: Record<string, string | null>) {
    const copy = catalogCopy(files);
    cleanups.push(copy.cleanup);
    return loadCatalog(copy.dir);
  }
  const acme3b = (c: ReturnType<typeof loadCatalog>) => c.models.find((m) => m.id === 'acme-ai/Acme-3B');

  it('loads [training] with each figure sourced, and estimates FLOPs as 6ND when none are stated', () => {
    const c = load({
      'acme/models/acme-3b.toml': MODEL(`source = "card"\n${COUNT('official')}${TRAINING}${PAPER}`),
    });
    const t = acme3b(c)?.training;
    expect(t).toMatchObject({
      tokens: 14.8e12,
      gpuHours: 2_788_000,
      gpu: 'H800',
      costUsd: 5_576_000,
      note: 'final run only',
      flopsMethod: 'estimate-6ND',
      source: { id: 'paper', url: 'https://acme.example/paper.pdf' },
    });
    // Dense: every parameter is active, so 6 × 3e9 × 14.8e12.
    expect(t?.flops).toBeCloseTo(6 * 3e9 * 14.8e12, -10);
    expect(Object.fromEntries(Object.entries(t?.provenance ?? {}).map(([k, v]) => [k, v.id]))).toEqual({
      tokens: 'paper',
      gpuHours: 'paper',
      gpu: 'paper',
      costUsd: 'card',
    });
  });

  it('keeps stated FLOPs as stated, and makes no estimate without an active count', () => {
    const stated = load({
      'acme/models/acme-3b.toml': MODEL(
        `source = "card"\n${COUNT('official')}${TRAINING.replace('tokens', 'flops = 3.3e24\ntokens')}${PAPER}`,
      ),
    });
    expect(acme3b(stated)?.training).toMatchObject({ flops: 3.3e24, flopsMethod: 'stated' });
    const moe = load({
      'acme/models/acme-3b.toml': MODEL(`source = "card"\n${COUNT('official')}${TRAINING}${PAPER}`).replace(
        'architecture = "dense"',
        'architecture = "moe"',
      ),
    });
    expect(acme3b(moe)?.training).toMatchObject({ flops: null, flopsMethod: null });
    expect(load({}).models.find((m) => m.id === 'acme-ai/Acme-7B-Chat')?.training).toBeNull();
  });

  it('rejects unknown keys, non-positive figures, unknown sources and provenance for unstated figures', () => {
    const issues = issuesWith({
      'acme/models/acme-3b.toml': MODEL(
        `source = "card"\n[training]\ntokens = -1\ngpu_hours = 0\nhours = 5\nsource = "blog"\n[training.provenance]\nflops = "card"\n${SOURCE}`,
      ),
    });
    expect(issues.map((i) => [i.field, i.line, i.message])).toEqual([
      ['training.tokens', 14, 'must be positive, got -1'],
      ['training.gpu_hours', 15, 'must be positive, got 0'],
      ['training.hours', 16, 'unknown field "hours"'],
    ]);
    const refs = issuesWith({
      'acme/models/acme-3b.toml': MODEL(
        `source = "card"\n[training]\ntokens = 1e12\nsource = "blog"\n[training.provenance]\nflops = "card"\n${SOURCE}`,
      ),
    });
    expect(refs.map((i) => [i.field, i.message])).toEqual([
      ['training.source', 'unknown source "blog" (not among this file\'s [[sources]])'],
      ['training.provenance.flops', 'provenance for a figure the table does not state'],
    ]);
    const empty = issuesWith({ 'acme/models/acme-3b.toml': MODEL(`[training]\nsource = "card"\n${SOURCE}`) });
    expect(empty.map((i) => [i.field, i.message])).toEqual([
      ['training', 'give at least one of tokens, gpu_hours, gpu, cost_usd, flops'],
    ]);
  });

  it('accepts a count read from the name, canonical when it is the only one, and warns beside a better one', () => {
    const only = load({ 'acme/models/acme-3b.toml': MODEL(`${COUNT('name')}${SOURCE}`) });
    expect(acme3b(only)?.parameterCounts.map((p) => [p.method, p.canonical])).toEqual([['name', true]]);
    expect(acme3b(only)?.parameters.total).toBe(3_000_000_000);
    expect(only.warnings).toEqual([]);
    const beside = load({
      'acme/models/acme-3b.toml': MODEL(
        `${COUNT('name').replace('source', 'canonical = true\nsource')}${COUNT('hub').replace('3_000', '3_210')}${SOURCE}`,
      ),
    });
    expect(beside.warnings).toEqual([
      expect.objectContaining({
        file: 'catalog/acme/models/acme-3b.toml',
        field: 'parameters[0].method',
        message:
          'a count read from the name is canonical beside a hub count (3,210,000,000): mark that one canonical',
      }),
    ]);
  });
});
