import type { BoardRow } from '../../domain/board.ts';
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
const LMARENA_COLUMNS: BoardColumns = {
  rank: ['rankub', 'rankingub', 'rank', '排名'],
  name: ['key', 'modelname', 'model', 'modeldisplayname', 'name', '模型'],
  score: ['arenascore', 'arenaelo', 'arenaelorating', 'score', 'rating', 'elo', '分数'],
  ci: ['95ci', '95pctci', 'confidenceinterval', '95confidenceinterval', 'ci', '95置信区间'],
  votes: ['votes', 'numbattles', '票数'],
  org: ['organization', 'organizationcompany', 'provider', 'modelorganization', 'org', '组织公司'],
  license: ['license', 'licenseagreement', '许可证'],
  scores: {
    rank_stylectrl: ['rankstylectrl'],
    rank_upper: ['rankupper'],
    rank_lower: ['ranklower'],
    rating_upper: ['ratingupper', 'ratingq975'],
    rating_lower: ['ratinglower', 'ratingq025'],
    mt_bench: ['mtbenchscore', 'mtbench'],
    mmlu: ['mmlu'],
  },
  parsed: {
    'rank spread': {
      keys: ['rankspreadupperlower', 'rankspread', '排名区间'],
      // `3◄─►9`, `1-4`; 2026 pages lost the arrow (`14` for 1◄─►4), which cannot be split: nothing is kept.
      read: (text): Record<string, number> | null => {
        const m = /^\s*(\d+)\s*(?:◄─►|<->|–|-|—|to)\s*(\d+)\s*$/.exec(text);
        if (m) return { rank_upper: Number(m[1]), rank_lower: Number(m[2]) };
        return /^\s*\d+\s*$/.test(text) ? {} : null;
      },
    },
  },
};

export const LMARENA: BoardKind = {
  id: 'lmarena',
  name: 'LMArena',
  columns: LMARENA_COLUMNS,
  refine: splitGluedCell,
  /** A model column and an arena score, or votes beside a rank, or ratings (the site's own data). */
  matches: (headers) =>
    hasColumns(headers, LMARENA_COLUMNS.name) &&
    (hasColumns(headers, ['arenascore', 'arenaelo', 'arenaelorating']) ||
      hasColumns(headers, LMARENA_COLUMNS.rank, LMARENA_COLUMNS.votes ?? []) ||
      hasColumns(headers, ['rating'])),
};

/** An LMArena text leaderboard file (markdown, CSV or JSON, detected from its content). */
export function parseLmarena(text: string, fileName: string): ParsedBoard {
  return readBoardText(text, fileName, [LMARENA]);
}

/**
 * Organisations as the 2025-2026 LMArena pages write them, for splitting the 2026 model cells that glue name,
 * organisation and licence together (`Anthropicclaude-opus-4-6Anthropic · Proprietary`). Every organisation
 * string of the 2025 tables with their own column, plus the 2026 newcomers (boards/README.md lists them).
 */
const ORGANISATIONS = [
  '01 AI',
  'AI21 Labs',
  'Ai2',
  'Alibaba',
  'Allen AI',
  'AllenAI/UW',
  'Amazon',
  'Ant Group',
  'Anthropic',
  'Arcee AI',
  'Baidu',
  'Bytedance',
  'Cognitive Computations',
  'Cohere',
  'Databricks',
  'DeepSeek',
  'DeepSeek AI',
  'Google',
  'HuggingFace',
  'IBM',
  'Inception AI',
  'InternLM',
  'LMSYS',
  'Meituan',
  'Meta',
  'Microsoft',
  'Microsoft AI',
  'MiniMax',
  'Mistral',
  'Moonshot',
  'MosaicML',
  'NexusFlow',
  'Nexusflow',
  'Nomic AI',
  'NousResearch',
  'Nvidia',
  'OpenAI',
  'OpenAssistant',
  'OpenChat',
  'Prime Intellect',
  'Princeton',
  'RWKV',
  'Reka AI',
  'Snowflake',
  'SpaceXAI',
  'Stability AI',
  'Stanford',
  'StepFun',
  'TII',
  'Tencent',
  'Together AI',
  'Tsinghua',
  'UC Berkeley',
  'UW',
  'Upstage AI',
  'Xiaomi',
  'Z.ai',
  'Zhipu',
  'Zhipu AI',
  'xAI',
];

/** Licences as those pages write them, for the cells with no organisation (`yi-34b-chatYi License`). */
const LICENCES = [
  'AI2 ImpACT Low-risk',
  'Apache 2.0',
  'Apache-2.0',
  'CC-BY-NC-4.0',
  'CC-BY-NC-SA-4.0',
  'DBRX LICENSE',
  'DeepSeek',
  'DeepSeek License',
  'Falcon-180B TII License',
  'Gemma',
  'Gemma license',
  'Jamba Open',
  'Kimi K3 license',
  'Llama',
  'Llama 2 Community',
  'Llama 3 Community',
  'Llama 3.1',
  'Llama 3.1 Community',
  'Llama 3.2',
  'Llama 4',
  'Llama-3.3',
  'MIT',
  'MRL',
  'MiniMax Community License',
  'Mistral Research',
  'Modified MIT',
  'NVIDIA Open Model',
  'NexusFlow',
  'Non-commercial',
  'Nvidia',
  'Nvidia Open',
  'Nvidia Open Model',
  'OpenMDW-1.1',
  'Other',
  'Propretary',
  'Proprietary',
  'Qianwen LICENSE',
  'Qwen',
  'Yi License',
  'tencent-hunyuan-community',
];

const longestSuffix = (text: string, words: readonly string[]) =>
  words.filter((w) => text.endsWith(w) && text.length > w.length).sort((a, b) => b.length - a.length)[0] ??
  null;

/**
 * A row of a table without organisation and licence columns whose model cell holds them: `<name><Organisation> ·
 * <Licence>` (the organisation the longest known suffix), or `<name><Licence>` for rows without an organisation.
 * A cell that does not split so stays as it is, whole, for the resolution table to deal with.
 */
function splitGluedCell(row: BoardRow): BoardRow {
  if (row.org !== null || row.license !== null) return row;
  const dot = row.name.lastIndexOf(' · ');
  if (dot > 0) {
    const head = row.name.slice(0, dot);
    const license = row.name.slice(dot + 3).trim() || null;
    const org = longestSuffix(head, ORGANISATIONS);
    if (!org) return { ...row, name: head, license };
    return { ...row, name: head.slice(0, -org.length), org, license };
  }
  const license = longestSuffix(row.name, LICENCES);
  // Only names that end in a licence glued to them (no space before it unless the licence starts a word).
  if (!license || !/[a-z0-9)\]]$/.test(row.name.slice(0, -license.length))) return row;
  return { ...row, name: row.name.slice(0, -license.length), license };
}
