import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse as parseToml, TomlDate, TomlError } from 'smol-toml';
import type { z } from 'zod';
import { CatalogError, type CatalogIssue } from '../domain/errors.ts';
import type { License } from '../domain/license.ts';
import type { Model, ParameterCount } from '../domain/model.ts';
import type { Organization } from '../domain/organization.ts';
import { parsePartialDate } from '../domain/release-date.ts';
import type { Source, SourceRef } from '../domain/source.ts';
import { computeParams } from '../params/compute-params.ts';
import { ParamsError } from '../params/errors.ts';
import type { ParamReport } from '../params/param-report.ts';
import { LicensesFile, ModelFile, OrgFile, SCALAR_FACTS, type ScalarFact } from './catalog-files.ts';
import { catalogHash } from './catalog-hash.ts';
import { findLine } from './find-line.ts';
import { fieldPath, formatZodIssue, issueField } from './format-zod-issue.ts';

export interface Catalog {
  /** Absolute path of the catalog folder. */
  dir: string;
  /** sha256 over every file in the catalog folder (`catalogHash`): a changed file changes it. */
  hash: string;
  licenses: License[];
  organizations: Organization[];
  models: Model[];
  /** Problems that do not block loading, e.g. a stated parameter count more than 2% off the computed one. */
  warnings: CatalogIssue[];
}

/** Stated and computed parameter counts further apart than this (relative to the computed one) are reported. */
export const PARAMETER_TOLERANCE = 0.02;

interface ParsedFile<T> {
  file: string;
  text: string;
  data: T;
}

/**
 * Reads and validates a catalog folder: `licenses.toml`, `<org>/org.toml`, `<org>/models/<slug>.toml`. Collects
 * every problem (file-level and cross-file) and throws one CatalogError listing them all.
 */
export function loadCatalog(dir: string): Catalog {
  const root = path.resolve(dir);
  const label = path.basename(root);
  const rel = (abs: string) => path.join(label, path.relative(root, abs)).split(path.sep).join('/');
  const issues: CatalogIssue[] = [];
  const warnings: CatalogIssue[] = [];
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new CatalogError([{ file: label, field: '', message: `catalog folder not found: ${root}` }]);
  }
  // Hashed before reading: a file changed while loading leaves a hash that no longer matches, so the next run reloads.
  const hash = catalogHash(root) ?? '';
  const read = (abs: string): string => readFileSync(abs, 'utf8');
  function parseFile<S extends z.ZodType>(abs: string, schema: S): ParsedFile<z.output<S>> | null {
    const file = rel(abs);
    const text = read(abs);
    let raw: unknown;
    try {
      raw = normalizeToml(parseToml(text));
    } catch (e) {
      if (e instanceof TomlError) {
        issues.push({ file, field: '', line: e.line, message: `invalid TOML: ${e.message.split('\n')[0]}` });
        return null;
      }
      throw e;
    }
    const result = schema.safeParse(raw, { reportInput: true });
    if (!result.success) {
      for (const issue of result.error.issues) {
        const field = issueField(issue);
        issues.push({
          file,
          field: fieldPath(field),
          line: findLine(text, field),
          message: formatZodIssue(issue),
        });
      }
      return null;
    }
    return { file, text, data: result.data };
  }

  // Licences.
  const licenses = new Map<string, License>();
  const licensesPath = path.join(root, 'licenses.toml');
  if (!existsSync(licensesPath))
    issues.push({ file: rel(licensesPath), field: '', message: 'file is missing' });
  else {
    const parsed = parseFile(licensesPath, LicensesFile);
    for (const [id, l] of Object.entries(parsed?.data ?? {})) {
      licenses.set(id.toLowerCase(), {
        id,
        name: l.name,
        class: l.class,
        spdx: l.spdx,
        ...(l.url ? { url: l.url } : {}),
        ...(l.notes ? { notes: l.notes } : {}),
      });
    }
  }

  // Organisations and their model files.
  const orgFiles = new Map<string, ParsedFile<OrgFile>>();
  const modelFiles: { org: string; slug: string; parsed: ParsedFile<ModelFile> }[] = [];
  const entries = readdirSync(root, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const orgDir = path.join(root, entry.name);
    const orgId = entry.name;
    if (!/^[a-z0-9][a-z0-9-]*$/.test(orgId)) {
      issues.push({
        file: rel(orgDir),
        field: '',
        message: 'organisation folder names are lower-case ids (a-z, 0-9, -)',
      });
      continue;
    }
    const orgPath = path.join(orgDir, 'org.toml');
    if (!existsSync(orgPath)) issues.push({ file: rel(orgPath), field: '', message: 'file is missing' });
    else {
      const parsed = parseFile(orgPath, OrgFile);
      if (parsed) orgFiles.set(orgId, parsed);
    }
    const modelsDir = path.join(orgDir, 'models');
    if (!existsSync(modelsDir)) continue;
    for (const name of readdirSync(modelsDir).sort()) {
      const abs = path.join(modelsDir, name);
      if (!name.endsWith('.toml')) {
        issues.push({ file: rel(abs), field: '', message: 'only .toml files belong in a models folder' });
        continue;
      }
      const parsed = parseFile(abs, ModelFile);
      if (parsed) modelFiles.push({ org: orgId, slug: name.slice(0, -'.toml'.length), parsed });
    }
  }

  // Sources: every reference resolves, every fact has one.
  function sourceResolver(parsed: ParsedFile<{ sources: Source[] }>) {
    const byId = new Map<string, Source>();
    parsed.data.sources.forEach((s, i) => {
      if (byId.has(s.id)) issue(parsed, ['sources', i, 'id'], `duplicate source id "${s.id}"`);
      byId.set(s.id, s);
    });
    return (id: string | undefined, field: PropertyKey[]): SourceRef | null => {
      if (id === undefined) return null;
      const s = byId.get(id);
      if (!s) {
        issue(parsed, field, `unknown source "${id}" (not among this file's [[sources]])`);
        return null;
      }
      return { id: s.id, url: s.url, ...(s.title ? { title: s.title } : {}) };
    };
  }
  function issue(parsed: ParsedFile<unknown>, field: PropertyKey[], message: string) {
    issues.push({ file: parsed.file, field: fieldPath(field), line: findLine(parsed.text, field), message });
  }
  function defaultSource(parsed: ParsedFile<{ source?: string | undefined; sources: Source[] }>) {
    if (parsed.data.source) return parsed.data.source;
    return parsed.data.sources.length === 1 ? parsed.data.sources[0]?.id : undefined;
  }

  // Build organisations.
  const organizations = new Map<string, Organization>();
  for (const [id, parsed] of orgFiles) {
    const o = parsed.data;
    const resolve = sourceResolver(parsed);
    const fallback = defaultSource(parsed);
    if (fallback === undefined) {
      issue(
        parsed,
        o.sources.length === 0 ? ['sources'] : ['source'],
        o.sources.length === 0
          ? 'an organisation needs at least one source (for its country and kind)'
          : 'several sources: name the one that states country and kind',
      );
    } else resolve(fallback, ['source']);
    organizations.set(id, {
      id,
      name: o.name,
      nativeName: o.native_name ?? null,
      aliases: o.aliases,
      country: o.country,
      kind: o.kind,
      parent: o.parent ?? null,
      website: o.website ?? null,
      huggingFace: o.hugging_face,
      description: o.description ?? null,
      sources: o.sources,
      modelCount: 0,
      file: parsed.file,
    });
  }
  for (const [id, parsed] of orgFiles) {
    const parent = parsed.data.parent;
    if (parent && !organizations.has(parent)) issue(parsed, ['parent'], `unknown organisation "${parent}"`);
    if (parent === id) issue(parsed, ['parent'], 'an organisation cannot be its own parent');
  }
  const hubOwners = new Map<string, string>();
  for (const [id, parsed] of orgFiles) {
    parsed.data.hugging_face.forEach((account, i) => {
      const other = hubOwners.get(account.toLowerCase());
      if (other && other !== id)
        issue(parsed, ['hugging_face', i], `Hub account "${account}" is already claimed by ${other}`);
      hubOwners.set(account.toLowerCase(), id);
    });
  }

  // Build models.
  const models: Model[] = [];
  const byId = new Map<string, { file: string }>();
  for (const { org, slug, parsed } of modelFiles) {
    const m = parsed.data;
    const resolve = sourceResolver(parsed);
    const fullSlug = `${org}/${slug}`;
    if (!/^[a-z0-9][a-z0-9._-]*$/.test(slug))
      issue(parsed, [], 'model file names are lower-case slugs (a-z, 0-9, ., _, -)');
    const seen = byId.get(m.id.toLowerCase());
    if (seen) issue(parsed, ['id'], `duplicate id "${m.id}" (also in ${seen.file})`);
    byId.set(m.id.toLowerCase(), { file: parsed.file });
    if (m.hugging_face.length > 0 && !m.hugging_face.some((h) => h.toLowerCase() === m.id.toLowerCase())) {
      issue(
        parsed,
        ['id'],
        `a model with Hub repos takes one of them as its id (${m.hugging_face.join(', ')})`,
      );
    }
    if (m.hugging_face.length === 0 && m.id.toLowerCase() !== fullSlug) {
      issue(parsed, ['id'], `a model without Hub repos has the id "<org>/<file name>", here "${fullSlug}"`);
    }

    const orgIds = m.organizations ?? [org];
    const orgRefs = orgIds.flatMap((oid, i) => {
      const o = organizations.get(oid);
      if (!o) {
        if (!orgFiles.has(oid)) issue(parsed, ['organizations', i], `unknown organisation "${oid}"`);
        return [];
      }
      o.modelCount++;
      return [{ id: o.id, name: o.name, country: o.country }];
    });
    if (m.organizations && !m.organizations.includes(org)) {
      issue(parsed, ['organizations'], `a model filed under ${org}/ lists ${org} among its organisations`);
    }

    const license = licenses.get(m.license.toLowerCase());
    if (!license) issue(parsed, ['license'], `unknown licence "${m.license}" (add it to licenses.toml)`);

    // Every scalar fact has a source: its [provenance] entry or the file's default source.
    const fallback = defaultSource(parsed);
    const provenance: Record<string, SourceRef> = {};
    if (m.sources.length === 0) issue(parsed, ['sources'], 'a model needs at least one source');
    for (const fact of SCALAR_FACTS) {
      if (!hasFact(m, fact)) continue;
      const id = m.provenance[fact] ?? fallback;
      if (id === undefined) {
        if (m.sources.length > 0)
          issue(parsed, [fact], `fact without a source: set \`source\` or \`provenance.${fact}\``);
        continue;
      }
      const ref = resolve(id, m.provenance[fact] ? ['provenance', fact] : ['source']);
      if (ref) provenance[fact] = ref;
    }
    for (const fact of Object.keys(m.provenance)) {
      if (!hasFact(m, fact as ScalarFact))
        issue(parsed, ['provenance', fact], `provenance for a fact the file does not state`);
    }

    const parameterCounts: ParameterCount[] = [];
    const canonicalCount = m.parameters.filter((p) => p.canonical).length;
    if (m.parameters.length > 1 && canonicalCount !== 1) {
      issue(
        parsed,
        ['parameters'],
        `several parameter counts: mark exactly one \`canonical = true\` (found ${canonicalCount})`,
      );
    }
    m.parameters.forEach((p, i) => {
      const ref = resolve(p.source, ['parameters', i, 'source']);
      if (!ref) return;
      parameterCounts.push({
        total: p.total ?? null,
        active: p.active ?? null,
        method: p.method,
        source: ref,
        canonical: m.parameters.length === 1 || p.canonical === true,
        note: p.note ?? null,
      });
    });
    if (m.architecture !== 'moe') {
      m.parameters.forEach((p, i) => {
        if (p.total !== undefined && p.active !== undefined && p.active !== p.total) {
          issue(
            parsed,
            ['parameters', i, 'active'],
            'active differs from total but the architecture is not moe',
          );
        }
      });
    }
    const computed = m.config ? computeFromConfig(parsed, org, m.config, resolve) : null;
    if (computed) {
      parameterCounts.push(computed.count);
      for (const w of compareCounts(m, computed.report))
        warnings.push({
          file: parsed.file,
          field: w.field,
          message: w.message,
          line: findLine(parsed.text, w.path),
        });
    }
    const canonical = parameterCounts.find((p) => p.canonical);
    const benchmarks = m.benchmarks.flatMap((b, i) => {
      const ref = resolve(b.source, ['benchmarks', i, 'source']);
      return ref
        ? [
            {
              benchmark: b.benchmark,
              score: b.score,
              metric: b.metric,
              variant: b.variant,
              source: ref,
              date: b.date ?? null,
            },
          ]
        : [];
    });
    if (m.weights === 'open' && license?.class === 'no-weights') {
      issue(parsed, ['license'], `weights are open but licence "${license.id}" is classed no-weights`);
    }
    const releasedDate = m.released ? parsePartialDate(m.released) : null;
    models.push({
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
      parameters: {
        total: canonical?.total ?? null,
        // A dense model uses every parameter per token; for MoE and others an unstated active count stays unknown.
        active: canonical?.active ?? (m.architecture === 'dense' ? (canonical?.total ?? null) : null),
      },
      parameterCounts,
      contextLength: m.context_length ?? null,
      huggingFace: m.hugging_face,
      baseModels: m.base_models,
      aliases: m.aliases,
      benchmarks,
      computed: computed?.report ?? null,
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
    });
  }

  // Names must lead to one model: ids, slugs, names, aliases and Hub repos are lookup keys.
  const keys = new Map<string, { model: Model; what: string }>();
  const parsedByFile = new Map(modelFiles.map((f) => [f.parsed.file, f.parsed]));
  for (const model of models) {
    const parsed = parsedByFile.get(model.file);
    if (!parsed) continue;
    const claim = (key: string, what: string, field: PropertyKey[]) => {
      const k = key.toLowerCase();
      const other = keys.get(k);
      if (other && other.model !== model) {
        issue(
          parsed,
          field,
          `duplicate alias "${key}": already the ${other.what} of ${other.model.id} (${other.model.file})`,
        );
      } else if (!other) keys.set(k, { model, what });
    };
    claim(model.id, 'id', ['id']);
    claim(model.slug, 'slug', []);
    claim(model.name, 'name', ['name']);
    for (const [i, h] of model.huggingFace.entries()) claim(h, 'Hub repo', ['hugging_face', i]);
    for (const [i, a] of model.aliases.entries()) claim(a, 'alias', ['aliases', i]);
  }
  for (const model of models) {
    const parsed = parsedByFile.get(model.file);
    if (!parsed) continue;
    model.baseModels.forEach((b, i) => {
      const base = keys.get(b.toLowerCase());
      if (!base)
        issue(
          parsed,
          ['base_models', i],
          `unknown base model "${b}" (not an id, alias or Hub repo in the catalog)`,
        );
      else if (base.model === model)
        issue(parsed, ['base_models', i], 'a model cannot be its own base model');
    });
  }

  function computeFromConfig(
    parsed: ParsedFile<ModelFile>,
    org: string,
    config: NonNullable<ModelFile['config']>,
    resolve: ReturnType<typeof sourceResolver>,
  ): { report: ParamReport; count: ParameterCount } | null {
    const ref = resolve(config.source, ['config', 'source']);
    let json: unknown = config.json;
    if (config.file !== undefined) {
      const orgDir = path.join(root, org);
      const abs = path.resolve(orgDir, config.file);
      if (!abs.startsWith(`${orgDir}${path.sep}`)) {
        issue(parsed, ['config', 'file'], 'a config file lives inside its organisation folder');
        return null;
      }
      if (!existsSync(abs)) {
        issue(parsed, ['config', 'file'], `no such file: ${rel(abs)}`);
        return null;
      }
      try {
        json = JSON.parse(read(abs));
      } catch (e) {
        issue(parsed, ['config', 'file'], `${rel(abs)} is not JSON: ${(e as Error).message}`);
        return null;
      }
    }
    let report: ParamReport;
    try {
      report = computeParams(json);
    } catch (e) {
      if (e instanceof ParamsError) {
        issue(parsed, ['config'], e.message);
        return null;
      }
      throw e;
    }
    if (!ref) return null;
    return {
      report,
      count: {
        total: report.total,
        active: report.active,
        method: 'computed',
        source: ref,
        canonical: false,
        note: `computed by omo from config.json (${report.architecture})${report.extra.mtp ? `; excludes ${report.extra.mtp.toLocaleString('en-US')} MTP parameters` : ''}`,
      },
    };
  }

  if (issues.length > 0) throw new CatalogError(issues);
  return {
    dir: root,
    warnings,
    hash,
    licenses: [...licenses.values()],
    organizations: [...organizations.values()],
    models: models.sort((a, b) => a.id.localeCompare(b.id)),
  };
}

/**
 * Stated counts against the computed ones: `official` figures against the computed total and active (makers'
 * totals exclude MTP modules), `hub` totals against the computed total plus MTP modules (safetensors hold them).
 */
function compareCounts(
  m: ModelFile,
  report: ParamReport,
): { field: string; path: PropertyKey[]; message: string }[] {
  const out: { field: string; path: PropertyKey[]; message: string }[] = [];
  const off = (stated: number, computed: number) => Math.abs(stated - computed) / computed;
  m.parameters.forEach((p, i) => {
    const pairs: ['total' | 'active', number | undefined, number][] =
      p.method === 'hub'
        ? [['total', p.total, report.total + (report.extra.mtp ?? 0)]]
        : [
            ['total', p.total, report.total],
            ['active', p.active, report.active],
          ];
    for (const [key, stated, computed] of pairs) {
      if (stated === undefined || computed === 0) continue;
      const diff = off(stated, computed);
      if (diff > PARAMETER_TOLERANCE) {
        out.push({
          field: `parameters[${i}].${key}`,
          path: ['parameters', i, key],
          message: `stated ${stated.toLocaleString('en-US')} differs by ${(diff * 100).toFixed(1)}% from ${computed.toLocaleString('en-US')} computed from the config`,
        });
      }
    }
  });
  return out;
}

function hasFact(m: ModelFile, fact: ScalarFact): boolean {
  const v = m[fact];
  if (Array.isArray(v)) return v.length > 0;
  return v !== undefined;
}

/** TOML dates become ISO date strings; everything else passes through. */
function normalizeToml(value: unknown): unknown {
  if (value instanceof TomlDate) {
    const iso = value.toISOString();
    return value.isDate() ? iso.slice(0, 10) : iso;
  }
  if (Array.isArray(value)) return value.map(normalizeToml);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalizeToml(v)]));
  }
  return value;
}
