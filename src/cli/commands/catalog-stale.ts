import { Command } from 'commander';
import { staleSources } from '../../catalog/catalog-freshness.ts';
import { loadCatalog } from '../../catalog/load-catalog.ts';
import { BadRequestError } from '../../domain/errors.ts';
import { parsePartialDate } from '../../domain/release-date.ts';
import { resolveCatalogDir } from '../../store/deps.ts';
import { globalOptions } from '../context.ts';
import { printJson, renderTable, writeOut } from '../output.ts';

const DAY_MS = 86_400_000;

/** Lists the sources of models and organisations not read since a cutoff, with the facts that cite them. */
export function staleCommand(): Command {
  return new Command('stale')
    .description(
      "List facts not re-read since a cutoff: each model's or organisation's sources whose `accessed` date is older (or missing), with the URL and the facts citing it",
    )
    .option('--older-than <age>', 'an age in days or weeks (180d, 26w) or a date (2026-06-01)', '180d')
    .option('--json', 'print the cutoff and the rows as JSON')
    .action((o: { olderThan: string; json?: boolean }, cmd: Command) => {
      const cutoff = cutoffDate(o.olderThan, new Date());
      const c = loadCatalog(resolveCatalogDir(globalOptions(cmd).catalog));
      const rows = staleSources(c.models, c.organizations, cutoff);
      if (o.json) return printJson({ cutoff, total: rows.length, rows });
      const undated = rows.filter((r) => r.accessed === null).length;
      writeOut(
        `${rows.length} source(s) of models and organisations not read since ${cutoff}` +
          `${undated ? ` (${undated} with no date of reading)` : ''}\n`,
      );
      if (rows.length === 0) return;
      writeOut(
        `\n${renderTable(
          ['read', 'kind', 'id', 'source', 'url', 'facts'],
          rows.map((r) => [r.accessed ?? 'never', r.kind, r.id, r.source, r.url, r.facts.join(', ')]),
        )}\n`,
      );
    });
}

/** The first day not stale: `now` less `180d` or `26w`, or a date given as such (YYYY-MM-DD). */
function cutoffDate(age: string, now: Date): string {
  const span = /^(\d{1,5})([dw])$/.exec(age.trim());
  if (span) {
    const days = Number(span[1]) * (span[2] === 'w' ? 7 : 1);
    return new Date(now.getTime() - days * DAY_MS).toISOString().slice(0, 10);
  }
  const date = parsePartialDate(age.trim());
  if (date?.precision === 'day') return date.date;
  throw new BadRequestError(
    'invalid_parameter',
    `--older-than takes an age such as 180d or 26w, or a date YYYY-MM-DD; got "${age}"`,
  );
}
