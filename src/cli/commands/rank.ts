import { Command } from 'commander';
import { ATTRIBUTIONS, GROUPINGS, RANK_METRICS } from '../../analysis/rank.ts';
import { parseRankOptions } from '../../store/hub-query.ts';
import { withDeps } from '../context.ts';
import { printJson, renderTable, writeOut } from '../output.ts';

export function rankCommand(): Command {
  return new Command('rank')
    .description(
      'Which countries, organisations or families the top Hub models belong to (from the latest snapshot)',
    )
    .option('--by <metric>', RANK_METRICS.join(' | '), 'downloads')
    .option('--top <n>', 'how many top models', '100')
    .option('--group <g>', GROUPINGS.join(' | '), 'country')
    .option(
      '--attribution <a>',
      `${ATTRIBUTIONS.join(' | ')}: a derivative counts for its own author or its root model's`,
      'author',
    )
    .option('--at <date>', 'use the latest snapshot taken at or before this date')
    .option('--json', 'print exactly what GET /api/rank returns')
    .action(async (o: Record<string, string | undefined>, cmd: Command) => {
      const opts = parseRankOptions(o);
      const groups = await withDeps(cmd, (deps) => deps.hub.rank(opts));
      if (o.json) return printJson(groups);
      writeOut(
        `${renderTable(
          [opts.group, 'models', 'share'],
          groups.map((g) => [g.group ?? '(unattributed)', String(g.count), `${(g.share * 100).toFixed(1)}%`]),
        )}\n`,
      );
    });
}
