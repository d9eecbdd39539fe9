import type { Model } from '../domain/model.ts';
import type { CatalogReader } from './catalog-reader.ts';
import type { ModelFileEntry } from './read-catalog-files.ts';

/**
 * Names must lead to one model: ids, slugs, names, aliases and Hub repos are lookup keys, unique across the
 * catalog (case-insensitively); base models must be such keys, and not the model itself.
 */
export function checkNames(reader: CatalogReader, models: Model[], modelFiles: ModelFileEntry[]): void {
  const keys = new Map<string, { model: Model; what: string }>();
  const parsedByFile = new Map(modelFiles.map((f) => [f.parsed.file, f.parsed]));
  for (const model of models) {
    const parsed = parsedByFile.get(model.file);
    if (!parsed) continue;
    const claim = (key: string, what: string, field: PropertyKey[]) => {
      const k = key.toLowerCase();
      const other = keys.get(k);
      if (other && other.model !== model) {
        reader.issue(
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
        reader.issue(
          parsed,
          ['base_models', i],
          `unknown base model "${b}" (not an id, alias or Hub repo in the catalog)`,
        );
      else if (base.model === model)
        reader.issue(parsed, ['base_models', i], 'a model cannot be its own base model');
    });
  }
}
