import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { build } from '../scripts/build.mjs';

// When OMO_TEST_DATABASE_URL is not set but PostgreSQL 15 is installed (Debian's `postgresql`), start a throwaway
// cluster for this run so `npm test` exercises both engines on any machine; CI sets the variable itself.

const BIN = '/usr/lib/postgresql/15/bin';

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
  if (process.env.OMO_TEST_DATABASE_URL || process.env.OMO_TEST_NO_POSTGRES || !existsSync(`${BIN}/initdb`))
    return;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'omo-test-pg-'));
  const port = await freePort();
  const asRoot = process.getuid?.() === 0;
  const run = (cmd: string, args: string[]) => {
    if (asRoot) {
      const quoted = [cmd, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
      execFileSync('su', ['postgres', '-c', quoted], { stdio: 'pipe' });
    } else execFileSync(cmd, args, { stdio: 'pipe' });
  };
  try {
    if (asRoot) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString()), 0);
    run(`${BIN}/initdb`, [
      '-D',
      dir,
      '-A',
      'trust',
      '--no-sync',
      '-E',
      'UTF8',
      '--locale=C',
      '-U',
      'postgres',
    ]);
    run(`${BIN}/pg_ctl`, [
      '-D',
      dir,
      '-l',
      path.join(dir, 'log'),
      '-w',
      '-o',
      `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c max_connections=200`,
      'start',
    ]);
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
      run(`${BIN}/pg_ctl`, ['-D', dir, '-m', 'immediate', 'stop']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}
