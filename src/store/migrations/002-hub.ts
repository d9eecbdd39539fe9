import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Hub snapshots: each `omo ingest hub` / `omo sync hub` adds one snapshot holding every model's counters and lineage
// figures as of that moment, so questions can be asked "as of" any snapshot. The catalog tables are untouched: the
// catalog's atomic replace never deletes hub rows.
//
// Per-snapshot tables carry `snapshot_id` and `taken_on` (the snapshot's UTC date). On PostgreSQL they are
// partitioned by range of `taken_on` (declarative partitioning; `hub-ingest` creates one partition per month on
// demand, so old months can be detached or dropped and a distributed PostgreSQL can spread them); on SQLite they are
// plain tables clustered by their primary key (WITHOUT ROWID), which is what the questions look rows up by.

/** The per-snapshot tables as this migration creates them (hub-tables.ts names them for the code that uses them). */
const PARTITIONED = ['hub_models', 'hub_missing', 'hub_top', 'hub_trend'] as const;

function isPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = isPostgres(db);
  // Partitioned tables on PostgreSQL need the partition key in their primary key; on SQLite the clustered key is
  // the snapshot and the natural key.
  const partitioned = (key: string[]) =>
    pg
      ? sql.raw(`, primary key (taken_on, ${key.join(', ')})) partition by range (taken_on)`)
      : sql.raw(`, primary key (${key.join(', ')})) without rowid`);
  const dateType = pg ? 'date' : 'text';

  await db.schema
    .createTable('hub_snapshots')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('taken_at', 'text', (c) => c.notNull().unique())
    .addColumn('taken_on', dateType, (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('models', 'integer', (c) => c.notNull())
    .addColumn('edges', 'integer', (c) => c.notNull())
    .addColumn('skipped', 'integer', (c) => c.notNull())
    .addColumn('issues', 'text', (c) => c.notNull())
    .addColumn('ingested_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('hub_snapshots_hash').on('hub_snapshots').column('content_hash').execute();

  // One row per model per snapshot: its counters and its lineage figures in that snapshot. `parent_ids` is the JSON
  // list of [parent id, relation] in listed order (null without parents); `root_id`/`root_author` are null when the
  // model is its own root; `child_keys` the JSON list of the keys of the models that list it as a parent (its
  // children, for walking down a tree), null when none.
  await sql`create table hub_models (
    snapshot_id integer not null,
    taken_on ${sql.raw(dateType)} not null,
    key text not null,
    id text not null,
    author text not null,
    created_at text,
    downloads bigint not null,
    downloads_all_time bigint,
    likes bigint not null,
    relation text,
    parents integer not null,
    parent_ids text,
    root_id text,
    root_author text,
    depth integer not null,
    derivatives integer not null,
    d_finetune integer not null,
    d_adapter integer not null,
    d_quantized integer not null,
    d_merge integer not null,
    max_depth integer not null,
    child_keys text
    ${partitioned(['snapshot_id', 'key'])}`.execute(db);

  // Base models that derivatives name but the snapshot lacks (deleted, private, misspelt), with those derivatives.
  await sql`create table hub_missing (
    snapshot_id integer not null,
    taken_on ${sql.raw(dateType)} not null,
    key text not null,
    id text not null,
    child_keys text not null
    ${partitioned(['snapshot_id', 'key'])}`.execute(db);

  // The first models of a snapshot by each ranking metric: `rank` reads a prefix of this list.
  await sql`create table hub_top (
    snapshot_id integer not null,
    taken_on ${sql.raw(dateType)} not null,
    metric text not null,
    position integer not null,
    key text not null
    ${partitioned(['snapshot_id', 'metric', 'position'])}`.execute(db);

  // New derivatives per month of createdAt, by the account of their root model and their own relation.
  await sql`create table hub_trend (
    snapshot_id integer not null,
    taken_on ${sql.raw(dateType)} not null,
    period text not null,
    root_author text not null,
    relation text not null,
    models integer not null
    ${partitioned(['snapshot_id', 'period', 'root_author', 'relation'])}`.execute(db);

  if (pg) {
    // Rows whose month has no partition yet land here rather than fail; hub-ingest creates monthly ones first.
    for (const table of PARTITIONED) {
      await sql`create table ${sql.raw(`${table}_default`)} partition of ${sql.raw(table)} default`.execute(
        db,
      );
    }
  }

  // Analysts' attribution table (`omo ingest accounts`): Hub account → organisation → country.
  await db.schema
    .createTable('hub_accounts')
    .addColumn('account', 'text', (c) => c.primaryKey())
    .addColumn('organisation', 'text', (c) => c.notNull())
    .addColumn('country', 'text')
    .execute();

  // Resumable `omo sync hub`: where an interrupted listing stopped.
  await db.schema
    .createTable('hub_sync')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('next_url', 'text')
    .addColumn('fetched', 'integer', (c) => c.notNull())
    .addColumn('spool', 'text', (c) => c.notNull())
    .addColumn('spool_bytes', 'bigint', (c) => c.notNull())
    .addColumn('taken_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'hub_sync',
    'hub_accounts',
    'hub_trend',
    'hub_top',
    'hub_missing',
    'hub_models',
    'hub_snapshots',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
