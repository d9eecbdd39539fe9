import { Command } from 'commander';
import { countParts } from '../../domain/count-parts.ts';
import type { Model } from '../../domain/model.ts';
import { withSnapshot } from '../context.ts';
import { gib, humanCount, printJson, renderTable, scientific, writeOut } from '../output.ts';

export function showCommand(): Command {
  return new Command('show')
    .description('Show one model with every fact and its source; accepts its id, name, any alias or Hub repo')
    .argument('<id-or-alias>', 'e.g. deepseek-r1, "DeepSeek-R1", R1, deepseek-ai/DeepSeek-R1')
    .option('--json', 'print the same object as GET /api/models/{id}')
    .action(async (name: string, o: { json?: boolean }, cmd: Command) => {
      const model = await withSnapshot(cmd, (deps) => deps.models.get(name));
      if (o.json) printJson(model);
      else writeOut(`${renderModel(model)}\n`);
    });
}

function renderModel(m: Model): string {
  const lines: string[] = [];
  const src = (fact: string) => (m.provenance[fact] ? `  [${m.provenance[fact].id}]` : '');
  const row = (label: string, value: string | null | undefined, fact?: string) => {
    if (value) lines.push(`${label.padEnd(14)}${value}${fact ? src(fact) : ''}`);
  };
  lines.push(`${m.name}  (${m.id})`, '');
  row('makers', m.organizations.map((o) => `${o.name} (${o.country})`).join(', '));
  row('kind', m.kind === 'model' ? null : m.kind);
  row('family', m.family);
  row(
    'released',
    m.released ? `${m.released}${m.releasedPrecision === 'day' ? '' : ` (${m.releasedPrecision})`}` : null,
    'released',
  );
  row('announced', m.announced, 'announced');
  row('weights', m.weights, 'weights');
  row('licence', `${m.license.name} [${m.license.id}, ${m.license.class}]`, 'license');
  row('modalities', `${m.modalities.input.join(', ')} → ${m.modalities.output.join(', ') || '—'}`, 'input');
  row('tasks', m.tasks.join(', '), 'tasks');
  row(
    'architecture',
    `${m.architecture}${m.architectureDetail ? `: ${m.architectureDetail}` : ''}`,
    'architecture',
  );
  row(
    'context',
    m.contextLength ? `${m.contextLength.toLocaleString('en-US')} tokens` : null,
    'context_length',
  );
  row('hugging face', m.huggingFace.join(', '), 'hugging_face');
  row('base models', m.baseModels.join(', '), 'base_models');
  row('aliases', m.aliases.join(', '));
  lines.push(...renderParameters(m), ...renderTraining(m));
  if (m.computed) {
    const c = m.computed;
    lines.push(
      '',
      `from config.json (${c.architecture}): weights bf16 ${gib(c.memory.bf16)}, fp8 ${gib(c.memory.fp8)}, int4 ${gib(c.memory.int4)}`,
      `  KV cache ${Math.round(c.kvCacheBytesPerToken.bf16).toLocaleString('en-US')} bytes/token at bf16; ${(c.flopsPerToken / 1e9).toFixed(1)} GFLOP/token at ${c.context.toLocaleString('en-US')} context`,
    );
  }
  if (m.benchmarks.length > 0) {
    lines.push('', 'benchmarks');
    lines.push(
      renderTable(
        ['benchmark', 'score', 'metric', 'variant', 'source'],
        m.benchmarks.map((b) => [b.benchmark, String(b.score), b.metric, b.variant, b.source.id]),
      ),
    );
  }
  lines.push('', 'sources');
  for (const s of m.sources)
    lines.push(
      `  [${s.id}] ${s.title ? `${s.title} — ` : ''}${s.url}${s.accessed ? ` (read ${s.accessed})` : ''}`,
    );
  if (m.notes)
    lines.push(
      '',
      'notes',
      ...m.notes
        .trim()
        .split('\n')
        .map((l) => `  ${l}`),
    );
  lines.push('', `file: ${m.file}`);
  return lines.join('\n');
}

/** The training figures, each with its source; FLOPs say whether they are stated or a 6ND estimate. */
function renderTraining(m: Model): string[] {
  const t = m.training;
  if (!t) return [];
  const src = (fact: string) => (t.provenance[fact] ? `  [${t.provenance[fact].id}]` : '');
  const lines = ['', 'training'];
  const row = (label: string, value: string | null, fact: string) => {
    if (value) lines.push(`  ${label.padEnd(12)}${value}${src(fact)}`);
  };
  row('tokens', t.tokens === null ? null : humanCount(t.tokens), 'tokens');
  row('gpu hours', t.gpuHours === null ? null : t.gpuHours.toLocaleString('en-US'), 'gpuHours');
  row('gpu', t.gpu, 'gpu');
  row('cost', t.costUsd === null ? null : `$${t.costUsd.toLocaleString('en-US')}`, 'costUsd');
  if (t.flops !== null) {
    const estimate = t.flopsMethod === 'estimate-6ND';
    row(
      'flops',
      `${scientific(t.flops)}${estimate ? ' (estimate: 6 × active parameters × tokens)' : ''}`,
      'flops',
    );
  }
  if (t.note) lines.push(`  note        ${t.note}`);
  return lines;
}

/** Every parameter count, the canonical one starred; says what a count read from the name is. */
function renderParameters(m: Model): string[] {
  if (m.parameterCounts.length === 0) return [];
  const lines: string[] = [];
  lines.push('', 'parameters');
  lines.push(
    renderTable(
      ['', 'total', 'parts', 'active', 'method', 'source', 'note'],
      m.parameterCounts.map((p) => [
        p.canonical ? '*' : '',
        p.total === null ? '' : `${humanCount(p.total)} (${p.total.toLocaleString('en-US')})`,
        countParts(p),
        p.active === null ? '' : humanCount(p.active),
        p.method,
        p.source.id,
        p.note ?? '',
      ]),
    ),
  );
  if (m.parameterCounts.some((p) => p.method === 'name'))
    lines.push("  (method name: read only from the model's name, not a stated or computed count)");
  return lines;
}
