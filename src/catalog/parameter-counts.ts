import type { ParameterCount } from '../domain/model.ts';
import type { ParamReport } from '../domain/param-report.ts';
import type { ModelFile } from './catalog-files.ts';
import type { CatalogReader, ParsedFile } from './catalog-reader.ts';
import { countFromConfig } from './config-count.ts';
import { checkCountConvention, compareCounts } from './count-convention.ts';
import { findLine } from './find-line.ts';
import { fieldPath } from './format-zod-issue.ts';
import type { ResolveSource } from './source-refs.ts';

/**
 * A model's parameter counts: the stated ones, then the one computed from its config. Exactly one is canonical:
 * the one marked `canonical = true` (a stated count or the `[config]`), or the only count there is. Rule breaks
 * are reported as problems; stated figures far from the computed ones as warnings.
 */
export function parameterCounts(
  reader: CatalogReader,
  parsed: ParsedFile<ModelFile>,
  org: string,
  resolve: ResolveSource,
): { counts: ParameterCount[]; computed: ParamReport | null } {
  const m = parsed.data;
  const configCanonical = m.config?.canonical === true;
  const counted = m.parameters.length + (configCanonical ? 1 : 0);
  const marked = m.parameters.filter((p) => p.canonical).length + (configCanonical ? 1 : 0);
  if (counted > 1 && marked !== 1) {
    reader.issue(
      parsed,
      ['parameters'],
      `several parameter counts: mark exactly one \`canonical = true\` (found ${marked})`,
    );
  }
  const isCanonical = (i: number) => (counted === 1 ? !configCanonical : m.parameters[i]?.canonical === true);
  const counts: ParameterCount[] = [];
  m.parameters.forEach((p, i) => {
    const ref = resolve(p.source, ['parameters', i, 'source']);
    if (!ref) return;
    counts.push({
      total: p.total ?? null,
      active: p.active ?? null,
      method: p.method,
      source: ref,
      canonical: isCanonical(i),
      mtp: p.mtp ?? null,
      includesMtp: p.includes_mtp === true,
      vision: p.vision ?? null,
      note: p.note ?? null,
    });
  });
  if (m.architecture !== 'moe') {
    m.parameters.forEach((p, i) => {
      if (p.total !== undefined && p.active !== undefined && p.active !== p.total) {
        reader.issue(
          parsed,
          ['parameters', i, 'active'],
          'active differs from total but the architecture is not moe',
        );
      }
    });
  }
  const computed = m.config ? countFromConfig(reader, parsed, org, m.config, resolve) : null;
  if (computed) {
    counts.push(computed.count);
    for (const w of compareCounts(m, computed.report)) {
      reader.warnings.push({
        file: parsed.file,
        field: fieldPath(w.path),
        message: w.message,
        line: findLine(parsed.text, w.path),
      });
    }
  }
  for (const f of checkCountConvention(m, isCanonical, computed?.report ?? null)) {
    reader.issue(parsed, f.path, f.message);
  }
  warnNameCanonical(reader, parsed, counts, isCanonical);
  return { counts, computed: computed?.report ?? null };
}

/**
 * A count read only from the model's name ("8B") is rounded: it may be canonical only when nothing better
 * exists. A canonical name count beside a stated, computed or Hub total (one without MTP) is a warning.
 */
function warnNameCanonical(
  reader: CatalogReader,
  parsed: ParsedFile<ModelFile>,
  counts: ParameterCount[],
  isCanonical: (i: number) => boolean,
) {
  const i = parsed.data.parameters.findIndex((p, j) => p.method === 'name' && isCanonical(j));
  if (i < 0) return;
  const better = counts.find((c) => c.method !== 'name' && !c.includesMtp && c.total !== null);
  if (!better) return;
  const path = ['parameters', i, 'method'];
  reader.warnings.push({
    file: parsed.file,
    field: fieldPath(path),
    message: `a count read from the name is canonical beside a ${better.method} count (${better.total?.toLocaleString('en-US')}): mark that one canonical`,
    line: findLine(parsed.text, path),
  });
}
