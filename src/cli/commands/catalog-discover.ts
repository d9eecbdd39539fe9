import { Command } from 'commander';
import { discoverHubRepos } from '../../catalog/discover-hub-repos.ts';
import { loadCatalog } from '../../catalog/load-catalog.ts';
import { BadRequestError } from '../../domain/errors.ts';
import { parsePartialDate } from '../../domain/release-date.ts';
import { resolveCatalogDir } from '../../store/deps.ts';
import { globalOptions } from '../context.ts';
import { humanCount, printJson, renderTable, writeOut } from '../output.ts';

/** Lists the new Hub repos of the catalog's organisations that the catalog does not hold. */
export function discoverCommand(): Command {
  return new Command('discover')
    .description(
      "List repos of the organisations' Hub accounts (org.toml hugging_face) created since a date and not yet in the catalog, most downloaded first ($HF_ENDPOINT, $HF_TOKEN)",
    )
    .requiredOption('--since <date>', 'the first creation date to list, YYYY-MM-DD')
    .option('--org <id>', 'only this organisation')
    .option('--json', 'print the rows as JSON')
    .action(async (o: { since: string; org?: string; json?: boolean }, cmd: Command) => {
      const since = parsePartialDate(o.since.trim());
      if (since?.precision !== 'day')
        throw new BadRequestError('invalid_parameter', `--since takes a date YYYY-MM-DD, got "${o.since}"`);
      const catalog = loadCatalog(resolveCatalogDir(globalOptions(cmd).catalog));
      if (o.org !== undefined && !catalog.organizations.some((x) => x.id === o.org))
        throw new BadRequestError('invalid_parameter', `--org: no organisation "${o.org}" in the catalog`);
      const rows = await discoverHubRepos(catalog, { since: since.date, org: o.org });
      if (o.json) return printJson({ since: since.date, total: rows.length, rows });
      writeOut(`${rows.length} repo(s) created since ${since.date} that the catalog does not hold\n`);
      if (rows.length === 0) return;
      writeOut(
        `\n${renderTable(
          ['repo', 'org', 'created', 'downloads', 'likes', 'pipeline'],
          rows.map((r) => [
            r.repo,
            r.org,
            r.createdAt.slice(0, 10),
            humanCount(r.downloads) || '0',
            String(r.likes),
            r.pipelineTag ?? '',
          ]),
        )}\n\nomo catalog draft <repo> writes a draft of one of them.\n`,
      );
    });
}
