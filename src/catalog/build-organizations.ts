import type { Organization } from '../domain/organization.ts';
import type { OrgFile } from './catalog-files.ts';
import type { CatalogReader, ParsedFile } from './catalog-reader.ts';
import { defaultSource, sourceResolver } from './source-refs.ts';

/**
 * Organisation records from their files, with the cross-file rules: every organisation names the source of its
 * country and kind, a parent is a known other organisation, and a Hub account belongs to one organisation.
 */
export function buildOrganizations(
  reader: CatalogReader,
  orgFiles: Map<string, ParsedFile<OrgFile>>,
): Map<string, Organization> {
  const organizations = new Map<string, Organization>();
  for (const [id, parsed] of orgFiles) {
    const o = parsed.data;
    const resolve = sourceResolver(reader, parsed);
    const fallback = defaultSource(parsed);
    if (fallback === undefined) {
      reader.issue(
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
  checkParents(reader, orgFiles, organizations);
  checkHubAccounts(reader, orgFiles);
  return organizations;
}

function checkParents(
  reader: CatalogReader,
  orgFiles: Map<string, ParsedFile<OrgFile>>,
  organizations: Map<string, Organization>,
): void {
  for (const [id, parsed] of orgFiles) {
    const parent = parsed.data.parent;
    if (parent && !organizations.has(parent))
      reader.issue(parsed, ['parent'], `unknown organisation "${parent}"`);
    if (parent === id) reader.issue(parsed, ['parent'], 'an organisation cannot be its own parent');
  }
}

function checkHubAccounts(reader: CatalogReader, orgFiles: Map<string, ParsedFile<OrgFile>>): void {
  const hubOwners = new Map<string, string>();
  for (const [id, parsed] of orgFiles) {
    parsed.data.hugging_face.forEach((account, i) => {
      const other = hubOwners.get(account.toLowerCase());
      if (other && other !== id)
        reader.issue(parsed, ['hugging_face', i], `Hub account "${account}" is already claimed by ${other}`);
      hubOwners.set(account.toLowerCase(), id);
    });
  }
}
