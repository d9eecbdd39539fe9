import { type Kysely, sql } from 'kysely';
import type { Database } from './database.ts';

interface LicenseSummary {
  id: string;
  name: string;
  /** open-source, open-weights-restricted, non-commercial or no-weights. */
  class: string;
  /** Whether the id is an SPDX identifier (MIT, Apache-2.0) rather than a named custom licence (llama3.1). */
  spdx: boolean;
  url: string | null;
  /** Catalog models under the licence (datasets not counted). */
  models: number;
}

export function licenseRepo(db: Kysely<Database>) {
  /** Every licence in the catalog with its number of models, most used first (then by id). */
  async function list(): Promise<LicenseSummary[]> {
    const { rows } = await sql<{
      id: string;
      name: string;
      class: string;
      spdx: number;
      url: string | null;
      models: number;
    }>`
      select l.id as id, l.name as name, l.class as class, l.spdx as spdx, l.url as url, count(m.id) as models
      from licenses l left join models m on m.license_id = l.id and m.kind = 'model'
      group by l.id, l.name, l.class, l.spdx, l.url`.execute(db);
    return rows
      .map((r) => ({ ...r, spdx: Number(r.spdx) === 1, models: Number(r.models) }))
      .sort((a, b) => b.models - a.models || a.id.localeCompare(b.id));
  }

  return { list };
}
