import type { Kysely } from 'kysely';

// Leaderboards (issue 17): boards, their dated snapshots and the snapshots' rows, as the boards published them.
// A snapshot is one board on one day (primary key board + at); `origin` says whether it came with the package
// (`bundled`, replaced whenever the bundled boards change) or from `omo import leaderboard` (`import`, kept until
// re-imported). Rows keep the board's own text (name, organisation, licence); `scores` is a JSON object of the
// further numeric columns. Scores are double precision (Elo ratings, percentages), votes fit an integer.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('boards')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('url', 'text')
    .addColumn('kind', 'text')
    .addColumn('description', 'text')
    .addColumn('score', 'text')
    .addColumn('origin', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('board_snapshots')
    .addColumn('board', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('file', 'text', (c) => c.notNull())
    .addColumn('source_url', 'text', (c) => c.notNull())
    .addColumn('source_title', 'text', (c) => c.notNull())
    .addColumn('source_note', 'text')
    .addColumn('provenance', 'text')
    .addColumn('row_count', 'integer', (c) => c.notNull())
    .addColumn('loaded_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('board_snapshots_pk', ['board', 'at'])
    .execute();
  await db.schema
    .createTable('board_rows')
    .addColumn('board', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('rank', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('score', 'double precision')
    .addColumn('ci', 'text')
    .addColumn('votes', 'bigint')
    .addColumn('org', 'text')
    .addColumn('license', 'text')
    .addColumn('scores', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('board_rows_pk', ['board', 'at', 'position'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('board_rows').execute();
  await db.schema.dropTable('board_snapshots').execute();
  await db.schema.dropTable('boards').execute();
  const meta = db as Kysely<{ meta: { key: string; value: string } }>;
  await meta.deleteFrom('meta').where('key', '=', 'boards_hash').execute();
}
