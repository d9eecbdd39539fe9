import { Command } from 'commander';
import { BadRequestError } from '../../domain/errors.ts';
import type { ModelSummary } from '../../domain/model.ts';
import { listBody, nextPageUrl, parseListQuery, toCsv } from '../../store/list-query.ts';
import { modelListSpec } from '../../store/model-repo.ts';
import { collect, withSnapshot } from '../context.ts';
import { addFilterFlags, filterFlagPairs, RESERVED_FLAG_LABELS } from '../list-flags.ts';
import { humanCount, printJson, renderTable, writeErr, writeOut } from '../output.ts';

interface ModelsOptions {
  sort?: string;
  limit?: string;
  cursor?: string;
  facet: string[];
  format: string;
  json?: boolean;
  [filter: string]: unknown;
}

/**
 * Turns flags into the list grammar's query pairs, exactly what the API would receive, and the flag each query key
 * came from, for errors.
 */
function modelsQueryPairs(
  cmd: Command,
  o: ModelsOptions,
): { pairs: [string, string][]; labels: Map<string, string> } {
  const { pairs, labels } = filterFlagPairs(cmd, modelListSpec, o);
  if (o.sort) pairs.push(['sort', o.sort]);
  if (o.limit) pairs.push(['limit', o.limit]);
  if (o.cursor) pairs.push(['cursor', o.cursor]);
  for (const f of o.facet) pairs.push(['facet', f]);
  for (const [key, label] of RESERVED_FLAG_LABELS) labels.set(key, label);
  return { pairs, labels };
}

export function modelsCommand(): Command {
  const command = new Command('models').description('List catalog models (the API list grammar as flags)');
  return addFilterFlags(command, modelListSpec)
    .option(
      '--sort <keys>',
      `${Object.keys(modelListSpec.sorts).join(', ')}; comma-separated, "-" descending`,
    )
    .option(
      '--limit <n>',
      `rows per page (default ${modelListSpec.defaultLimit}, at most ${modelListSpec.maxLimit})`,
    )
    .option('--cursor <c>', 'continue from the `next` cursor of a previous page')
    .option(
      '--facet <field>',
      `also count rows per value of ${Object.keys(modelListSpec.facets).join(', ')} (repeatable)`,
      collect,
      [],
    )
    .option('--format <f>', 'table, json, csv or ndjson', 'table')
    .option('--json', 'same as --format json')
    .action(async (o: ModelsOptions, cmd: Command) => {
      const format = o.json ? 'json' : o.format;
      if (!['table', 'json', 'csv', 'ndjson'].includes(format)) {
        throw new BadRequestError(
          'invalid_parameter',
          `--format takes table, json, csv or ndjson, got "${format}"`,
        );
      }
      const { pairs, labels } = modelsQueryPairs(cmd, o);
      const query = parseListQuery(modelListSpec, pairs, labels);
      const page = await withSnapshot(cmd, (deps) => deps.models.list(query));
      const next = nextPageUrl('/api/models', pairs, page.nextCursor);
      if (format === 'json') {
        printJson(listBody(page, next));
      } else if (format === 'csv')
        process.stdout.write(toCsv(modelListSpec, page.rows).replace(/\r\n/g, '\n'));
      else if (format === 'ndjson') for (const r of page.rows) process.stdout.write(`${JSON.stringify(r)}\n`);
      else {
        writeOut(`${modelTable(page.rows)}\n`);
        const more = page.nextCursor ? `; next page: --cursor ${page.nextCursor}` : '';
        writeErr(`${page.rows.length} of ${page.total} models${more}\n`);
        for (const [field, counts] of Object.entries(page.facets ?? {})) {
          writeOut(`\n${field}: ${counts.map((c) => `${c.value ?? '(none)'} ${c.count}`).join(', ')}\n`);
        }
      }
    });
}

function modelTable(rows: ModelSummary[]): string {
  return renderTable(
    ['id', 'released', 'makers', 'country', 'params', 'active', 'arch', 'license', 'in → out'],
    rows.map((r) => [
      r.id,
      r.released ?? '',
      r.organizations.map((o) => o.id).join(','),
      r.countries.join(','),
      humanCount(r.parameters.total),
      r.architecture === 'moe' ? humanCount(r.parameters.active) : '',
      r.architecture,
      r.weights === 'open' ? r.license.id : `${r.license.id} (${r.weights})`,
      `${r.modalities.input.join('+')} → ${r.modalities.output.join('+')}`,
    ]),
  );
}
