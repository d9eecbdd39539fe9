import { Command } from 'commander';
import { LEADER_GROUPS } from '../../boards/leaders.ts';
import {
  type BestAnswer,
  type BoardsAnswer,
  type LeadersAnswer,
  type LeadersSeries,
  leadersAt,
  leadersBest,
  leadersOverTime,
  listBoards,
} from '../../store/board-leaders.ts';
import { MAX_LEADERS_TOP, parseLeadersFlags } from '../../store/leaders-query.ts';
import { withSnapshot } from '../context.ts';
import { printJson, renderTable, writeOut } from '../output.ts';

const pct = (share: number) => `${(share * 100).toFixed(1)}%`;
const label = (group: string | null) => group ?? '(unknown)';
/** How many groups a series shows in columns; the rest are summed into "other". */
const SERIES_COLUMNS = 8;

export function leadersCommand(): Command {
  return new Command('leaders')
    .description(
      'Who leads a leaderboard: shares of its top N by country, maker, open or closed weights or licence class, over time, and the best open and closed models',
    )
    .option('--board <id>', 'the board (without it: list the boards and their snapshots, as GET /api/boards)')
    .option('--top <n>', `how many of the board's first rows by score, 1–${MAX_LEADERS_TOP}`, '100')
    .option('--group <g>', LEADER_GROUPS.join(' | '), 'country')
    .option('--open', 'count only the open-weight rows among the top N (shares of those)')
    .option('--at <date>', "the board's latest snapshot at or before this day (YYYY-MM-DD)")
    .option('--over <time>', 'time: the shares in every snapshot, oldest first')
    .option(
      '--best',
      'per snapshot: the best model of each country, the best open and closed, and the score gap',
    )
    .option('--json', 'print exactly what GET /api/leaders (/api/leaders/best, /api/boards) returns')
    .action(async (o: Record<string, string | boolean | undefined>, cmd: Command) => {
      if (o.board === undefined) {
        const boards = await withSnapshot(cmd, (deps) => listBoards(deps));
        return o.json ? printJson(boards) : writeOut(boardsText(boards));
      }
      const q = parseLeadersFlags({
        ...o,
        open: o.open ? 'true' : undefined,
        best: undefined,
        json: undefined,
      });
      if (o.best) {
        const best = await withSnapshot(cmd, (deps) => leadersBest(deps, q.board));
        return o.json ? printJson(best) : writeOut(bestText(best));
      }
      const { over, at, ...rest } = q;
      if (over === 'time') {
        const series = await withSnapshot(cmd, (deps) => leadersOverTime(deps, rest));
        return o.json ? printJson(series) : writeOut(seriesText(series));
      }
      const answer = await withSnapshot(cmd, (deps) => leadersAt(deps, { ...rest, at }));
      return o.json ? printJson(answer) : writeOut(answerText(answer));
    });
}

function answerText(a: LeadersAnswer): string {
  const what = a.open ? `the open-weight models among the top ${a.top}` : `the top ${a.top}`;
  const lines = [
    `${a.board} on ${a.at}: ${what} by ${a.group} (${a.source.title}, ${a.source.url})`,
    '',
    renderTable(
      [a.group, 'models', 'share'],
      a.rows.map((r) => [label(r.group), String(r.count), pct(r.share)]),
    ),
    '',
    `${a.resolved.model} of ${a.resolved.total} resolved to a catalog model, ${a.resolved.org} to a maker`,
  ];
  if (a.unresolved.length > 0) {
    lines.push(
      '',
      'Not resolved to a catalog model (counted by their maker):',
      renderTable(
        ['rank', 'name', 'maker', 'board says', 'how'],
        a.unresolved.map((u) => [String(u.rank), u.name, u.org ?? '-', u.board_org ?? '-', u.method]),
      ),
    );
  }
  return `${lines.join('\n')}\n`;
}

function seriesText(s: LeadersSeries): string {
  const totals = new Map<string | null, number>();
  for (const p of s.series) for (const r of p.rows) totals.set(r.group, (totals.get(r.group) ?? 0) + r.count);
  const columns = [...totals]
    .sort((a, b) => b[1] - a[1] || label(a[0]).localeCompare(label(b[0])))
    .slice(0, SERIES_COLUMNS)
    .map(([g]) => g);
  const other = totals.size > columns.length;
  const rows = s.series.map((p) => {
    const count = (g: string | null) => p.rows.find((r) => r.group === g)?.count ?? 0;
    const rest = p.rows.filter((r) => !columns.includes(r.group)).reduce((n, r) => n + r.count, 0);
    return [
      p.at,
      ...columns.map((g) => String(count(g))),
      ...(other ? [String(rest)] : []),
      String(p.total),
      String(p.unresolved),
    ];
  });
  const what = s.open ? `open-weight models among the top ${s.top}` : `top ${s.top}`;
  return `${s.board}: ${what} by ${s.group}, per snapshot\n\n${renderTable(
    ['snapshot', ...columns.map(label), ...(other ? ['other'] : []), 'total', 'no model'],
    rows,
  )}\n`;
}

function bestText(b: BestAnswer): string {
  const model = (m: { name: string; score: number | null; country: string | null } | null) =>
    m ? `${m.name} (${m.country ?? '?'}, ${m.score ?? '-'})` : '-';
  const rows = b.snapshots.map((s) => [
    s.at,
    model(s.best_closed),
    model(s.best_open),
    s.gap === null ? '-' : String(s.gap),
    s.by_country
      .slice(0, 4)
      .map((c) => `${c.country} ${c.name}`)
      .join('; '),
  ]);
  return `${b.board}: the best closed and open model per snapshot (gap = closed − open score)\n\n${renderTable(
    ['snapshot', 'best closed', 'best open', 'gap', 'best per country (first four)'],
    rows,
  )}\n`;
}

function boardsText(b: BoardsAnswer): string {
  if (b.boards.length === 0) return 'no boards in the store\n';
  return `${renderTable(
    ['board', 'name', 'snapshots', 'first', 'last'],
    b.boards.map((x) => [
      x.id,
      x.name,
      String(x.snapshots.length),
      x.snapshots[0]?.at ?? '-',
      x.snapshots[x.snapshots.length - 1]?.at ?? '-',
    ]),
  )}\n`;
}
