import { Command, Option } from 'commander';
import { type BenchmarkFrontier, benchmarkFrontier, FRONTIER_AXES } from '../../store/benchmark-frontier.ts';
import { modelListSpec, parseModelFilters } from '../../store/model-repo.ts';
import { withSnapshot } from '../context.ts';
import { addFilterFlags, filterFlagPairs } from '../list-flags.ts';
import { humanCount, printJson, renderTable, writeOut } from '../output.ts';

export function frontierCommand(): Command {
  const cmd = new Command('frontier')
    .description(
      'A benchmark score against parameters, with the Pareto frontier (no model smaller and better)',
    )
    .requiredOption('--benchmark <name>', 'e.g. "AIME 2024" (see omo benchmarks)')
    .option('--metric <m>', 'only results with this metric (default: the one most models report)')
    .addOption(new Option('--x <axis>', 'parameters on the x axis').choices(FRONTIER_AXES).default('active'))
    .option('--json', 'print exactly what GET /api/frontier returns');
  return addFilterFlags(cmd, modelListSpec).action(async (o: Record<string, unknown>, cmd: Command) => {
    // The filter flags of `omo models`, labelled so that errors name the flag typed.
    const { pairs, labels } = filterFlagPairs(cmd, modelListSpec, o);
    const { filters } = parseModelFilters(pairs, [], labels);
    const query = {
      benchmark: o.benchmark as string,
      metric: (o.metric as string | undefined) ?? null,
      x: o.x as (typeof FRONTIER_AXES)[number],
      filters,
      labels: { benchmark: '--benchmark', metric: '--metric' },
    };
    const result = await withSnapshot(cmd, (deps) => benchmarkFrontier(deps.benchmarks, query));
    if (o.json) return printJson(result);
    writeOut(`${renderFrontier(result)}\n`);
  });
}

function renderFrontier(f: BenchmarkFrontier): string {
  if (f.metric === null) return `no results for "${f.benchmark}" in the catalog (see omo benchmarks)`;
  const others = f.metrics.filter((m) => m.metric !== f.metric);
  const lines = [
    `${f.benchmark} (${f.metric}) against ${f.x} parameters: ${f.points.length} models, ${f.frontier.length} on the frontier (*)`,
    ...(others.length
      ? [`also reported as ${others.map((m) => `${m.metric} (${m.models})`).join(', ')}: --metric`]
      : []),
    '',
    renderTable(
      ['', 'model', f.x, 'score', 'variant', 'released', 'countries'],
      [...f.points]
        .sort((a, b) => (a[f.x] ?? 0) - (b[f.x] ?? 0) || b.score - a.score || a.id.localeCompare(b.id))
        .map((p) => [
          p.onFrontier ? '*' : '',
          p.id,
          humanCount(p[f.x]),
          String(p.score),
          p.variant,
          p.released ?? '',
          p.countries.join(','),
        ]),
    ),
  ];
  if (f.withoutParameters.length > 0) {
    lines.push('', `without ${f.x} parameters: ${f.withoutParameters.join(', ')}`);
  }
  return lines.join('\n');
}
