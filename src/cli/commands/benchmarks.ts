import { Command } from 'commander';
import { withSnapshot } from '../context.ts';
import { printJson, renderTable, writeOut } from '../output.ts';

export function benchmarksCommand(): Command {
  return new Command('benchmarks')
    .description(
      'Benchmarks with results in the catalog, and how many models report each (most reported first)',
    )
    .option('--json', 'print exactly what GET /api/benchmarks returns')
    .action(async (o: { json?: boolean }, cmd: Command) => {
      const rows = await withSnapshot(cmd, (deps) => deps.benchmarks.list());
      if (o.json) return printJson({ rows });
      writeOut(
        `${renderTable(
          ['benchmark', 'metric', 'models'],
          rows.map((r) => [r.benchmark, r.metric, String(r.models)]),
        )}\n`,
      );
    });
}
