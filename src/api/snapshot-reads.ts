import type { Context, MiddlewareHandler } from 'hono';
import { OmoError } from '../domain/errors.ts';
import { type Deps, readSnapshot } from '../store/deps.ts';

/** What `snapshotReads` puts on a request's context. */
interface Snapshot {
  /** Repositories bound to the request's read transaction. */
  deps: Deps;
  /** The catalog hash that transaction reads (null before the first load): what its answer is an answer for. */
  catalogVersion: string | null;
}

declare module 'hono' {
  interface ContextVariableMap {
    snapshot: Snapshot;
  }
}

/**
 * Runs each GET to `paths` inside one read transaction (`readSnapshot`): the route reads through `readDeps(c)`, so
 * every query of its answer sees the same catalog version, and `catalogVersion(c)` names that version. The
 * transaction's first query reads the catalog's hash, which fixes the snapshot on both engines. Hub routes stay
 * out: their long queries would hold SQLite's one connection, and Hub data changes per snapshot, not per load.
 */
export function snapshotReads(deps: Deps, paths: RegExp): MiddlewareHandler {
  return async (c, next) => {
    if ((c.req.method !== 'GET' && c.req.method !== 'HEAD') || !paths.test(c.req.path)) return next();
    await readSnapshot(deps, async (read) => {
      const state = await read.catalog.state();
      c.set('snapshot', { deps: read, catalogVersion: state?.hash ?? null });
      await next();
    });
  };
}

/** The request's snapshot-bound repositories; an internal error for a route `snapshotReads` does not cover. */
export function readDeps(c: Context): Deps {
  const snapshot = c.get('snapshot');
  if (!snapshot) throw new OmoError('internal', `${c.req.path} is served outside a read snapshot`);
  return snapshot.deps;
}

/** The catalog version the request's answer was read at; undefined when it was not read inside a snapshot. */
export function catalogVersion(c: Context): string | null | undefined {
  return c.get('snapshot')?.catalogVersion;
}
