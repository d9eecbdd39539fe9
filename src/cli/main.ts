import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { BadRequestError, CatalogError, OmoError } from '../domain/errors.ts';
import { storeUnavailable } from '../store/store-errors.ts';
import { COMMANDS, type CommandEntry } from './commands/index.ts';
import { writeErr } from './output.ts';

// Start-up time matters (`omo --help` and `omo show x --json` answer in well under a second): this module imports
// only commander and the error classes; the command being run is loaded from the registry in commands/index.ts.

/** The package's version, read from package.json (one small file) rather than imported with the whole JSON. */
function omoVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  return String(pkg.version);
}

function rootProgram(): Command {
  return new Command('omo')
    .description('Open Model Observatory: sourced facts about open-weight AI models and their makers')
    .version(omoVersion(), '-V, --version', 'print the version')
    .option(
      '--db <url>',
      'postgres://… or a SQLite file (default $OMO_DATABASE_URL, then $OMO_HOME/omo.sqlite)',
    )
    .option('--catalog <dir>', 'catalog folder (default $OMO_CATALOG, then the bundled catalog/)')
    .enablePositionalOptions(false)
    .showHelpAfterError();
}

/** A command as `omo --help` lists it, without loading its module. */
function stub(entry: CommandEntry): Command {
  return new Command(entry.name).description(entry.summary);
}

/**
 * Every command loaded, with its options and subcommands: for shell completion and tests. `omo` itself loads only
 * the command it runs (`programFor`).
 */
export async function buildProgram(): Promise<Command> {
  const program = rootProgram();
  for (const cmd of await Promise.all(COMMANDS.map((c) => c.load()))) program.addCommand(cmd);
  return program;
}

/**
 * The command named in argv: the first word that is neither an option nor the value of a root option
 * (`omo --db x.sqlite show r1` → show); for `omo help <command>` the command asked about.
 */
export function commandName(argv: string[], program: Command = rootProgram()): string | undefined {
  const takesValue = new Set(
    program.options.filter((o) => o.required || o.optional).flatMap((o) => [o.long, o.short]),
  );
  const words: string[] = [];
  for (let i = 0; i < argv.length && words.length < 2; i++) {
    const a = argv[i] as string;
    if (a === '--') break;
    if (takesValue.has(a)) i++;
    else if (!a.startsWith('-')) words.push(a);
  }
  return words[0] === 'help' ? words[1] : words[0];
}

/** The program for one run: the command named in argv loaded, every other one listed by its summary only. */
async function programFor(argv: string[]): Promise<Command> {
  const program = rootProgram();
  const name = commandName(argv, program);
  for (const entry of COMMANDS) program.addCommand(entry.name === name ? await entry.load() : stub(entry));
  return program;
}

/**
 * Commander copies settings such as exitOverride only to subcommands it creates itself (`.command()`), not to
 * those added with `.addCommand()`: without this, a usage error inside `omo models` would exit 1 by itself.
 */
function throwInsteadOfExit(cmd: Command): void {
  cmd.exitOverride();
  for (const sub of cmd.commands) throwInsteadOfExit(sub);
}

/** The only place that maps errors to messages and exit codes: 2 for bad input, 1 otherwise. */
export async function main(argv: string[]): Promise<number> {
  try {
    const program = await programFor(argv);
    throwInsteadOfExit(program);
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (caught) {
    const e = storeUnavailable(caught) ?? caught;
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (e instanceof CatalogError) {
      writeErr(`${e.message}\n`);
      return 1;
    }
    if (e instanceof OmoError) {
      writeErr(`omo: ${e.message}\n`);
      return e instanceof BadRequestError ? 2 : 1;
    }
    writeErr(`omo: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 1;
  }
}
