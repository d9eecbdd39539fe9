import type { Source, SourceRef } from '../domain/source.ts';
import type { CatalogReader, ParsedFile } from './catalog-reader.ts';

/** Resolves a source id of one file to its reference, reporting an unknown id at `field`. */
export type ResolveSource = (id: string | undefined, field: PropertyKey[]) => SourceRef | null;

/** Every reference to a source resolves among the file's own `[[sources]]`, whose ids are unique. */
export function sourceResolver(
  reader: CatalogReader,
  parsed: ParsedFile<{ sources: Source[] }>,
): ResolveSource {
  const byId = new Map<string, Source>();
  parsed.data.sources.forEach((s, i) => {
    if (byId.has(s.id)) reader.issue(parsed, ['sources', i, 'id'], `duplicate source id "${s.id}"`);
    byId.set(s.id, s);
  });
  return (id, field) => {
    if (id === undefined) return null;
    const s = byId.get(id);
    if (!s) {
      reader.issue(parsed, field, `unknown source "${id}" (not among this file's [[sources]])`);
      return null;
    }
    return { id: s.id, url: s.url, ...(s.title ? { title: s.title } : {}) };
  };
}

/** The source of a file's scalar facts: its `source`, or its only source. */
export function defaultSource(parsed: ParsedFile<{ source?: string | undefined; sources: Source[] }>) {
  if (parsed.data.source) return parsed.data.source;
  return parsed.data.sources.length === 1 ? parsed.data.sources[0]?.id : undefined;
}
