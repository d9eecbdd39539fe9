import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPostgresDatabase } from './postgres-database.ts';

export interface StoreTarget {
  name: 'sqlite' | 'postgres';
  /** Creates an empty database and returns its URL; `drop` removes it. */
  create(): Promise<{ url: string; drop(): Promise<void> }>;
}

const pgAdminUrl = process.env.OMO_TEST_DATABASE_URL;

/** SQLite always; PostgreSQL when OMO_TEST_DATABASE_URL is set (always in CI). */
export const storeTargets: StoreTarget[] = [
  {
    name: 'sqlite',
    async create() {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'omo-test-'));
      return {
        url: path.join(dir, 'omo.sqlite'),
        drop: async () => rmSync(dir, { recursive: true, force: true }),
      };
    },
  },
  ...(pgAdminUrl
    ? [
        {
          name: 'postgres' as const,
          // A database of its own per test file, so parallel files never share tables.
          create: () => createPostgresDatabase(pgAdminUrl, 'omo_t'),
        },
      ]
    : []),
];

if (process.env.CI && !pgAdminUrl) {
  throw new Error('CI must set OMO_TEST_DATABASE_URL so the store and API suites also run on PostgreSQL');
}
