import type { Command } from 'commander';
import { createDeps, type Deps, ensureCatalog, readSnapshot } from '../store/deps.ts';

export interface GlobalOptions {
  db?: string;
  catalog?: string;
}

/** The options given before or after the subcommand: `omo --db X models` and `omo models --db X` both work. */
export function globalOptions(cmd: Command): GlobalOptions {
  return cmd.optsWithGlobals() as GlobalOptions;
}

/**
 * Opens the store, optionally refreshes the catalog in it, runs `fn`, and always closes the store. A SQLite file named
 * by --db must exist unless `create` (only `omo db migrate` creates one).
 */
export async function withDeps<T>(
  cmd: Command,
  fn: (deps: Deps) => Promise<T>,
  opts: { refresh?: boolean; create?: boolean } = { refresh: true },
): Promise<T> {
  const g = globalOptions(cmd);
  const deps = createDeps({ url: g.db, catalogDir: g.catalog, create: opts.create === true });
  try {
    if (opts.refresh) await ensureCatalog(deps);
    return await fn(deps);
  } finally {
    await deps.store.close();
  }
}

/**
 * `withDeps` for a read command: the catalog refreshed first, then `fn` inside one read transaction, so an answer
 * built from several queries shows one catalog version even while another process loads a catalog.
 */
export function withSnapshot<T>(cmd: Command, fn: (deps: Deps) => Promise<T>): Promise<T> {
  return withDeps(cmd, (deps) => readSnapshot(deps, fn));
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
