import { type Kysely, sql } from 'kysely';
import type { Database } from '../../src/store/database.ts';

const TABLES = [
  'meta',
  'licenses',
  'organizations',
  'org_accounts',
  'models',
  'model_orgs',
  'model_modalities',
  'model_tasks',
  'model_names',
  'benchmark_results',
  'parameter_counts',
  'board_names',
];

/** Every catalog table's rows, sorted, as JSON text: equal dumps mean equal stores. */
export async function dumpTables(db: Kysely<Database>): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of TABLES) {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db);
    out[table] = JSON.stringify(rows.map((r) => JSON.stringify(r)).sort());
  }
  return out;
}
