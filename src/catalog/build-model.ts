import type { License } from '../domain/license.ts';
import type { Model } from '../domain/model.ts';
import type { Organization } from '../domain/organization.ts';
import { parsePartialDate } from '../domain/release-date.ts';
import type { SourceRef } from '../domain/source.ts';
import { type ModelFile, SCALAR_FACTS, type ScalarFact } from './catalog-files.ts';
import type { CatalogReader, ParsedFile } from './catalog-reader.ts';
import { findLine } from './find-line.ts';
import { parameterCounts } from './parameter-counts.ts';
import type { ModelFileEntry } from './read-catalog-files.ts';
import { defaultSource, type ResolveSource, sourceResolver } from './source-refs.ts';
import { trainingFacts } from './training-facts.ts';

/** What a model's file is checked against: the organisations and licences, and the model ids seen so far. */
interface ModelContext {
  organizations: Map<string, Organization>;
  licenses: Map<string, License>;
  /** Lower-cased model ids already built, with their files (for duplicate ids). */
  seenIds: Map<string, string>;
}

/** One model record from its file, reporting every rule it breaks; counts it towards its organisations. */
export function buildModel(reader: CatalogReader, entry: ModelFileEntry, ctx: ModelContext): Model {
  const { org, slug, parsed } = entry;
  const m = parsed.data;
  const resolve = sourceResolver(reader, parsed);
  const fullSlug = `${org}/${slug}`;
  checkIdentity(reader, entry, ctx.seenIds);
  const orgRefs = organizationRefs(reader, entry, ctx);
  const license = ctx.licenses.get(m.license.toLowerCase());
  if (!license) reader.issue(parsed, ['license'], `unknown licence "${m.license}" (add it to licenses.toml)`);
  const provenance = factProvenance(reader, parsed, resolve);
  const { counts, computed } = parameterCounts(reader, parsed, org, resolve);
  const canonical = counts.find((p) => p.canonical);
  const benchmarks = m.benchmarks.flatMap((b, i) => {
    const ref = resolve(b.source, ['benchmarks', i, 'source']);
    if (!ref) return [];
    const { benchmark, score, metric, variant } = b;
    return [{ benchmark, score, metric, variant, source: ref, date: b.date ?? null }];
  });
  if (m.weights === 'open' && license?.class === 'no-weights') {
    reader.issue(parsed, ['license'], `weights are open but licence "${license.id}" is classed no-weights`);
  }
  if (m.draft) warnDraft(reader, parsed);
  const releasedDate = m.released ? parsePartialDate(m.released) : null;
  // A dense model uses every parameter per token; for MoE and others an unstated active count stays unknown.
  const active = canonical?.active ?? (m.architecture === 'dense' ? (canonical?.total ?? null) : null);
  return {
    id: m.id,
    slug: fullSlug,
    kind: m.kind,
    name: m.name,
    family: m.family ?? null,
    organizations: orgRefs,
    countries: [...new Set(orgRefs.map((o) => o.country))],
    released: releasedDate?.date ?? null,
    releasedPrecision: releasedDate?.precision ?? null,
    announced: m.announced ?? null,
    weights: m.weights,
    open: m.weights === 'open',
    license: license
      ? { id: license.id, name: license.name, class: license.class, url: license.url ?? null }
      : { id: m.license, name: m.license, class: 'no-weights', url: null },
    modalities: { input: m.input, output: m.output },
    tasks: m.tasks,
    architecture: m.architecture,
    architectureDetail: m.architecture_detail ?? null,
    parameters: { total: canonical?.total ?? null, active },
    parameterCounts: counts,
    contextLength: m.context_length ?? null,
    huggingFace: m.hugging_face,
    baseModels: m.base_models,
    aliases: m.aliases,
    benchmarks,
    computed,
    training: trainingFacts(reader, parsed, resolve, active),
    peerNotes: m.peer_notes.map((n, i) => ({
      peer: n.peer,
      field: n.field,
      note: n.note,
      source: n.source ? resolve(n.source, ['peer_notes', i, 'source']) : null,
    })),
    sources: m.sources,
    provenance,
    notes: m.notes ?? null,
    file: parsed.file,
  };
}

/** File name, id and Hub repos agree, and the id is new. */
function checkIdentity(
  reader: CatalogReader,
  { org, slug, parsed }: ModelFileEntry,
  seenIds: Map<string, string>,
) {
  const m = parsed.data;
  const fullSlug = `${org}/${slug}`;
  if (!/^[a-z0-9][a-z0-9._-]*$/.test(slug))
    reader.issue(parsed, [], 'model file names are lower-case slugs (a-z, 0-9, ., _, -)');
  const seen = seenIds.get(m.id.toLowerCase());
  if (seen) reader.issue(parsed, ['id'], `duplicate id "${m.id}" (also in ${seen})`);
  seenIds.set(m.id.toLowerCase(), parsed.file);
  if (m.hugging_face.length > 0 && !m.hugging_face.some((h) => h.toLowerCase() === m.id.toLowerCase())) {
    reader.issue(
      parsed,
      ['id'],
      `a model with Hub repos takes one of them as its id (${m.hugging_face.join(', ')})`,
    );
  }
  if (m.hugging_face.length === 0 && m.id.toLowerCase() !== fullSlug) {
    reader.issue(
      parsed,
      ['id'],
      `a model without Hub repos has the id "<org>/<file name>", here "${fullSlug}"`,
    );
  }
}

/** The model's organisations (by default the folder it is filed under), each counting the model once more. */
function organizationRefs(reader: CatalogReader, { org, parsed }: ModelFileEntry, ctx: ModelContext) {
  const m = parsed.data;
  const orgRefs = (m.organizations ?? [org]).flatMap((oid, i) => {
    const o = ctx.organizations.get(oid);
    if (!o) {
      reader.issue(parsed, ['organizations', i], `unknown organisation "${oid}"`);
      return [];
    }
    o.modelCount++;
    return [{ id: o.id, name: o.name, country: o.country }];
  });
  if (m.organizations && !m.organizations.includes(org)) {
    reader.issue(
      parsed,
      ['organizations'],
      `a model filed under ${org}/ lists ${org} among its organisations`,
    );
  }
  return orgRefs;
}

/** Every scalar fact has a source: its [provenance] entry or the file's default source. */
function factProvenance(
  reader: CatalogReader,
  parsed: ParsedFile<ModelFile>,
  resolve: ResolveSource,
): Record<string, SourceRef> {
  const m = parsed.data;
  const fallback = defaultSource(parsed);
  const provenance: Record<string, SourceRef> = {};
  if (m.sources.length === 0) reader.issue(parsed, ['sources'], 'a model needs at least one source');
  for (const fact of SCALAR_FACTS) {
    if (!hasFact(m, fact)) continue;
    const id = m.provenance[fact] ?? fallback;
    if (id === undefined) {
      if (m.sources.length > 0)
        reader.issue(parsed, [fact], `fact without a source: set \`source\` or \`provenance.${fact}\``);
      continue;
    }
    const ref = resolve(id, m.provenance[fact] ? ['provenance', fact] : ['source']);
    if (ref) provenance[fact] = ref;
  }
  for (const fact of Object.keys(m.provenance)) {
    if (!hasFact(m, fact as ScalarFact))
      reader.issue(parsed, ['provenance', fact], `provenance for a fact the file does not state`);
  }
  return provenance;
}

function hasFact(m: ModelFile, fact: ScalarFact): boolean {
  const v = m[fact];
  if (Array.isArray(v)) return v.length > 0;
  return v !== undefined;
}

/** A file `omo catalog draft` wrote and no curator has confirmed yet: loads, but `--strict` fails on it. */
function warnDraft(reader: CatalogReader, parsed: ParsedFile<ModelFile>) {
  reader.warnings.push({
    file: parsed.file,
    field: 'draft',
    line: findLine(parsed.text, ['draft']),
    message: 'a draft: confirm the facts marked `# confirm:`, then remove the marks and `draft = true`',
  });
}
