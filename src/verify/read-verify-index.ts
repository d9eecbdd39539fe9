import type { Deps } from '../store/deps.ts';
import {
  buildVerifyIndex,
  cachedVerifyIndex,
  rememberVerifyIndex,
  type VerifyIndex,
} from './verify-index.ts';

/**
 * The verifier's index of the catalog `deps` reads (call it inside one read snapshot): built from the store's
 * models, organisations and licences once per catalog version (the catalog hash) and kept until the hash changes.
 */
export async function readVerifyIndex(deps: Deps): Promise<VerifyIndex> {
  const version = (await deps.catalog.state())?.hash ?? '';
  const cached = cachedVerifyIndex(version);
  if (cached) return cached;
  const models = await deps.models.all();
  const orgs = await deps.orgs.all();
  const licenses = (await deps.licenses.list()).map((l) => ({
    id: l.id,
    name: l.name,
    class: l.class,
    url: l.url,
  }));
  return rememberVerifyIndex(buildVerifyIndex({ version, models, orgs, licenses }));
}
