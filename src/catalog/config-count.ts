import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ParameterCount } from '../domain/model.ts';
import type { ParamReport } from '../domain/param-report.ts';
import { computeParams } from '../params/compute-params.ts';
import { ParamsError } from '../params/errors.ts';
import type { ModelFile } from './catalog-files.ts';
import type { CatalogReader, ParsedFile } from './catalog-reader.ts';
import type { ResolveSource } from './source-refs.ts';

/**
 * The count computed from a model's `[config]` (inline keys or a file inside its organisation folder), in the
 * catalog's convention: MTP modules apart (`mtp`), the vision encoder inside the total and named (`vision`).
 * Null, with the problem reported, when the config cannot be read or counted.
 */
export function countFromConfig(
  reader: CatalogReader,
  parsed: ParsedFile<ModelFile>,
  org: string,
  config: NonNullable<ModelFile['config']>,
  resolve: ResolveSource,
): { report: ParamReport; count: ParameterCount } | null {
  const ref = resolve(config.source, ['config', 'source']);
  const json = config.file === undefined ? config.json : readConfigFile(reader, parsed, org, config.file);
  if (json === undefined) return null;
  let report: ParamReport;
  try {
    report = computeParams(json);
  } catch (e) {
    if (e instanceof ParamsError) {
      reader.issue(parsed, ['config'], e.message);
      return null;
    }
    throw e;
  }
  if (!ref) return null;
  const mtp = report.extra.mtp ?? null;
  return {
    report,
    count: {
      total: report.total,
      active: report.active,
      method: 'computed',
      source: ref,
      canonical: config.canonical === true,
      mtp,
      includesMtp: false,
      vision: report.components.vision > 0 ? report.components.vision : null,
      note: `computed by omo from config.json (${report.architecture})${mtp ? `; excludes ${mtp.toLocaleString('en-US')} MTP parameters` : ''}`,
    },
  };
}

/** The JSON of a config file that lives inside the organisation folder; undefined (reported) otherwise. */
function readConfigFile(
  reader: CatalogReader,
  parsed: ParsedFile<ModelFile>,
  org: string,
  file: string,
): unknown {
  const orgDir = path.join(reader.root, org);
  const abs = path.resolve(orgDir, file);
  if (!abs.startsWith(`${orgDir}${path.sep}`)) {
    reader.issue(parsed, ['config', 'file'], 'a config file lives inside its organisation folder');
    return undefined;
  }
  if (!existsSync(abs)) {
    reader.issue(parsed, ['config', 'file'], `no such file: ${reader.rel(abs)}`);
    return undefined;
  }
  try {
    return JSON.parse(reader.read(abs));
  } catch (e) {
    reader.issue(parsed, ['config', 'file'], `${reader.rel(abs)} is not JSON: ${(e as Error).message}`);
    return undefined;
  }
}
