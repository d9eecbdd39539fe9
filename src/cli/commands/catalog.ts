import { Command } from 'commander';
import { loadCatalog } from '../../catalog/load-catalog.ts';
import { formatIssue } from '../../domain/errors.ts';
import { resolveCatalogDir } from '../../store/deps.ts';
import { migrate } from '../../store/open-store.ts';
import { globalOptions, withDeps } from '../context.ts';
import { printJson } from '../output.ts';

export function catalogCommand(): Command {
  const catalog = new Command('catalog').description(
    'Validate and load the catalog of organisations and models',
  );
  catalog
    .command('check')
    .description('Validate every file and the cross-file rules; exits non-zero on any error')
    .option('--strict', 'also fail on warnings (stated parameter counts more than 2% off the computed ones)')
    .option('--json', 'print a summary as JSON')
    .action((o: { json?: boolean; strict?: boolean }, cmd: Command) => {
      const dir = resolveCatalogDir(globalOptions(cmd).catalog);
      const c = loadCatalog(dir);
      const failed = o.strict === true && c.warnings.length > 0;
      const summary = {
        ok: !failed,
        warnings: c.warnings,
        dir: c.dir,
        organizations: c.organizations.length,
        models: c.models.length,
        licenses: c.licenses.length,
        hash: c.hash,
      };
      if (o.json) printJson(summary);
      else {
        for (const w of c.warnings) process.stderr.write(`warning: ${formatIssue(w)}\n`);
        const verdict = failed ? `catalog has ${c.warnings.length} warning(s) and --strict` : 'catalog ok';
        process.stdout.write(
          `${verdict}: ${summary.organizations} organisations, ${summary.models} models, ${summary.licenses} licences (${dir})\n`,
        );
      }
      if (failed) process.exitCode = 1;
    });
  catalog
    .command('load')
    .description('Load the catalog into the store in one transaction (a failing load changes nothing)')
    .option('--json', 'print the result as JSON')
    .action(async (o: { json?: boolean }, cmd: Command) => {
      const result = await withDeps(
        cmd,
        async (deps) => {
          const c = loadCatalog(deps.catalogDir);
          await migrate(deps.store);
          const r = await deps.catalog.replace(c);
          return { ...r, store: deps.store.dialect, location: deps.store.location, hash: c.hash };
        },
        { refresh: false },
      );
      if (o.json) printJson(result);
      else {
        const what = result.changed ? 'loaded' : 'already up to date:';
        process.stdout.write(
          `${what} ${result.organizations} organisations, ${result.models} models into ${result.store} ${result.location}\n`,
        );
      }
    });
  return catalog;
}
