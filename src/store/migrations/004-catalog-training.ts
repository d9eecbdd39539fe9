import type { Kysely } from 'kysely';

// Training figures as model columns, so lists filter and sort by them (`training_tokens__gte=1e13`); the whole
// `training` object stays in `models.data`. Double precision, not bigint: training FLOPs (1e24 and more) are past
// any 64-bit integer, and tokens may be given as floats (14.8e12).
//
// A catalog loaded before this migration has neither the columns' values nor `training` in its JSON, though the
// files have not changed: forgetting the loaded catalog's hash makes the next command load it again.

const COLUMNS = [
  ['training_tokens', 'double precision'],
  ['training_gpu_hours', 'double precision'],
  ['training_cost_usd', 'double precision'],
  ['training_flops', 'double precision'],
  ['training_flops_method', 'text'],
] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [name, type] of COLUMNS) {
    await db.schema.alterTable('models').addColumn(name, type).execute();
  }
  await db.schema
    .createIndex('models_training_flops')
    .on('models')
    .columns(['training_flops', 'id'])
    .execute();
  await forgetLoadedCatalog(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('models_training_flops').execute();
  for (const [name] of COLUMNS) await db.schema.alterTable('models').dropColumn(name).execute();
  await forgetLoadedCatalog(db);
}

async function forgetLoadedCatalog(db: Kysely<unknown>): Promise<void> {
  const meta = db as Kysely<{ meta: { key: string; value: string } }>;
  await meta.deleteFrom('meta').where('key', '=', 'catalog_hash').execute();
}
