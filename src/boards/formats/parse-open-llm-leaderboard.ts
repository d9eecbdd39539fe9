import { type BoardColumns, hasColumns } from './board-columns.ts';
import { type BoardKind, type ParsedBoard, readBoardText } from './read-board-text.ts';

/**
 * The Open LLM Leaderboard v2 (Hugging Face, 2024-06 to 2025-03) in the layouts its table was exported in:
 * - the `open-llm-leaderboard/contents` dataset (CSV or JSON rows): `eval_name, Precision, Type, T, Weight type,
 *   Architecture, Model, fullname, Model sha, Average ⬆️, Hub License, Hub ❤️, #Params (B), …, IFEval, BBH,
 *   MATH Lvl 5, GPQA, MUSR, MMLU-PRO` (each with a `Raw` twin), `Model` an HTML anchor, `fullname` the repo id;
 * - llm-leaderboard-csv's `huggingface_v2.csv`: `t,model,average,ifeval,ifeval_raw,bbh,…,hub_license,params_b,…`,
 *   and its flattening of the leaderboard's API rows: `model_name, model_average_score, evaluations_ifeval_
 *   normalized_score, …, metadata_hub_license, metadata_params_billions` (the same API JSON, nested, reads the same);
 * - ModelRank's markdown and CSV copies: `Rank | Model | Average Score | Parameters(B) | IFEval | …`.
 * The table is unranked except in ModelRank's copies: rows are ranked by the average, highest first.
 */
const OPEN_LLM_LEADERBOARD_COLUMNS: BoardColumns = {
  rank: ['rank'],
  name: ['fullname', 'modelname', 'model'],
  score: ['average', 'averagescore', 'modelaveragescore'],
  license: ['hublicense', 'metadatahublicense'],
  scores: {
    params_b: ['paramsb', 'parametersb', 'metadataparamsbillions'],
    ifeval: ['ifeval', 'evaluationsifevalnormalizedscore'],
    bbh: ['bbh', 'evaluationsbbhnormalizedscore'],
    math_lvl_5: ['mathlvl5', 'math', 'evaluationsmathnormalizedscore'],
    gpqa: ['gpqa', 'evaluationsgpqanormalizedscore'],
    musr: ['musr', 'evaluationsmusrnormalizedscore'],
    mmlu_pro: ['mmlupro', 'evaluationsmmlupronormalizedscore'],
  },
};

export const OPEN_LLM_LEADERBOARD: BoardKind = {
  id: 'open-llm-leaderboard',
  name: 'Open LLM Leaderboard v2',
  columns: OPEN_LLM_LEADERBOARD_COLUMNS,
  /** A model, an average, and the v2 benchmarks (IFEval and MMLU-PRO, which v1 did not have). */
  matches: (headers) =>
    hasColumns(
      headers,
      OPEN_LLM_LEADERBOARD_COLUMNS.name,
      OPEN_LLM_LEADERBOARD_COLUMNS.score,
      ['ifeval', 'evaluationsifevalnormalizedscore'],
      ['mmlupro', 'evaluationsmmlupronormalizedscore'],
    ),
};

/** An Open LLM Leaderboard v2 file (CSV, JSON or markdown, detected from its content). */
export function parseOpenLlmLeaderboard(text: string, fileName: string): ParsedBoard {
  return readBoardText(text, fileName, [OPEN_LLM_LEADERBOARD]);
}
