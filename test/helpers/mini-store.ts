import { fileURLToPath } from 'node:url';
import { createDeps, type Deps, ensureCatalog } from '../../src/store/deps.ts';
import { ingestHub } from '../../src/store/hub-ingest.ts';
import { MINI_CATALOG } from './catalog-fixture.ts';
import type { StoreTarget } from './targets.ts';

const AUGUST_DUMP = fileURLToPath(new URL('../fixtures/hub/models-2025-08.jsonl', import.meta.url));

/**
 * A new store on `target` with the mini catalog loaded and the August Hub fixture ingested, for tests that ask the
 * API about both; `url` names it for the CLI; `close` closes the store and drops it.
 */
export async function miniStoreWithHub(
  target: StoreTarget,
): Promise<{ deps: Deps; url: string; close(): Promise<void> }> {
  const created = await target.create();
  const deps = createDeps({ url: created.url, catalogDir: MINI_CATALOG });
  await ensureCatalog(deps);
  await ingestHub(deps.store, {
    input: AUGUST_DUMP,
    at: new Date('2025-08-01T00:00:00Z'),
    skipInvalid: true,
  });
  return {
    deps,
    url: created.url,
    close: async () => {
      await deps.store.close();
      await created.drop();
    },
  };
}
