import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { build } from '../scripts/build.mjs';
import { asPostgres, clusterOptions, initCluster, PGBIN, runAsPostgres } from './helpers/pg-cluster.ts';

// When OMO_TEST_DATABASE_URL is not set but PostgreSQL 15 is installed (Debian's `postgresql`), start a throwaway
// cluster for this run so `npm test` exercises both engines on any machine; CI sets the variable itself.

/** A port nothing listens on now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export default async function setup(): Promise<(() => void) | undefined> {
  // Tests that spawn bin/omo.js run dist/: compile it when a source is newer than the last build (an mtime walk,
  // ~10 ms, when fresh). The dashboard bundle is built here too, so servers started by tests never build it
  // concurrently.
  await build({ log: (line) => process.stderr.write(`global setup: ${line}\n`) });
  if (process.env.OMO_TEST_DATABASE_URL || process.env.OMO_TEST_NO_POSTGRES || !existsSync(`${PGBIN}/initdb`))
    return;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'omo-test-pg-'));
  const port = await freePort();
  const pgCtl = (...args: string[]) => asPostgres(`${PGBIN}/pg_ctl`, ['-D', dir, ...args]);
  try {
    initCluster(dir);
    runAsPostgres(pgCtl('-l', path.join(dir, 'log'), '-w', '-o', clusterOptions(dir, port, 200), 'start'));
  } catch (e) {
    process.stderr.write(
      `note: could not start a throwaway PostgreSQL, running SQLite only: ${(e as Error).message}\n`,
    );
    rmSync(dir, { recursive: true, force: true });
    return;
  }
  process.env.OMO_TEST_DATABASE_URL = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return () => {
    try {
      runAsPostgres(pgCtl('-m', 'immediate', 'stop'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}
