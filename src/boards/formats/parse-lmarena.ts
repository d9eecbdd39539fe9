import { type BoardColumns, hasColumns } from './board-columns.ts';
import { type BoardKind, type ParsedBoard, readBoardText } from './read-board-text.ts';

/**
 * The LMArena (formerly LMSYS Chatbot Arena) text leaderboard in the layouts it was published and archived in:
 * - markdown, old layout (2025-06/07, cherry-studio-docs): `Rank (UB) | Rank (StyleCtrl) | Model Name | Score |
 *   Confidence Interval | Votes | Provider | License | Knowledge Cutoff Date`, names as links;
 * - markdown, new layout (2025-11): `Rank | Rank Spread(Upper-Lower) | Model | Score | 95% Confidence Interval (±) |
 *   Votes | Organization/Company | License`, scores marked `1495Preliminary`, spreads written `3◄─►9`;
 * - CSV as archived by llm-leaderboard-csv: `rank,model,arena_elo|arena_score,95_pct_ci,votes,organization,license,
 *   knowledge_cutoff,url` and, from 2025, with `rank_stylectrl`; the lmsys `leaderboard_table_*.csv` (`key,Model,
 *   MT-bench (score),MMLU,…`, ranked by its `Arena Elo rating` when it has one);
 * - JSON: arrays of rows keyed like the site's table (`Rank* (UB)`, `Arena Score`, `95% CI`) or its data
 *   (`rank`, `modelDisplayName`, `rating`, `votes`, `modelOrganization`, `license`).
 */
export const LMARENA_COLUMNS: BoardColumns = {
  rank: ['rankub', 'rank'],
  name: ['key', 'modelname', 'model', 'modeldisplayname', 'name'],
  score: ['arenascore', 'arenaelo', 'arenaelorating', 'score', 'rating', 'elo'],
  ci: ['95ci', '95pctci', 'confidenceinterval', '95confidenceinterval', 'ci'],
  votes: ['votes', 'numbattles'],
  org: ['organization', 'organizationcompany', 'provider', 'modelorganization', 'org'],
  license: ['license'],
  scores: {
    rank_stylectrl: ['rankstylectrl'],
    rank_upper: ['rankupper'],
    rank_lower: ['ranklower'],
    rating_upper: ['ratingupper'],
    rating_lower: ['ratinglower'],
    mt_bench: ['mtbenchscore', 'mtbench'],
    mmlu: ['mmlu'],
  },
  parsed: {
    'rank spread': {
      keys: ['rankspreadupperlower', 'rankspread'],
      read: (text) => {
        const m = /^\s*(\d+)\s*(?:◄─►|<->|–|-|—|to)\s*(\d+)\s*$/.exec(text);
        return m ? { rank_upper: Number(m[1]), rank_lower: Number(m[2]) } : null;
      },
    },
  },
};

export const LMARENA: BoardKind = {
  id: 'lmarena',
  name: 'LMArena',
  columns: LMARENA_COLUMNS,
  /** A model column and an arena score, or votes beside a rank, or the site's own data keys. */
  matches: (headers) =>
    hasColumns(headers, LMARENA_COLUMNS.name) &&
    (hasColumns(headers, ['arenascore', 'arenaelo', 'arenaelorating']) ||
      hasColumns(headers, LMARENA_COLUMNS.rank, ['votes', 'numbattles']) ||
      hasColumns(headers, ['modeldisplayname'], ['rating'])),
};

/** An LMArena text leaderboard file (markdown, CSV or JSON, detected from its content). */
export function parseLmarena(text: string, fileName: string): ParsedBoard {
  return readBoardText(text, fileName, [LMARENA]);
}
