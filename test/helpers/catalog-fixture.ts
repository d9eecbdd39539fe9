import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const MINI_CATALOG = fileURLToPath(new URL('../fixtures/catalog', import.meta.url));
/** The leaderboards that load with the mini catalog (the `boards/` folder beside it). */
export const MINI_BOARDS = fileURLToPath(new URL('../fixtures/boards', import.meta.url));

/** A temporary copy of the mini catalog (folder named `catalog`, its boards beside it), with files added or replaced. */
export function catalogCopy(files: Record<string, string | null> = {}): { dir: string; cleanup(): void } {
  const root = mkdtempSync(path.join(os.tmpdir(), 'omo-catalog-'));
  const dir = path.join(root, 'catalog');
  cpSync(MINI_CATALOG, dir, { recursive: true });
  cpSync(MINI_BOARDS, path.join(root, 'boards'), { recursive: true });
  for (const [rel, text] of Object.entries(files)) {
    const abs = path.join(dir, rel);
    if (text === null) rmSync(abs, { force: true });
    else {
      mkdirSync(path.dirname(abs), { recursive: true });
      writeFileSync(abs, text);
    }
  }
  return { dir, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}
