import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { parseBoardFile } from '../../boards/formats/parse-board-file.ts';
import { BoardId } from '../../domain/board.ts';
import { isCalendarDay } from '../../domain/calendar-day.ts';
import { BadRequestError } from '../../domain/errors.ts';
import { withDeps } from '../context.ts';
import { printJson, writeOut } from '../output.ts';

interface ImportLeaderboardFlags {
  board: string;
  at?: string;
  source?: string;
  json?: boolean;
}

/** What `omo import leaderboard` did, as `--json` prints it. */
export interface ImportLeaderboardResult {
  board: string;
  at: string;
  format: string;
  rows: number;
  /** Whether a snapshot of that board and day was there before (and is now replaced). */
  replaced: boolean;
  /** Rows of an unranked table without a score, left out. */
  unscored: number;
}

export function importCommand(): Command {
  const command = new Command('import').description('Import outside tables into the store (leaderboards)');
  command
    .command('leaderboard')
    .description(
      "Import a leaderboard table as its board's snapshot of one day (LMArena markdown, CSV or JSON; Open LLM Leaderboard v2 CSV, JSON or markdown); importing a day again replaces it",
    )
    .argument('<file>', 'the table as published or archived; its board and layout are told from its content')
    .requiredOption(
      '--board <id>',
      'the board: a short lowercase slug such as lmarena-text or open-llm-leaderboard-v2',
    )
    .option('--at <date>', 'the day the table shows (YYYY-MM-DD); required when the file does not say')
    .option('--source <url>', 'where the table was published, kept with the snapshot')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, o: ImportLeaderboardFlags, cmd: Command) => {
      const result = await importLeaderboard(file, o, cmd);
      if (o.json) return printJson(result);
      writeOut(
        `${result.replaced ? 'replaced' : 'imported'} ${result.board} ${result.at}: ${result.rows} rows (${result.format})\n`,
      );
      if (result.unscored > 0)
        writeOut(`left out ${result.unscored} rows without a score (the table is unranked)\n`);
    });
  return command;
}

async function importLeaderboard(
  file: string,
  o: ImportLeaderboardFlags,
  cmd: Command,
): Promise<ImportLeaderboardResult> {
  if (!BoardId.safeParse(o.board).success) {
    throw new BadRequestError(
      'invalid_parameter',
      `--board: "${o.board.slice(0, 80)}" is not a board id; ids are short lowercase slugs such as lmarena-text`,
    );
  }
  if (o.at !== undefined && !isCalendarDay(o.at)) {
    throw new BadRequestError(
      'invalid_parameter',
      `--at: expected a day as YYYY-MM-DD, got "${o.at.slice(0, 40)}"`,
    );
  }
  if (o.source !== undefined && !URL.canParse(o.source)) {
    throw new BadRequestError('invalid_parameter', `--source: not a URL: "${o.source.slice(0, 80)}"`);
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new BadRequestError(
      'file_not_found',
      `cannot read ${file}: ${code === 'EISDIR' ? 'a folder, not a file' : 'no such file'}`,
    );
  }
  // The whole file is read and checked before the store is opened: a bad file changes nothing.
  const parsed = parseBoardFile(bytes, file);
  if (parsed.at !== null && o.at !== undefined && parsed.at !== o.at) {
    throw new BadRequestError('invalid_parameter', `--at: ${o.at}, but ${file} says it shows ${parsed.at}`);
  }
  const at = parsed.at ?? o.at;
  if (at === undefined) {
    throw new BadRequestError(
      'missing_date',
      `${file} does not say which day it shows: give it with --at YYYY-MM-DD`,
    );
  }
  const kind = (format: string) => format.replace(/-(md|csv|json)$/, '');
  return withDeps(cmd, async (deps) => {
    const earlier = (await deps.boards.listSnapshots(o.board)).find(
      (s) => kind(s.format) !== kind(parsed.format),
    );
    if (earlier) {
      throw new BadRequestError(
        'invalid_parameter',
        `--board ${o.board} holds tables of ${kind(earlier.format)} (${earlier.at}), but ${file} reads as ${kind(parsed.format)}`,
      );
    }
    const { replaced, rows } = await deps.boards.replaceSnapshot(
      {
        board: o.board,
        at,
        source: { url: o.source ?? '', title: path.basename(file) },
        rows: parsed.rows,
      },
      { format: parsed.format, file: path.basename(file) },
    );
    return { board: o.board, at, format: parsed.format, rows, replaced, unscored: parsed.unscored };
  });
}
