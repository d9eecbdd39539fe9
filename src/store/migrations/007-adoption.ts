import type { Kysely } from 'kysely';

// Published adoption figures (`catalog/adoption.toml`): one row per fact, replaced with the rest of the catalog.
// The columns are what questions filter and sort by (subject, metric, date); the whole fact, its second-hand
// reports included, stays in `data`. `value` is double precision: counts past 2^53 are not expected, shares are
// fractions. `as_of` is a partial date (YYYY, YYYY-MM or YYYY-MM-DD); `as_of_end` its period's last day, so a
// "what was known by <day>" question compares like with like (`datePeriod`).
//
// Independent of migrations 005 and 006: it touches only its own table and the loaded catalog's hash. A catalog
// loaded before it has no figures in the store though its files have not changed: forgetting the loaded catalog's
// hash makes the next command load it again.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('adoption_facts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('subject_name', 'text', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('value', 'double precision', (c) => c.notNull())
    .addColumn('as_of', 'text', (c) => c.notNull())
    .addColumn('as_of_end', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('measured_by', 'text', (c) => c.notNull())
    .addColumn('source_url', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('adoption_facts_subject')
    .on('adoption_facts')
    .columns(['subject', 'metric', 'as_of'])
    .execute();
  await forgetLoadedCatalog(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('adoption_facts').ifExists().execute();
  await forgetLoadedCatalog(db);
}

async function forgetLoadedCatalog(db: Kysely<unknown>): Promise<void> {
  const meta = db as Kysely<{ meta: { key: string; value: string } }>;
  await meta.deleteFrom('meta').where('key', '=', 'catalog_hash').execute();
}
