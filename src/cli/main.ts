import { Command, CommanderError } from 'commander';
import { BadRequestError, CatalogError, OmoError } from '../domain/errors.ts';
import { benchmarksCommand } from './commands/benchmarks.ts';
import { catalogCommand } from './commands/catalog.ts';
import { compareCommand } from './commands/compare.ts';
import { completionCommand } from './commands/completion.ts';
import { dbCommand } from './commands/db.ts';
import { frontierCommand } from './commands/frontier.ts';
import { ingestCommand } from './commands/ingest.ts';
import { licensesCommand } from './commands/licenses.ts';
import { lineageCommand } from './commands/lineage.ts';
import { modelsCommand } from './commands/models.ts';
import { orgsCommand } from './commands/orgs.ts';
import { paramsCommand } from './commands/params.ts';
import { rankCommand } from './commands/rank.ts';
import { serveCommand } from './commands/serve.ts';
import { showCommand } from './commands/show.ts';
import { syncCommand } from './commands/sync.ts';
import { timelineCommand } from './commands/timeline.ts';
import { trendCommand } from './commands/trend.ts';

export function buildProgram(): Command {
  const program = new Command('omo')
    .description('Open Model Observatory: sourced facts about open-weight AI models and their makers')
    .option(
      '--db <url>',
      'postgres://… or a SQLite file (default $OMO_DATABASE_URL, then $OMO_HOME/omo.sqlite)',
    )
    .option('--catalog <dir>', 'catalog folder (default $OMO_CATALOG, then the bundled catalog/)')
    .enablePositionalOptions(false)
    .showHelpAfterError();
  for (const cmd of [
    modelsCommand(),
    showCommand(),
    orgsCommand(),
    compareCommand(),
    timelineCommand(),
    frontierCommand(),
    benchmarksCommand(),
    licensesCommand(),
    paramsCommand(),
    catalogCommand(),
    dbCommand(),
    serveCommand(),
    ingestCommand(),
    syncCommand(),
    lineageCommand(),
    rankCommand(),
    trendCommand(),
    completionCommand(),
  ]) {
    program.addCommand(cmd);
  }
  return program;
}

/** The only place that maps errors to messages and exit codes: 2 for bad input, 1 otherwise. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram().exitOverride();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (e instanceof CatalogError) {
      process.stderr.write(`${e.message}\n`);
      return 1;
    }
    if (e instanceof OmoError) {
      process.stderr.write(`omo: ${e.message}\n`);
      return e instanceof BadRequestError ? 2 : 1;
    }
    process.stderr.write(`omo: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 1;
  }
}
