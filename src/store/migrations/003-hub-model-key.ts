import { type Kysely, PostgresAdapter, sql } from 'kysely';

// hub_models on a diet: a snapshot writes one row per model (millions), and every byte and value of a row is paid
// for on each ingest.
//
// - The row's key is its repo id compared case-insensitively (repo ids are ASCII), so the lower-cased copy of the
//   id is no longer stored beside it. On SQLite the table is clustered by `id` under the NOCASE collation (ASCII
//   case folding: the same order and equality as the lower-cased ids) and has no `key` column — not even a
//   virtual one, which SQLite would compute on every insert. On PostgreSQL `key` is a STORED generated column
//   (lower(id)) and stays in the primary key: the database computes it, the ingest no longer sends it. Lookups by
//   key go through `id` on SQLite and `key` on PostgreSQL (hub-repo.ts).
// - `created_at` holds milliseconds since the epoch (UTC) instead of the ISO text: 8 bytes instead of 24.

function isPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** hub_models' columns other than key and created_at, as migration 002 made them (SQLite types). */
const KEPT = `
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
    child_keys text`;
const KEPT_NAMES = KEPT.split(',')
  .map((c) => c.trim().split(/\s+/)[0])
  .join(', ');

/** SQLite rebuilds the table (it cannot change a primary key or a column's type in place), in one pass. */
async function rebuildSqlite(db: Kysely<unknown>, created: 'integer' | 'text'): Promise<void> {
  const toMs = sql.raw(
    'cast(round((julianday(created_at) - 2440587.5) * 86400000.0) as integer)', // ISO text → ms
  );
  const toText = sql.raw(`strftime('%Y-%m-%dT%H:%M:%fZ', created_at / 1000.0, 'unixepoch')`);
  if (created === 'integer') {
    await sql`create table hub_models_next (
      snapshot_id integer not null,
      taken_on text not null,
      id text not null collate nocase,
      author text not null,
      created_at integer,${sql.raw(KEPT)},
      primary key (snapshot_id, id)) without rowid`.execute(db);
    await sql`insert into hub_models_next (snapshot_id, taken_on, id, author, created_at, ${sql.raw(KEPT_NAMES)})
      select snapshot_id, taken_on, id, author, ${toMs}, ${sql.raw(KEPT_NAMES)} from hub_models
      order by snapshot_id, key`.execute(db);
  } else {
    await sql`create table hub_models_next (
      snapshot_id integer not null,
      taken_on text not null,
      key text not null,
      id text not null,
      author text not null,
      created_at text,${sql.raw(KEPT)},
      primary key (snapshot_id, key)) without rowid`.execute(db);
    await sql`insert into hub_models_next (snapshot_id, taken_on, key, id, author, created_at, ${sql.raw(KEPT_NAMES)})
      select snapshot_id, taken_on, lower(id), id, author, ${toText}, ${sql.raw(KEPT_NAMES)} from hub_models
      order by snapshot_id, id`.execute(db);
  }
  await sql`drop table hub_models`.execute(db);
  await sql`alter table hub_models_next rename to hub_models`.execute(db);
}

export async function up(db: Kysely<unknown>): Promise<void> {
  if (!isPostgres(db)) return rebuildSqlite(db, 'integer');
  // The partitions follow the partitioned table.
  await sql`alter table hub_models drop constraint hub_models_pkey`.execute(db);
  await sql`alter table hub_models drop column key`.execute(db);
  await sql`alter table hub_models add column key text generated always as (lower(id)) stored`.execute(db);
  await sql`alter table hub_models alter column created_at type bigint
    using round(extract(epoch from created_at::timestamptz) * 1000)::bigint`.execute(db);
  await sql`alter table hub_models add primary key (taken_on, snapshot_id, key)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (!isPostgres(db)) return rebuildSqlite(db, 'text');
  await sql`alter table hub_models drop constraint hub_models_pkey`.execute(db);
  await sql`alter table hub_models alter column created_at type text
    using to_char(to_timestamp(created_at / 1000.0) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`.execute(
    db,
  );
  await sql`alter table hub_models drop column key`.execute(db);
  await sql`alter table hub_models add column key text`.execute(db);
  await sql`update hub_models set key = lower(id)`.execute(db);
  await sql`alter table hub_models alter column key set not null`.execute(db);
  await sql`alter table hub_models add primary key (taken_on, snapshot_id, key)`.execute(db);
}
