import { execFileSync } from 'node:child_process';
import { chownSync } from 'node:fs';

// A throwaway PostgreSQL 15 cluster, as the test suite's global setup and the load bench start one (.ci/run does the
// same in shell): Debian's binaries, trust authentication, UTF-8, no fsync, listening on 127.0.0.1 only.

export const PGBIN = '/usr/lib/postgresql/15/bin';

/** `cmd args…` as an argv that runs it as the postgres user when this process is root (PostgreSQL refuses root). */
export function asPostgres(cmd: string, args: string[]): string[] {
  if (process.getuid?.() !== 0) return [cmd, ...args];
  const quoted = [cmd, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  return ['su', 'postgres', '-c', quoted];
}

/** Runs an argv made by `asPostgres` to its end; its output is kept for the error. */
export function runAsPostgres(argv: string[]): void {
  execFileSync(argv[0] as string, argv.slice(1), { stdio: 'pipe' });
}

/** A new cluster in the empty folder `dir` (handed to postgres when this process is root). */
export function initCluster(dir: string): void {
  if (process.getuid?.() === 0) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString()), 0);
  const args = ['-D', dir, '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale=C', '-U', 'postgres'];
  runAsPostgres(asPostgres(`${PGBIN}/initdb`, args));
}

/** `pg_ctl -o` options: 127.0.0.1:`port`, its socket in `dir`, no fsync. */
export function clusterOptions(dir: string, port: number, maxConnections: number): string {
  return `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c max_connections=${maxConnections}`;
}
