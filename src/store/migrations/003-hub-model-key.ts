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
// - Each fact once: `relation` (the first parent's, in `parent_ids`), `parents` (the length of `parent_ids`) and
//   `derivatives` (d_finetune + d_adapter + d_quantized + d_merge) were copies of other columns; queries derive
//   them.

function isPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** hub_models as migration 002 made it (SQLite), and as this one makes it. */
const OLD_TABLE = `(
    snapshot_id integer not null,
    taken_on text not null,
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
    child_keys text,
    primary key (snapshot_id, key)) without rowid`;
const NEW_TABLE = `(
    snapshot_id integer not null,
    taken_on text not null,
    id text not null collate nocase,
    author text not null,
    created_at integer,
    downloads bigint not null,
    downloads_all_time bigint,
    likes bigint not null,
    parent_ids text,
    root_id text,
    root_author text,
    depth integer not null,
    d_finetune integer not null,
    d_adapter integer not null,
    d_quantized integer not null,
    d_merge integer not null,
    max_depth integer not null,
    child_keys text,
    primary key (snapshot_id, id)) without rowid`;
/** The columns both shapes have. */
const SHARED = `snapshot_id, taken_on, id, author, downloads, downloads_all_time, likes, parent_ids, root_id, root_author,
  depth, d_finetune, d_adapter, d_quantized, d_merge, max_depth, child_keys`;

/** SQLite rebuilds the table (it cannot change a primary key or a column's type in place), in one pass. */
async function rebuildSqlite(db: Kysely<unknown>, to: 'new' | 'old'): Promise<void> {
  const shared = sql.raw(SHARED);
  if (to === 'new') {
    await sql`create table hub_models_next ${sql.raw(NEW_TABLE)}`.execute(db);
    await sql`insert into hub_models_next (${shared}, created_at)
      select ${shared}, cast(round((julianday(created_at) - 2440587.5) * 86400000.0) as integer)
      from hub_models order by snapshot_id, key`.execute(db);
  } else {
    await sql`create table hub_models_next ${sql.raw(OLD_TABLE)}`.execute(db);
    await sql`insert into hub_models_next (${shared}, key, created_at, relation, parents, derivatives)
      select ${shared}, lower(id), strftime('%Y-%m-%dT%H:%M:%fZ', created_at / 1000.0, 'unixepoch'),
        json_extract(parent_ids, '$[0][1]'), coalesce(json_array_length(parent_ids), 0),
        d_finetune + d_adapter + d_quantized + d_merge
      from hub_models order by snapshot_id, id`.execute(db);
  }
  await sql`drop table hub_models`.execute(db);
  await sql`alter table hub_models_next rename to hub_models`.execute(db);
}

export async function up(db: Kysely<unknown>): Promise<void> {
  if (!isPostgres(db)) return rebuildSqlite(db, 'new');
  // The partitions follow the partitioned table.
  await sql`alter table hub_models drop constraint hub_models_pkey`.execute(db);
  await sql`alter table hub_models drop column key`.execute(db);
  await sql`alter table hub_models add column key text generated always as (lower(id)) stored`.execute(db);
  await sql`alter table hub_models alter column created_at type bigint
    using round(extract(epoch from created_at::timestamptz) * 1000)::bigint`.execute(db);
  for (const column of ['relation', 'parents', 'derivatives'])
    await sql`alter table hub_models drop column ${sql.raw(column)}`.execute(db);
  await sql`alter table hub_models add primary key (taken_on, snapshot_id, key)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (!isPostgres(db)) return rebuildSqlite(db, 'old');
  await sql`alter table hub_models drop constraint hub_models_pkey`.execute(db);
  await sql`alter table hub_models alter column created_at type text
    using to_char(to_timestamp(created_at / 1000.0) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`.execute(
    db,
  );
  await sql`alter table hub_models drop column key`.execute(db);
  await sql`alter table hub_models add column key text`.execute(db);
  await sql`alter table hub_models add column relation text, add column parents integer,
    add column derivatives integer`.execute(db);
  await sql`update hub_models set key = lower(id), relation = parent_ids::json -> 0 ->> 1,
    parents = coalesce(json_array_length(parent_ids::json), 0),
    derivatives = d_finetune + d_adapter + d_quantized + d_merge`.execute(db);
  for (const column of ['key', 'parents', 'derivatives'])
    await sql`alter table hub_models alter column ${sql.raw(column)} set not null`.execute(db);
  await sql`alter table hub_models add primary key (taken_on, snapshot_id, key)`.execute(db);
}
