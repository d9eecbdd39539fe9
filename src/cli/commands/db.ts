import { Command } from 'commander';
import { migrate } from '../../store/open-store.ts';
import { withDeps } from '../context.ts';
import { printJson, writeOut } from '../output.ts';

export function dbCommand(): Command {
  const db = new Command('db').description(
    'Manage the store (SQLite file by default, PostgreSQL with --db postgres://…)',
  );
  db.command('migrate')
    .description('Create or upgrade the schema')
    .option('--json', 'print the result as JSON')
    .action(async (o: { json?: boolean }, cmd: Command) => {
      const result = await withDeps(
        cmd,
        async (deps) => ({
          store: deps.store.dialect,
          location: deps.store.location,
          applied: await migrate(deps.store),
        }),
        { refresh: false, create: true },
      );
      if (o.json) printJson(result);
      else {
        const what = result.applied.length
          ? `applied ${result.applied.join(', ')}`
          : 'schema already up to date';
        writeOut(`${result.store} ${result.location}: ${what}\n`);
      }
    });
  return db;
}
