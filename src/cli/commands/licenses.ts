import { Command } from 'commander';
import { withSnapshot } from '../context.ts';
import { printJson, renderTable, writeOut } from '../output.ts';

export function licensesCommand(): Command {
  return new Command('licenses')
    .description('Licences in the catalog with their class and number of models (most used first)')
    .option('--json', 'print { rows: [{ id, name, class, spdx, url, models }] }')
    .action(async (o: { json?: boolean }, cmd: Command) => {
      const rows = await withSnapshot(cmd, (deps) => deps.licenses.list());
      if (o.json) return printJson({ rows });
      writeOut(
        `${renderTable(
          ['id', 'name', 'class', 'models'],
          rows.map((r) => [r.id, r.name, r.class, String(r.models)]),
        )}\n`,
      );
    });
}
