import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  ADOPTION_METRICS,
  type AdoptionFact,
  type AdoptionFamily,
  type AdoptionSource,
} from '../domain/adoption.ts';
import { isCountryCode } from '../domain/countries.ts';
import type { Model } from '../domain/model.ts';
import type { Organization } from '../domain/organization.ts';
import { parsePartialDate } from '../domain/release-date.ts';
import { AdoptionFile } from './catalog-files.ts';
import type { CatalogReader, ParsedFile } from './catalog-reader.ts';

export interface Adoption {
  families: AdoptionFamily[];
  facts: AdoptionFact[];
}

/**
 * `adoption.toml` at the catalog's root (optional: a catalog without it has no figures), checked against the rest
 * of the catalog: a family's maker is a catalog organisation and its prefixes name catalog families; a fact's
 * subject is a declared family, an organisation or a country code; ids are unique; a figure's date is not after
 * the day its source was read.
 */
export function readAdoption(
  reader: CatalogReader,
  organizations: Map<string, Organization>,
  models: readonly Model[],
): Adoption {
  const abs = path.join(reader.root, 'adoption.toml');
  if (!existsSync(abs)) return { families: [], facts: [] };
  const parsed = reader.parseFile(abs, AdoptionFile);
  if (!parsed) return { families: [], facts: [] };
  const families = readFamilies(reader, parsed, organizations, models);
  return { families: [...families.values()], facts: readFacts(reader, parsed, families, organizations) };
}

function readFamilies(
  reader: CatalogReader,
  parsed: ParsedFile<AdoptionFile>,
  organizations: Map<string, Organization>,
  models: readonly Model[],
): Map<string, AdoptionFamily> {
  const catalogFamilies = [...new Set(models.flatMap((m) => (m.family ? [m.family.toLowerCase()] : [])))];
  const families = new Map<string, AdoptionFamily>();
  parsed.data.families.forEach((f, i) => {
    if (families.has(f.id)) reader.issue(parsed, ['families', i, 'id'], `family "${f.id}" is declared twice`);
    if (!organizations.has(f.org))
      reader.issue(parsed, ['families', i, 'org'], `unknown organisation "${f.org}"`);
    const prefixes = f.prefixes ?? [f.name];
    for (const prefix of prefixes) {
      if (!catalogFamilies.some((c) => c.startsWith(prefix.toLowerCase())))
        reader.issue(parsed, ['families', i, 'prefixes'], `"${prefix}" starts no catalog model's family`);
    }
    families.set(f.id, { id: f.id, name: f.name, org: f.org, prefixes });
  });
  return families;
}

function readFacts(
  reader: CatalogReader,
  parsed: ParsedFile<AdoptionFile>,
  families: Map<string, AdoptionFamily>,
  organizations: Map<string, Organization>,
): AdoptionFact[] {
  const seen = new Set<string>();
  const facts: AdoptionFact[] = [];
  parsed.data.facts.forEach((f, i) => {
    const at = (field: string) => ['facts', i, field];
    if (seen.has(f.id)) reader.issue(parsed, at('id'), `fact "${f.id}" is listed twice`);
    seen.add(f.id);
    const subject = subjectOf(f, families, organizations);
    if (typeof subject === 'string') reader.issue(parsed, at('subject'), subject);
    const date = parsePartialDate(f.as_of);
    // The earliest day the figure can stand for is after the day its source was read: a typo in the year.
    if (date && f.as_of > f.source.accessed)
      reader.issue(
        parsed,
        at('as_of'),
        `${f.as_of} is after the day the source was read (${f.source.accessed})`,
      );
    if (typeof subject === 'string' || subject === null || !date) return;
    facts.push({
      id: f.id,
      kind: f.kind,
      subject: f.subject,
      subject_name: subject.name,
      country: subject.country,
      metric: f.metric,
      value: f.value,
      unit: ADOPTION_METRICS[f.metric].unit,
      qualifier: f.qualifier,
      as_of: f.as_of,
      as_of_precision: date.precision,
      scope: f.scope,
      measured_by: f.measured_by,
      source: source(f.source),
      primary: f.primary ? { url: f.primary.url, title: f.primary.title } : null,
      reported_in: f.reported_in.map(source),
      quote: f.quote,
      note: f.note ?? null,
    });
  });
  return facts;
}

const countryNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' });

/**
 * The display name and country of a fact's subject; a message when the subject is unknown; null for a family whose
 * maker is unknown (reported at the family).
 */
function subjectOf(
  f: { kind: AdoptionFact['kind']; subject: string },
  families: Map<string, AdoptionFamily>,
  organizations: Map<string, Organization>,
): { name: string; country: string } | string | null {
  if (f.kind === 'family') {
    const family = families.get(f.subject);
    if (!family) return `unknown family "${f.subject}" (declare it under [[families]])`;
    const org = organizations.get(family.org);
    return org ? { name: family.name, country: org.country } : null;
  }
  if (f.kind === 'org') {
    const org = organizations.get(f.subject);
    return org ? { name: org.name, country: org.country } : `unknown organisation "${f.subject}"`;
  }
  if (!/^[A-Z]{2}$/.test(f.subject) || !isCountryCode(f.subject))
    return `"${f.subject}" is not an ISO 3166-1 alpha-2 country code such as "CN"`;
  return { name: countryNames.of(f.subject) ?? f.subject, country: f.subject };
}

function source(s: { url: string; title: string; accessed: string }): AdoptionSource {
  return { url: s.url, title: s.title, accessed: s.accessed };
}
