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
// - Accounts by number: a snapshot's accounts (its models', and the owners of the parents it lacks) are listed
//   once in `hub_authors` (per snapshot, partitioned like the other snapshot tables), and a model row holds
//   `author_no` and `root_author_no` instead of the two names. Stored snapshots get their models' and roots'.

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
    author_no integer not null,
    created_at integer,
    downloads bigint not null,
    downloads_all_time bigint,
    likes bigint not null,
    parent_ids text,
    root_id text,
    root_author_no integer,
    depth integer not null,
    d_finetune integer not null,
    d_adapter integer not null,
    d_quantized integer not null,
    d_merge integer not null,
    max_depth integer not null,
    child_keys text,
    primary key (snapshot_id, id)) without rowid`;
/** The columns both shapes have, of hub_models row `m`. */
const shared = (m: string) =>
  sql.raw(
    [
      'snapshot_id',
      'taken_on',
      'id',
      'downloads',
      'downloads_all_time',
      'likes',
      'parent_ids',
      'root_id',
      'depth',
      'd_finetune',
      'd_adapter',
      'd_quantized',
      'd_merge',
      'max_depth',
      'child_keys',
    ]
      .map((c) => `${m}${c}`)
      .join(', '),
  );

/** Numbers each snapshot's accounts (its models' and their roots'), in name order, into hub_authors. */
async function numberAuthors(db: Kysely<unknown>): Promise<void> {
  await sql`insert into hub_authors (snapshot_id, taken_on, author_no, author)
    select snapshot_id, taken_on, row_number() over (partition by snapshot_id order by author) - 1, author
    from (select snapshot_id, taken_on, author from hub_models
          union select snapshot_id, taken_on, root_author from hub_models where root_author is not null) a`.execute(
    db,
  );
}

/** SQLite rebuilds the table (it cannot change a primary key or a column's type in place), in one pass. */
async function rebuildSqlite(db: Kysely<unknown>, to: 'new' | 'old'): Promise<void> {
  const on = (a: string, column: string) => sql.raw(`${a}.snapshot_id = m.snapshot_id and ${a}.${column}`);
  if (to === 'new') {
    await sql`create table hub_authors (snapshot_id integer not null, taken_on text not null,
      author_no integer not null, author text not null, primary key (snapshot_id, author_no)) without rowid`.execute(
      db,
    );
    await numberAuthors(db);
    await sql`create index hub_authors_by_name on hub_authors (snapshot_id, author)`.execute(db);
    await sql`create table hub_models_next ${sql.raw(NEW_TABLE)}`.execute(db);
    await sql`insert into hub_models_next (${shared('')}, author_no, root_author_no, created_at)
      select ${shared('m.')}, a.author_no, r.author_no,
        cast(round((julianday(m.created_at) - 2440587.5) * 86400000.0) as integer)
      from hub_models m join hub_authors a on ${on('a', 'author = m.author')}
        left join hub_authors r on ${on('r', 'author = m.root_author')}
      order by m.snapshot_id, m.key`.execute(db);
    await sql`drop index hub_authors_by_name`.execute(db);
  } else {
    await sql`create table hub_models_next ${sql.raw(OLD_TABLE)}`.execute(db);
    await sql`insert into hub_models_next (${shared('')}, author, root_author, key, created_at, relation, parents,
        derivatives)
      select ${shared('m.')}, a.author, r.author, lower(m.id),
        strftime('%Y-%m-%dT%H:%M:%fZ', m.created_at / 1000.0, 'unixepoch'),
        json_extract(m.parent_ids, '$[0][1]'), coalesce(json_array_length(m.parent_ids), 0),
        m.d_finetune + m.d_adapter + m.d_quantized + m.d_merge
      from hub_models m join hub_authors a on ${on('a', 'author_no = m.author_no')}
        left join hub_authors r on ${on('r', 'author_no = m.root_author_no')}
      order by m.snapshot_id, m.id`.execute(db);
    await sql`drop table hub_authors`.execute(db);
  }
  await sql`drop table hub_models`.execute(db);
  await sql`alter table hub_models_next rename to hub_models`.execute(db);
}

export async function up(db: Kysely<unknown>): Promise<void> {
  if (!isPostgres(db)) return rebuildSqlite(db, 'new');
  // hub_authors is partitioned like the other snapshot tables, with a partition for each month they have one for
  // (the ingest adds the others).
  await sql`create table hub_authors (snapshot_id integer not null, taken_on date not null,
    author_no integer not null, author text not null, primary key (taken_on, snapshot_id, author_no))
    partition by range (taken_on)`.execute(db);
  await sql`create table hub_authors_default partition of hub_authors default`.execute(db);
  const months = await sql<{ name: string; bound: string }>`select c.relname as name,
      pg_get_expr(c.relpartbound, c.oid) as bound
    from pg_inherits i join pg_class c on c.oid = i.inhrelid join pg_class p on p.oid = i.inhparent
    where p.relname = 'hub_models' and c.relname <> 'hub_models_default'`.execute(db);
  for (const { name, bound } of months.rows) {
    const month = name.replace(/^hub_models_/, '');
    if (!/^y\d{4}m\d{2}$/.test(month) || !/^FOR VALUES FROM \('[\d-]+'\) TO \('[\d-]+'\)$/.test(bound))
      throw new Error(`unexpected partition ${name} ${bound}`);
    await sql`create table ${sql.raw(`hub_authors_${month}`)} partition of hub_authors ${sql.raw(bound)}`.execute(
      db,
    );
  }
  await numberAuthors(db);
  // The partitions follow the partitioned table.
  await sql`alter table hub_models drop constraint hub_models_pkey`.execute(db);
  await sql`alter table hub_models add column author_no integer, add column root_author_no integer`.execute(
    db,
  );
  await sql`update hub_models m set author_no = a.author_no from hub_authors a
    where a.taken_on = m.taken_on and a.snapshot_id = m.snapshot_id and a.author = m.author`.execute(db);
  await sql`update hub_models m set root_author_no = a.author_no from hub_authors a
    where a.taken_on = m.taken_on and a.snapshot_id = m.snapshot_id and a.author = m.root_author`.execute(db);
  await sql`alter table hub_models alter column author_no set not null`.execute(db);
  await sql`alter table hub_models drop column key`.execute(db);
  await sql`alter table hub_models add column key text generated always as (lower(id)) stored`.execute(db);
  await sql`alter table hub_models alter column created_at type bigint
    using round(extract(epoch from created_at::timestamptz) * 1000)::bigint`.execute(db);
  for (const column of ['author', 'root_author', 'relation', 'parents', 'derivatives'])
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
  await sql`alter table hub_models add column key text, add column author text, add column root_author text,
    add column relation text, add column parents integer, add column derivatives integer`.execute(db);
  await sql`update hub_models set key = lower(id), relation = parent_ids::json -> 0 ->> 1,
    parents = coalesce(json_array_length(parent_ids::json), 0),
    derivatives = d_finetune + d_adapter + d_quantized + d_merge`.execute(db);
  await sql`update hub_models m set author = a.author from hub_authors a
    where a.taken_on = m.taken_on and a.snapshot_id = m.snapshot_id and a.author_no = m.author_no`.execute(
    db,
  );
  await sql`update hub_models m set root_author = a.author from hub_authors a
    where a.taken_on = m.taken_on and a.snapshot_id = m.snapshot_id and a.author_no = m.root_author_no`.execute(
    db,
  );
  for (const column of ['key', 'author', 'parents', 'derivatives'])
    await sql`alter table hub_models alter column ${sql.raw(column)} set not null`.execute(db);
  await sql`alter table hub_models drop column author_no, drop column root_author_no`.execute(db);
  await sql`alter table hub_models add primary key (taken_on, snapshot_id, key)`.execute(db);
  await sql`drop table hub_authors`.execute(db);
}
