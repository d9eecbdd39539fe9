import { Command } from 'commander';
import { compareModels, MAX_COMPARE, type ModelComparison } from '../../analysis/compare-models.ts';
import { BadRequestError } from '../../domain/errors.ts';
import { percent } from '../../domain/format.ts';
import { withSnapshot } from '../context.ts';
import { gib, humanCount, printJson, renderTable, writeOut } from '../output.ts';

export function compareCommand(): Command {
  return new Command('compare')
    .description(
      'Models side by side: parameter ratios against the first, memory per precision, benchmark deltas',
    )
    .argument('<models...>', `2 to ${MAX_COMPARE} ids, names or aliases; the first is the reference`)
    .option('--json', 'print exactly what GET /api/compare?ids=… returns')
    .action(async (names: string[], o: { json?: boolean }, cmd: Command) => {
      if (names.length < 2 || names.length > MAX_COMPARE) {
        throw new BadRequestError(
          'invalid_parameter',
          `compare takes 2 to ${MAX_COMPARE} models; got ${names.length}`,
        );
      }
      const comparison = await withSnapshot(cmd, async (deps) =>
        compareModels(await Promise.all(names.map((n) => deps.models.get(n)))),
      );
      if (o.json) return printJson(comparison);
      writeOut(`${renderComparison(comparison)}\n`);
    });
}

const ratioText = (r: number | null) => (r === null ? '' : percent(r));
const signed = (d: number) => (d > 0 ? `+${d}` : String(d));

function renderComparison(c: ModelComparison): string {
  const name = new Map(c.models.map((m) => [m.id, m.name]));
  const ref = name.get(c.reference) ?? c.reference;
  const lines = [
    renderTable(
      ['model', 'released', 'makers', 'licence', 'total', 'active', `total / ${ref}`, `active / ${ref}`],
      c.models.map((m, i) => {
        const p = c.parameters[i];
        return [
          m.id,
          m.released ?? '',
          m.organizations.map((o) => o.id).join(','),
          m.license.id,
          humanCount(m.parameters.total),
          humanCount(m.parameters.active),
          ratioText(p?.totalRatio ?? null),
          ratioText(p?.activeRatio ?? null),
        ];
      }),
    ),
    '',
    'weights in memory',
    renderTable(
      ['model', 'bf16', 'fp8', 'int8', 'int4', 'from'],
      c.memory.map((m) => [
        m.id,
        ...[m.bf16, m.fp8, m.int8, m.int4].map((b) => (b === null ? '' : gib(b))),
        m.basis ?? '',
      ]),
    ),
  ];
  if (c.benchmarks.length > 0) {
    const ids = c.models.map((m) => m.id);
    lines.push(
      '',
      `benchmarks reported by at least two (score, and difference from ${ref})`,
      renderTable(
        ['benchmark', 'metric', ...ids.map((id) => name.get(id) ?? id)],
        c.benchmarks.map((b) => [
          b.benchmark,
          b.metric,
          ...ids.map((id) => {
            const score = b.scores[id];
            if (score === null || score === undefined) return '';
            const delta = b.deltas[id] ?? null;
            return id === c.reference || delta === null ? String(score) : `${score} (${signed(delta)})`;
          }),
        ]),
      ),
    );
  }
  return lines.join('\n');
}
