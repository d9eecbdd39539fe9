import type { Kysely } from 'kysely';

// The catalog tables. Column types are chosen to mean the same on SQLite and PostgreSQL: text, integer (0/1 for
// booleans), bigint for parameter counts, double precision for scores.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('meta')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('licenses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('class', 'text', (c) => c.notNull())
    .addColumn('spdx', 'integer', (c) => c.notNull())
    .addColumn('url', 'text')
    .execute();
  await db.schema
    .createTable('organizations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('native_name', 'text')
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('parent', 'text')
    .addColumn('model_count', 'integer', (c) => c.notNull())
    .addColumn('search', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('organizations_country').on('organizations').column('country').execute();
  await db.schema
    .createTable('org_accounts')
    .addColumn('account', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('models')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('family', 'text')
    .addColumn('released', 'text')
    .addColumn('released_year', 'integer')
    .addColumn('weights', 'text', (c) => c.notNull())
    .addColumn('open', 'integer', (c) => c.notNull())
    .addColumn('license_id', 'text', (c) => c.notNull())
    .addColumn('license_class', 'text', (c) => c.notNull())
    .addColumn('architecture', 'text', (c) => c.notNull())
    .addColumn('params_total', 'bigint')
    .addColumn('params_active', 'bigint')
    .addColumn('context_length', 'bigint')
    .addColumn('search', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .execute();
  for (const column of ['released', 'params_total', 'params_active', 'name']) {
    await db.schema.createIndex(`models_${column}`).on('models').columns([column, 'id']).execute();
  }
  await db.schema
    .createTable('model_orgs')
    .addColumn('model_id', 'text', (c) => c.notNull())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('model_orgs_pk', ['model_id', 'org_id'])
    .execute();
  await db.schema.createIndex('model_orgs_org').on('model_orgs').columns(['org_id', 'model_id']).execute();
  await db.schema
    .createIndex('model_orgs_country')
    .on('model_orgs')
    .columns(['country', 'model_id'])
    .execute();
  await db.schema
    .createTable('model_modalities')
    .addColumn('model_id', 'text', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('modality', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('model_modalities_pk', ['model_id', 'direction', 'modality'])
    .execute();
  await db.schema
    .createTable('model_tasks')
    .addColumn('model_id', 'text', (c) => c.notNull())
    .addColumn('task', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('model_tasks_pk', ['model_id', 'task'])
    .execute();
  await db.schema
    .createTable('model_names')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('model_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('benchmark_results')
    .addColumn('model_id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('benchmark', 'text', (c) => c.notNull())
    .addColumn('score', 'double precision', (c) => c.notNull())
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('variant', 'text', (c) => c.notNull())
    .addColumn('source_url', 'text', (c) => c.notNull())
    .addColumn('date', 'text')
    .addPrimaryKeyConstraint('benchmark_results_pk', ['model_id', 'position'])
    .execute();
  await db.schema
    .createIndex('benchmark_results_benchmark')
    .on('benchmark_results')
    .column('benchmark')
    .execute();
  await db.schema
    .createTable('parameter_counts')
    .addColumn('model_id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('total', 'bigint')
    .addColumn('active', 'bigint')
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('canonical', 'integer', (c) => c.notNull())
    .addColumn('source_url', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addPrimaryKeyConstraint('parameter_counts_pk', ['model_id', 'position'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'parameter_counts',
    'benchmark_results',
    'model_names',
    'model_tasks',
    'model_modalities',
    'model_orgs',
    'models',
    'org_accounts',
    'organizations',
    'licenses',
    'meta',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
