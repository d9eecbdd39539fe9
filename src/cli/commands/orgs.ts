import { Command } from 'commander';
import { BadRequestError } from '../../domain/errors.ts';
import { listBody, nextPageUrl, parseListQuery, toCsv } from '../../store/list-query.ts';
import { orgListSpec } from '../../store/org-repo.ts';
import { collect, withSnapshot } from '../context.ts';
import { addFilterFlags, filterFlagPairs, RESERVED_FLAG_LABELS } from '../list-flags.ts';
import { printJson, renderTable, writeOut } from '../output.ts';

export function orgsCommand(): Command {
  const command = new Command('orgs')
    .description('List organisations, or show one with `omo orgs <id>`')
    .argument(
      '[id]',
      'an organisation id, name, native-script name, alias or Hub account: show that organisation',
    );
  return addFilterFlags(command, orgListSpec)
    .option('--sort <keys>', 'name, id, country, models; "-" for descending', 'name')
    .option('--limit <n>', 'rows (default 100, at most 1000)')
    .option('--facet <field>', 'country or kind (repeatable)', collect, [])
    .option('--format <f>', 'table, json, csv or ndjson', 'table')
    .option('--json', 'same as --format json')
    .action(async (id: string | undefined, o, cmd: Command) => {
      const format: string = o.json ? 'json' : o.format;
      if (!['table', 'json', 'csv', 'ndjson'].includes(format)) {
        throw new BadRequestError(
          'invalid_parameter',
          `--format takes table, json, csv or ndjson, got "${format}"`,
        );
      }
      if (id) {
        const org = await withSnapshot(cmd, (deps) => deps.orgs.get(id));
        if (format === 'json') printJson(org);
        else {
          const rows: [string, string][] = [
            ['name', `${org.name}${org.nativeName ? ` (${org.nativeName})` : ''}`],
            ['country', org.country],
            ['kind', org.kind],
            ['models', String(org.modelCount)],
            ['hugging face', org.huggingFace.join(', ')],
            ['website', org.website ?? ''],
            ['aliases', org.aliases.join(', ')],
            ['parent', org.parent ?? ''],
          ];
          writeOut(
            `${org.id}\n${rows
              .filter(([, v]) => v)
              .map(([k, v]) => `  ${k.padEnd(13)}${v}`)
              .join('\n')}\n`,
          );
        }
        return;
      }
      const { pairs, labels } = filterFlagPairs(cmd, orgListSpec, o);
      pairs.push(['sort', o.sort]);
      if (o.limit) pairs.push(['limit', o.limit]);
      for (const f of o.facet) pairs.push(['facet', f]);
      for (const [key, label] of RESERVED_FLAG_LABELS) labels.set(key, label);
      const query = parseListQuery(orgListSpec, pairs, labels);
      const page = await withSnapshot(cmd, (deps) => deps.orgs.list(query));
      if (format === 'json') {
        printJson(listBody(page, nextPageUrl('/api/orgs', pairs, page.nextCursor)));
      } else if (format === 'csv') process.stdout.write(toCsv(orgListSpec, page.rows).replace(/\r\n/g, '\n'));
      else if (format === 'ndjson') for (const r of page.rows) process.stdout.write(`${JSON.stringify(r)}\n`);
      else {
        writeOut(
          `${renderTable(
            ['id', 'name', 'native', 'country', 'kind', 'models', 'hub accounts'],
            page.rows.map((r) => [
              r.id,
              r.name,
              r.nativeName ?? '',
              r.country,
              r.kind,
              String(r.modelCount),
              r.huggingFace.join(', '),
            ]),
          )}\n`,
        );
        for (const [field, counts] of Object.entries(page.facets ?? {})) {
          writeOut(`\n${field}: ${counts.map((c) => `${c.value} ${c.count}`).join(', ')}\n`);
        }
      }
    });
}
