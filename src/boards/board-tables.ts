// The store's leaderboard tables (migration 005-boards), declared here so that the boards feature reads and writes
// them without importing the store (folders depend on each other without circles); the store's Database type
// includes them.

/** A leaderboard (issue 17): from a bundled `boards/<id>/board.toml`, or made by an import (name = id). */
export interface BoardMetaRow {
  id: string;
  name: string;
  url: string | null;
  kind: string | null;
  description: string | null;
  /** What the board's score means. */
  score: string | null;
  origin: 'bundled' | 'import';
}

/** One board on one day. */
export interface BoardSnapshotRow {
  board: string;
  at: string;
  origin: 'bundled' | 'import';
  /** `lmarena-md`, `open-llm-leaderboard-csv`… */
  format: string;
  /** The file it was read from: relative to the bundled boards folder, or the imported file's name. */
  file: string;
  source_url: string;
  source_title: string;
  source_note: string | null;
  /** JSON: where a bundled file was obtained (repo, path, commit, licence), from its manifest. */
  provenance: string | null;
  row_count: number;
  loaded_at: string;
}

/** A row of a board snapshot, in the board's order (`position`), with the board's own text. */
export interface BoardRowRow {
  board: string;
  at: string;
  position: number;
  rank: number;
  name: string;
  score: number | null;
  ci: string | null;
  votes: number | null;
  org: string | null;
  license: string | null;
  /** JSON object of further numeric columns. */
  scores: string;
}

/** The tables the board repository works with. */
export interface BoardDatabase {
  meta: { key: string; value: string };
  boards: BoardMetaRow;
  board_snapshots: BoardSnapshotRow;
  board_rows: BoardRowRow;
}
