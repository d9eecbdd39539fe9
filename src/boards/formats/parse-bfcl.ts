import { type BoardColumns, hasColumns } from './board-columns.ts';
import { type BoardKind, type ParsedBoard, readBoardText } from './read-board-text.ts';

/**
 * The Berkeley Function-Calling Leaderboard (BFCL V3 and V4), as its own data file `data_overall.csv` publishes it
 * (gh-pages of ShishirPatil/gorilla): `Rank,Overall Acc,Model,Model Link,Cost …,Latency Mean (s),…,Non-Live AST
 * Acc,…,Live Acc,…,Multi Turn Acc,…[,Web Search Acc,…,Memory Acc,…],Relevance Detection,Irrelevance Detection,…,
 * Organization,License`, accuracies written as percentages (`74.24%`). Names carry the calling mode (`GLM-4.5
 * (FC)`, `gpt-4o-2024-11-20 (Prompt)`), so a model may appear twice. The column set grew over time; columns are
 * read by name and the ones a version lacks are simply absent from a row's scores.
 */
const BFCL_COLUMNS: BoardColumns = {
  rank: ['rank'],
  name: ['model'],
  score: ['overallacc'],
  org: ['organization'],
  license: ['license'],
  scores: {
    non_live_ast: ['nonliveastacc'],
    live: ['liveacc'],
    multi_turn: ['multiturnacc'],
    web_search: ['websearchacc'],
    memory: ['memoryacc'],
    relevance: ['relevancedetection'],
    irrelevance: ['irrelevancedetection'],
    latency_mean_s: ['latencymeans'],
  },
};

export const BFCL: BoardKind = {
  id: 'bfcl',
  name: 'Berkeley Function-Calling Leaderboard',
  columns: BFCL_COLUMNS,
  matches: (headers) => hasColumns(headers, BFCL_COLUMNS.name, BFCL_COLUMNS.score),
};

/** A Berkeley Function-Calling Leaderboard file (its CSV; markdown or JSON copies with its columns read too). */
export function parseBfcl(text: string, fileName: string): ParsedBoard {
  return readBoardText(text, fileName, [BFCL]);
}
