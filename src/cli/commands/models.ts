import { Command } from 'commander';
import { BadRequestError } from '../../domain/errors.ts';
import type { ModelSummary } from '../../domain/model.ts';
import { listBody, nextPageUrl, parseListQuery, toCsv } from '../../store/list-query.ts';
import { modelListSpec } from '../../store/model-repo.ts';
import { collect, withDeps } from '../context.ts';
import { humanCount, parseCount, printJson, renderTable } from '../output.ts';

interface ModelsOptions {
  country: string[];
  org: string[];
  modality: string[];
  input: string[];
  output: string[];
  task: string[];
  family: string[];
  license: string[];
  licenseClass: string[];
  weights: string[];
  architecture: string[];
  kind: string[];
  open?: boolean;
  search?: string;
  releasedAfter?: string;
  releasedBefore?: string;
  minParams?: string;
  maxParams?: string;
  where: string[];
  sort?: string;
  limit?: string;
  cursor?: string;
  facet: string[];
  format: string;
  json?: boolean;
}

/** Turns flags into the list grammar's query pairs, exactly what the API would receive. */
export function modelsQueryPairs(o: ModelsOptions): [string, string][] {
  const pairs: [string, string][] = [];
  const many = (key: string, values: string[]) => {
    for (const v of values) pairs.push([key, v]);
  };
  many(
    'country',
    o.country.map((c) => c.toUpperCase()),
  );
  many('org', o.org);
  many('modality', o.modality);
  many('input', o.input);
  many('output', o.output);
  many('task', o.task);
  many('family', o.family);
  many('license', o.license);
  many('license_class', o.licenseClass);
  many('weights', o.weights);
  many('architecture', o.architecture);
  many('kind', o.kind);
  if (o.open) pairs.push(['open', 'true']);
  if (o.search) pairs.push(['q', o.search]);
  if (o.releasedAfter) pairs.push(['released__gte', o.releasedAfter]);
  if (o.releasedBefore) pairs.push(['released__lte', o.releasedBefore]);
  if (o.minParams) pairs.push(['params_total__gte', parseCount(o.minParams)]);
  if (o.maxParams) pairs.push(['params_total__lte', parseCount(o.maxParams)]);
  for (const w of o.where) {
    const eq = w.indexOf('=');
    if (eq <= 0)
      throw new BadRequestError(
        'invalid_parameter',
        `--where takes field=value or field__op=value, got "${w}"`,
      );
    pairs.push([w.slice(0, eq), w.slice(eq + 1)]);
  }
  if (o.sort) pairs.push(['sort', o.sort]);
  if (o.limit) pairs.push(['limit', o.limit]);
  if (o.cursor) pairs.push(['cursor', o.cursor]);
  many('facet', o.facet);
  return pairs;
}

export function modelsCommand(): Command {
  return new Command('models')
    .description('List catalog models (the API list grammar as flags)')
    .option('--country <code>', 'country of any maker, e.g. CN (repeatable)', collect, [])
    .option('--org <id>', 'organisation id, e.g. deepseek (repeatable)', collect, [])
    .option(
      '--modality <m>',
      'input or output modality: text, image, video, audio, speech, action, 3d…',
      collect,
      [],
    )
    .option('--input <m>', 'input modality (repeatable)', collect, [])
    .option('--output <m>', 'output modality (repeatable)', collect, [])
    .option('--task <t>', 'task, e.g. reasoning, text-to-video (repeatable)', collect, [])
    .option('--family <f>', 'family, e.g. Qwen2.5 (repeatable)', collect, [])
    .option('--license <id>', 'licence id, e.g. MIT (repeatable)', collect, [])
    .option(
      '--license-class <c>',
      'open-source, open-weights-restricted, non-commercial, no-weights',
      collect,
      [],
    )
    .option('--weights <s>', 'open, announced, paper-only, api-only (repeatable)', collect, [])
    .option('--architecture <a>', 'dense, moe, other', collect, [])
    .option('--kind <k>', 'model or dataset', collect, [])
    .option('--open', 'only models whose weights can be downloaded')
    .option('-q, --search <words>', 'words in the name, aliases, family or makers')
    .option('--released-after <date>', 'released on or after (YYYY, YYYY-MM or YYYY-MM-DD)')
    .option('--released-before <date>', 'released on or before')
    .option('--min-params <n>', 'at least this many total parameters (10B, 1e10)')
    .option('--max-params <n>', 'at most this many total parameters')
    .option(
      '--where <field=value>',
      'any list filter, e.g. params_active__lte=4e10 (repeatable)',
      collect,
      [],
    )
    .option('--sort <keys>', 'e.g. -released, params_total, name (comma-separated; "-" descending)')
    .option('--limit <n>', 'rows per page (default 50, at most 1000)')
    .option('--cursor <c>', 'continue from the `next` cursor of a previous page')
    .option('--facet <field>', 'also count rows per value of a field (repeatable)', collect, [])
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
      const pairs = modelsQueryPairs(o);
      const query = parseListQuery(modelListSpec, pairs);
      const page = await withDeps(cmd, (deps) => deps.models.list(query));
      const next = nextPageUrl('/api/models', pairs, page.nextCursor);
      if (format === 'json') {
        printJson(listBody(page, next));
      } else if (format === 'csv')
        process.stdout.write(toCsv(modelListSpec, page.rows).replace(/\r\n/g, '\n'));
      else if (format === 'ndjson') for (const r of page.rows) process.stdout.write(`${JSON.stringify(r)}\n`);
      else {
        process.stdout.write(`${modelTable(page.rows)}\n`);
        const more = page.nextCursor ? `; next page: --cursor ${page.nextCursor}` : '';
        process.stderr.write(`${page.rows.length} of ${page.total} models${more}\n`);
        for (const [field, counts] of Object.entries(page.facets ?? {})) {
          process.stdout.write(
            `\n${field}: ${counts.map((c) => `${c.value ?? '(none)'} ${c.count}`).join(', ')}\n`,
          );
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
