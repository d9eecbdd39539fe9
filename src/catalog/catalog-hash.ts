import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The catalog's version: sha256 over every file in the folder (path relative to it, length, bytes), in path
 * order, skipping dot-files. A read command compares it with the hash the store holds before it parses anything,
 * so an unchanged catalog costs one read of ~2 MB instead of parsing and validating 370 TOML files. It covers
 * every file the loader may read (licences, organisations, models, config.json files anywhere in an organisation
 * folder) and a few it does not, which at worst costs one needless reload. Null when the folder does not exist.
 */
export function catalogHash(dir: string): string | null {
  const root = path.resolve(dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) return null;
  const hash = createHash('sha256');
  for (const rel of catalogFileList(root)) {
    const bytes = readFileSync(path.join(root, rel));
    hash.update(`${rel}\0${bytes.length}\0`).update(bytes);
  }
  return hash.digest('hex');
}

/** Every file under `root` except dot-files and dot-folders, as '/'-separated relative paths, sorted. */
function catalogFileList(root: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const entry of readdirSync(path.join(root, rel), { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      const isDir = entry.isSymbolicLink()
        ? statSync(path.join(root, child)).isDirectory()
        : entry.isDirectory();
      if (isDir) walk(child);
      else out.push(child);
    }
  };
  walk('');
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
