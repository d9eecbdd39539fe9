import type { Kysely } from 'kysely';

// The reviewed resolution table of leaderboard names (`catalog/board-names.toml`), loaded with the catalog like
// its other tables: replaced whole on every catalog load. `board` is null for an entry that applies to every board;
// `model_id` is null for a name that is not one catalog model (the maker alone is known).
//
// A catalog loaded before this migration has no entries here though its files may hold some: forgetting the
// loaded catalog's hash makes the next command load it again.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('board_names')
    .addColumn('position', 'integer', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('board', 'text')
    .addColumn('model_id', 'text')
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .execute();
  await forgetLoadedCatalog(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('board_names').execute();
  await forgetLoadedCatalog(db);
}

async function forgetLoadedCatalog(db: Kysely<unknown>): Promise<void> {
  const meta = db as Kysely<{ meta: { key: string; value: string } }>;
  await meta.deleteFrom('meta').where('key', '=', 'catalog_hash').execute();
}
