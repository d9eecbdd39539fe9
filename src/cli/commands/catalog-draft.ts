import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { draftModel } from '../../catalog/draft-model.ts';
import { type Catalog, loadCatalog } from '../../catalog/load-catalog.ts';
import { BadRequestError, CatalogError, formatIssue, OmoError } from '../../domain/errors.ts';
import type { ParamReport } from '../../domain/param-report.ts';
import { computeParams } from '../../params/compute-params.ts';
import { ParamsError } from '../../params/errors.ts';
import { readHfConfig } from '../../sources/hf-config/read-hf-config.ts';
import { readHubRepo } from '../../sources/hf-hub/read-hub-repo.ts';
import { resolveCatalogDir } from '../../store/deps.ts';
import { globalOptions } from '../context.ts';
import { writeErr, writeOut } from '../output.ts';

/** Drafts a catalog model file from a Hub repo, for a curator to confirm. */
export function draftCommand(): Command {
  return new Command('draft')
    .description(
      'Draft a model file from a Hub repo ($HF_ENDPOINT, $HF_TOKEN): card metadata, config.json counts, safetensors total, creation date; facts to confirm are marked',
    )
    .argument('<hub-repo-id>', 'e.g. Qwen/Qwen3-8B')
    .option(
      '--org <id>',
      'the organisation folder (default: the one whose hugging_face lists the repo owner)',
    )
    .option('--out <file>', 'where to write the TOML (default: catalog/<org>/models/<name>.toml)')
    .action(async (repo: string, o: { org?: string; out?: string }, cmd: Command) => {
      if (!/^[\w.-]+\/[\w.-]+$/.test(repo))
        throw new BadRequestError('invalid_parameter', `<hub-repo-id> takes "owner/name", got "${repo}"`);
      const dir = resolveCatalogDir(globalOptions(cmd).catalog);
      const catalog = loadCatalog(dir);
      const held = catalog.models.find((m) =>
        [m.id, ...m.huggingFace].some((k) => k.toLowerCase() === repo.toLowerCase()),
      );
      if (held) throw new OmoError('already_in_catalog', `${repo} is already in the catalog: ${held.file}`);
      const org = draftOrg(catalog, repo, o.org);
      const slug = (repo.split('/')[1] ?? repo).toLowerCase();
      const out = path.resolve(o.out ?? path.join(catalog.dir, org, 'models', `${slug}.toml`));
      if (existsSync(out))
        throw new OmoError('file_exists', `${out} exists; a draft never overwrites a file`);
      const hubUrl = (process.env.HF_ENDPOINT || 'https://huggingface.co').replace(/\/+$/, '');
      const facts = await readHubRepo(repo, { hubUrl });
      const config = await readConfig(repo, hubUrl);
      const draft = draftModel({
        facts,
        config,
        slug,
        models: catalog.models,
        licenses: catalog.licenses.map((l) => l.id),
        hubUrl,
        today: new Date().toISOString().slice(0, 10),
      });
      if (draft.configFile && config) {
        const configPath = path.join(catalog.dir, org, draft.configFile);
        if (existsSync(configPath))
          throw new OmoError('file_exists', `${configPath} exists; a draft never overwrites a file`);
        mkdirSync(path.dirname(configPath), { recursive: true });
        writeFileSync(configPath, `${JSON.stringify(config.json, null, 2)}\n`);
        writeOut(`wrote ${configPath}\n`);
      }
      mkdirSync(path.dirname(out), { recursive: true });
      writeFileSync(out, draft.toml);
      const confirm = draft.toml.split('\n').filter((l) => l.includes('# confirm')).length;
      writeOut(`wrote ${out}: ${confirm} fact(s) marked "# confirm:" for a curator\n`);
      reportCheck(dir);
    });
}

/** The organisation named by --org, or the one publishing under the repo's owner. */
function draftOrg(catalog: Catalog, repo: string, given: string | undefined): string {
  if (given !== undefined) {
    if (!catalog.organizations.some((x) => x.id === given))
      throw new BadRequestError('invalid_parameter', `--org: no organisation "${given}" in the catalog`);
    return given;
  }
  const owner = (repo.split('/')[0] ?? '').toLowerCase();
  const org = catalog.organizations.find((x) => x.huggingFace.some((a) => a.toLowerCase() === owner));
  if (!org)
    throw new BadRequestError(
      'invalid_parameter',
      `no organisation lists the Hub account "${owner}" in its org.toml; pass --org <id>`,
    );
  return org.id;
}

/** The repo's config.json and omo's count of it; null when it has none or omo cannot count its architecture. */
async function readConfig(
  repo: string,
  hubUrl: string,
): Promise<{ json: unknown; report: ParamReport } | null> {
  try {
    const { config } = await readHfConfig(repo, { hubUrl });
    return { json: config, report: computeParams(config) };
  } catch (e) {
    if (!(e instanceof ParamsError)) throw e;
    writeErr(`note: no computed count: ${e.message}\n`);
    return null;
  }
}

/** Runs the catalog check over the catalog with the draft in it, and says what it found. */
function reportCheck(dir: string): void {
  try {
    const c = loadCatalog(dir);
    writeOut(
      `omo catalog check: ok (${c.warnings.length} warning(s); --strict fails until the draft is confirmed)\n`,
    );
    for (const w of c.warnings) writeErr(`warning: ${formatIssue(w)}\n`);
  } catch (e) {
    if (!(e instanceof CatalogError)) throw e;
    for (const issue of e.issues) writeErr(`error: ${formatIssue(issue)}\n`);
    writeOut('omo catalog check: the draft does not pass yet; fix the errors above\n');
    process.exitCode = 1;
  }
}
