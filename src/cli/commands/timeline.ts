import { Command, Option } from 'commander';
import { modelListSpec, parseModelFilters } from '../../store/model-repo.ts';
import {
  TIMELINE_GROUP_NAMES,
  TIMELINE_INTERVALS,
  type TimelineGroup,
  type TimelineInterval,
  type TimelineRow,
} from '../../store/stats-repo.ts';
import { withSnapshot } from '../context.ts';
import { addFilterFlags, filterFlagPairs } from '../list-flags.ts';
import { printJson, renderTable, writeOut } from '../output.ts';

/** Groups shown as columns of the table; the rest are summed under "other". */
const TABLE_GROUPS = 8;

export function timelineCommand(): Command {
  const cmd = new Command('timeline')
    .description(
      'Releases per month or year, by country, organisation, licence class, architecture or weights',
    )
    .addOption(new Option('--interval <i>', 'month or year').choices(TIMELINE_INTERVALS).default('month'))
    .addOption(new Option('--group <g>', 'what to count by').choices(TIMELINE_GROUP_NAMES).default('country'))
    .option('--json', 'print exactly what GET /api/timeline returns');
  return addFilterFlags(cmd, modelListSpec).action(async (o: Record<string, unknown>, cmd: Command) => {
    // The filter flags of `omo models`, labelled so that errors name the flag typed.
    const { pairs, labels } = filterFlagPairs(cmd, modelListSpec, o);
    const { filters } = parseModelFilters(pairs, [], labels);
    const interval = o.interval as TimelineInterval;
    const group = o.group as TimelineGroup;
    const timeline = await withSnapshot(cmd, (deps) => deps.stats.timeline(filters, interval, group));
    if (o.json) return printJson(timeline);
    writeOut(`${renderTimeline(timeline.rows, group)}\n`);
    if (timeline.undated > 0) {
      const hint =
        interval === 'month' ? ' to the month (--interval year counts those dated to the year)' : '';
      writeOut(`\n${timeline.undated} more without a release date${hint}\n`);
    }
  });
}

/** Periods as rows, the most frequent groups as columns, with a total per period. */
function renderTimeline(rows: TimelineRow[], group: TimelineGroup): string {
  const totals = new Map<string, number>();
  for (const r of rows) totals.set(String(r.group), (totals.get(String(r.group)) ?? 0) + r.count);
  const shown =
    group === 'none'
      ? []
      : [...totals]
          .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
          .slice(0, TABLE_GROUPS)
          .map(([g]) => g);
  const other = totals.size > shown.length && group !== 'none';
  const periods = [...new Set(rows.map((r) => r.period))];
  return renderTable(
    ['period', ...shown, ...(other ? ['other'] : []), 'total'],
    periods.map((period) => {
      const cells = rows.filter((r) => r.period === period);
      const of = (g: string) => cells.filter((r) => String(r.group) === g).reduce((n, r) => n + r.count, 0);
      const sum = cells.reduce((n, r) => n + r.count, 0);
      const inShown = shown.reduce((n, g) => n + of(g), 0);
      const blank = (n: number) => (n === 0 ? '' : String(n));
      return [
        period,
        ...shown.map((g) => blank(of(g))),
        ...(other ? [blank(sum - inShown)] : []),
        String(sum),
      ];
    }),
  );
}
