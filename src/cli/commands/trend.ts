import { Command } from 'commander';
import { ATTRIBUTIONS, GROUPINGS } from '../../analysis/rank.ts';
import { INTERVALS, TREND_METRICS } from '../../analysis/trend.ts';
import { parseTrendOptions } from '../../store/hub-query.ts';
import { withDeps } from '../context.ts';
import { printJson, renderTable, writeOut } from '../output.ts';

export function trendCommand(): Command {
  return new Command('trend')
    .description('New Hub models or derivatives per month (quarter, year) of createdAt, per group')
    .option('--by <metric>', TREND_METRICS.join(' | '), 'new-derivatives')
    .option('--group <g>', GROUPINGS.join(' | '), 'country')
    .option('--interval <i>', INTERVALS.join(' | '), 'month')
    .option(
      '--attribution <a>',
      `${ATTRIBUTIONS.join(' | ')} (default root: by the root model's country)`,
      'root',
    )
    .option(
      '--groups <n>',
      'how many groups keep their own rows (the most models over all periods; default 50, at most 1000); the rest are summed per period as (other)',
    )
    .option('--at <date>', 'use the latest snapshot taken at or before this date')
    .option('--json', 'print exactly what GET /api/trend returns')
    .action(async (o: Record<string, string | undefined>, cmd: Command) => {
      const opts = parseTrendOptions(o);
      const points = await withDeps(cmd, (deps) => deps.hub.trend(opts));
      if (o.json) return printJson(points);
      writeOut(
        `${renderTable(
          ['period', opts.group, 'models'],
          points.map((p) => [p.period, p.group ?? '(unattributed)', p.count.toLocaleString('en-US')]),
        )}\n`,
      );
    });
}
