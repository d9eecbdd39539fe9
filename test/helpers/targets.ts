import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

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
          async create() {
            // A database of its own per test file, so parallel files never share tables.
            const name = `omo_t_${randomBytes(6).toString('hex')}`;
            const admin = new pg.Client({ connectionString: pgAdminUrl });
            await admin.connect();
            await admin.query(`create database ${name}`);
            await admin.end();
            const url = new URL(pgAdminUrl);
            url.pathname = `/${name}`;
            return {
              url: url.toString(),
              async drop() {
                const c = new pg.Client({ connectionString: pgAdminUrl });
                await c.connect();
                await c.query(`drop database if exists ${name} with (force)`);
                await c.end();
              },
            };
          },
        },
      ]
    : []),
];

if (process.env.CI && !pgAdminUrl) {
  throw new Error('CI must set OMO_TEST_DATABASE_URL so the store and API suites also run on PostgreSQL');
}
