import { Command } from 'commander';
import { compareWithEpoch } from '../../analysis/compare-epoch.ts';
import { loadCatalog } from '../../catalog/load-catalog.ts';
import { BadRequestError, formatIssue } from '../../domain/errors.ts';
import { readEpochCsv } from '../../sources/epoch/read-epoch-csv.ts';
import { ensureBoards, resolveCatalogDir } from '../../store/deps.ts';
import { parseModelFilters } from '../../store/model-repo.ts';
import { migrate } from '../../store/open-store.ts';
import type { CatalogStats, Count } from '../../store/stats-repo.ts';
import { collect, globalOptions, withDeps, withSnapshot } from '../context.ts';
import { printJson, renderTable, writeErr, writeOut } from '../output.ts';
import { discoverCommand } from './catalog-discover.ts';
import { draftCommand } from './catalog-draft.ts';
import { staleCommand } from './catalog-stale.ts';

export function catalogCommand(): Command {
  return new Command('catalog')
    .description('Validate and load the catalog of organisations and models')
    .addCommand(checkCommand())
    .addCommand(loadCommand())
    .addCommand(statsCommand())
    .addCommand(compareEpochCommand())
    .addCommand(staleCommand())
    .addCommand(draftCommand())
    .addCommand(discoverCommand());
}

/** Validates every catalog file and the cross-file rules. */
function checkCommand(): Command {
  return new Command('check')
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
        adoption_facts: c.adoption.facts.length,
        hash: c.hash,
      };
      if (o.json) printJson(summary);
      else {
        for (const w of c.warnings) writeErr(`warning: ${formatIssue(w)}\n`);
        const verdict = failed ? `catalog has ${c.warnings.length} warning(s) and --strict` : 'catalog ok';
        writeOut(
          `${verdict}: ${summary.organizations} organisations, ${summary.models} models, ${summary.licenses} licences, ${summary.adoption_facts} adoption figures (${dir})\n`,
        );
      }
      if (failed) process.exitCode = 1;
    });
}

/** Loads the catalog into the store. */
function loadCommand(): Command {
  return new Command('load')
    .description('Load the catalog into the store in one transaction (a failing load changes nothing)')
    .option('--json', 'print the result as JSON')
    .action(async (o: { json?: boolean }, cmd: Command) => {
      const result = await withDeps(
        cmd,
        async (deps) => {
          const c = loadCatalog(deps.catalogDir);
          await migrate(deps.store);
          const r = await deps.catalog.replace(c);
          const boards = await ensureBoards(deps);
          return { ...r, boards, store: deps.store.dialect, location: deps.store.location, hash: c.hash };
        },
        { refresh: false },
      );
      if (o.json) printJson(result);
      else {
        const what = result.changed ? 'loaded' : 'already up to date:';
        writeOut(
          `${what} ${result.organizations} organisations, ${result.models} models into ${result.store} ${result.location}\n`,
        );
        if (result.boards.changed) {
          writeOut(
            `loaded ${result.boards.snapshots} leaderboard snapshots of ${result.boards.boards} boards (${result.boards.rows} rows)\n`,
          );
        }
      }
    });
}

/** Catalog counts by country, organisation kind, modality, licence class and year. */
function statsCommand(): Command {
  return new Command('stats')
    .description(
      'Counts by country, organisation kind, modality, licence class and year (the same as GET /api/stats)',
    )
    .option(
      '--where <field=value>',
      'a model filter of the list grammar, e.g. open=true (repeatable)',
      collect,
      [],
    )
    .option('--json', 'print exactly what GET /api/stats returns')
    .action(async (o: { where: string[]; json?: boolean }, cmd: Command) => {
      // Each filter labelled with the flag it came from, so that errors name what the user typed.
      const labels = new Map<string, string>();
      const pairs = o.where.map((w): [string, string] => {
        const eq = w.indexOf('=');
        if (eq <= 0) throw new BadRequestError('invalid_parameter', `--where takes field=value, got "${w}"`);
        labels.set(w.slice(0, eq), `--where ${w.slice(0, eq)}`);
        return [w.slice(0, eq), w.slice(eq + 1)];
      });
      const { filters, given } = parseModelFilters(pairs, [], labels);
      const stats = await withSnapshot(cmd, (deps) => deps.stats.get(filters, given));
      if (o.json) return printJson(stats);
      writeOut(`${renderStats(stats)}\n`);
    });
}

/** Compares the catalog with an Epoch AI models CSV. */
function compareEpochCommand(): Command {
  return new Command('compare-epoch')
    .description(
      'Match rows of an Epoch AI models CSV to catalog models and list disagreements in dates, parameters, countries',
    )
    .argument(
      '<csv>',
      'an Epoch AI CSV (notable, large-scale or all models; column sets of several versions are understood)',
    )
    .option('--unmatched', 'also list the Epoch rows that match no catalog model')
    .option('--strict', 'exit 1 when a disagreement has no peer note in the catalog')
    .option('--json', 'print the comparison as JSON')
    .action((csv: string, o: { unmatched?: boolean; strict?: boolean; json?: boolean }, cmd: Command) => {
      const c = loadCatalog(resolveCatalogDir(globalOptions(cmd).catalog));
      const result = compareWithEpoch(c.models, readEpochCsv(csv));
      const open = result.disagreements.filter((d) => d.acknowledged === null);
      if (o.json) printJson(result);
      else {
        const count = (field: string, kind: string) =>
          result.disagreements.filter((d) => d.field === field && d.kind === kind).length;
        writeOut(
          `${result.rows} Epoch rows: ${result.matched.length} matched, ${result.unmatched.length} unmatched, ${result.ambiguous.length} ambiguous\n` +
            `disagreements: released ${count('released', 'differs')} (+${count('released', 'missing')} missing here), ` +
            `parameters ${count('parameters', 'differs')} (+${count('parameters', 'missing')} missing here), country ${count('country', 'differs')}; ` +
            `${result.disagreements.length - open.length} explained by peer notes\n\n`,
        );
        if (result.disagreements.length > 0) {
          writeOut(
            `${renderTable(
              ['model', 'field', 'catalog', 'epoch', 'detail', 'note'],
              result.disagreements.map((d) => [
                d.model,
                d.field,
                d.catalog ?? '—',
                d.epoch,
                d.detail,
                d.acknowledged
                  ? `noted: ${d.acknowledged.slice(0, 60)}${d.acknowledged.length > 60 ? '…' : ''}`
                  : '',
              ]),
            )}\n`,
          );
        }
        for (const a of result.ambiguous)
          writeOut(`ambiguous: "${a.name}" (line ${a.line}) matches ${a.models.join(', ')}\n`);
        if (o.unmatched) {
          for (const u of result.unmatched)
            writeOut(`unmatched: "${u.name}" (${u.organizations.join(', ')}, line ${u.line})\n`);
        }
      }
      if (o.strict && open.length > 0) process.exitCode = 1;
    });
}

function renderStats(s: CatalogStats): string {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const t = s.totals;
  const out = [
    `${t.models} models from ${t.organizations} organisations in ${t.countries} countries; ${t.openWeights} with open weights` +
      ` (catalog loaded ${s.asOf.catalogLoadedAt?.slice(0, 10) ?? '?'}, latest release ${s.asOf.latestRelease ?? '?'})`,
    freshnessLine(s.asOf),
    '',
    renderTable(
      ['country', 'models', 'share', 'open', 'organisations'],
      s.byCountry.map((c) => [
        String(c.value),
        String(c.count),
        pct(c.share),
        String(c.openWeights),
        String(c.organizations),
      ]),
    ),
  ];
  const section = (title: string, rows: Count[]) => {
    out.push(
      '',
      renderTable(
        [title, 'models', 'share'],
        rows.map((r) => [String(r.value ?? '(unknown)'), String(r.count), pct(r.share)]),
      ),
    );
  };
  section('organisation kind', s.byOrganizationKind);
  section('input modality', s.byModality.input);
  section('output modality', s.byModality.output);
  section('licence class', s.byLicenseClass);
  section('weights', s.byWeights);
  section('year', s.byYear);
  out.push(
    '',
    renderTable(
      ['organisation', 'country', 'models', 'share'],
      s.byOrganization.slice(0, 15).map((r) => [r.name, r.country, String(r.count), pct(r.share)]),
    ),
  );
  if (s.byOrganization.length > 15)
    out.push(`… and ${s.byOrganization.length - 15} more organisations (--json for all)`);
  return out.join('\n');
}

/** What date the catalog reaches and when its facts were read, as one line. */
function freshnessLine(asOf: CatalogStats['asOf']): string {
  const read = asOf.factsRead;
  const when = read?.oldest
    ? `facts last read between ${read.oldest} and ${read.newest}`
    : 'no source records when it was read';
  const undated = read?.undated ? ` (${read.undated} of ${read.sources} sources undated)` : '';
  return `the catalog reaches ${asOf.catalogReaches ?? '?'}; ${when}${undated}`;
}
