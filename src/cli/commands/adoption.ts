import { Command, Option } from 'commander';
import {
  ADOPTION_KINDS,
  ADOPTION_METRICS,
  type AdoptionFact,
  type AdoptionMetric,
} from '../../domain/adoption.ts';
import type { AdoptionAnswer, AdoptionFilter } from '../../store/adoption-repo.ts';
import { withSnapshot } from '../context.ts';
import { printJson, renderTable, writeOut } from '../output.ts';

export function adoptionCommand(): Command {
  return new Command('adoption')
    .description(
      'Published adoption figures (derivatives, downloads, download and token shares) per family, maker or country, dated and sourced',
    )
    .option('--subject <id>', 'a family (qwen), organisation (meta) or country (CN), by id or name')
    .addOption(new Option('--metric <metric>', 'only this metric').choices(Object.keys(ADOPTION_METRICS)))
    .addOption(
      new Option('--kind <kind>', 'only figures about families, organisations or countries').choices(
        ADOPTION_KINDS,
      ),
    )
    .option('--json', 'print exactly what GET /api/adoption returns: { facts, series }')
    .action(async (o: { subject?: string; metric?: string; kind?: string; json?: boolean }, cmd: Command) => {
      const filter = {
        subject: o.subject,
        metric: o.metric,
        kind: o.kind,
      } as AdoptionFilter;
      const answer = await withSnapshot(cmd, (deps) => deps.adoption.answer(filter));
      if (o.json) return printJson(answer);
      writeOut(`${renderAdoption(answer)}\n`);
    });
}

const QUALIFIER_MARKS: Record<AdoptionFact['qualifier'], string> = {
  exact: '',
  about: '~',
  'more-than': '>',
  'at-least': '≥',
  'up-to': '≤',
};

/** A figure as its source states it: `>90,000`, `~1,000,000,000`, `41.5%`. */
export function formatAdoptionValue(f: Pick<AdoptionFact, 'metric' | 'value' | 'qualifier'>): string {
  const share = ADOPTION_METRICS[f.metric as AdoptionMetric].share;
  const number = share
    ? `${Number((f.value * 100).toPrecision(4))}%`
    : f.value.toLocaleString('en-US', { maximumFractionDigits: 2 });
  return `${QUALIFIER_MARKS[f.qualifier]}${number}`;
}

function renderAdoption({ facts }: AdoptionAnswer): string {
  if (facts.length === 0) return 'no adoption figures match';
  const sources = [...new Set(facts.map((f) => f.source.url))];
  const table = renderTable(
    ['as of', 'subject', 'metric', 'value', 'scope', 'measured by', 'source'],
    facts.map((f) => [
      f.as_of,
      f.subject_name,
      f.metric,
      formatAdoptionValue(f),
      f.scope,
      f.measured_by,
      `[${sources.indexOf(f.source.url) + 1}]`,
    ]),
  );
  const notes = sources.map((url, i) => {
    const f = facts.find((x) => x.source.url === url);
    const via = f?.primary ? ` (reporting ${f.primary.title}: ${f.primary.url})` : '';
    return `[${i + 1}] ${f?.source.title ?? ''}: ${url}${via}`;
  });
  return `${facts.length} figure${facts.length === 1 ? '' : 's'}, oldest first\n\n${table}\n\n${notes.join('\n')}`;
}
