import { describe, expect, it } from 'vitest';
import { parseBfcl } from './parse-bfcl.ts';
import { parseBoardFile } from './parse-board-file.ts';
import { parseLmarena } from './parse-lmarena.ts';
import { parseOpenLlmLeaderboard } from './parse-open-llm-leaderboard.ts';

// Small tables of the specs' own, each in a layout the boards were really published or archived in (headers,
// cell syntax and surrounding text copied from the real files; the rows shortened).

const bytes = (text: string) => new TextEncoder().encode(text);

const CHERRY_2025_07 = `# LLM Arena Leaderboard (Real-time Update)

> **Data Update Time**: 2025-07-14 11:44:01 UTC / 2025-07-14 19:44:01 CST (Beijing Time)

## Leaderboard

| Rank (UB) | Rank (StyleCtrl) | Model Name                                  | Score | Confidence Interval | Votes   | Provider | License     | Knowledge Cutoff Date |
|:----------|:-----------------|:--------------------------------------------|:------|:--------------------|:--------|:---------|:------------|:----------------------|
| 1         | 1                | [Gemini-2.5-Pro](http://aistudio.google.com/app/prompts/new_chat?model=gemini-2.5-pro) | 1477  | +5/-5 | 15,769  | Google   | Proprietary | N/A |
| 3         | 6                | [DeepSeek-R1-0528](https://api-docs.deepseek.com/news/news250528) | 1425  | +4/-5 | 12,847  | DeepSeek | MIT | N/A |
| 3         | 2                | [ChatGPT-4o-latest (2025-03-26)](https://x.com/OpenAI/status/1905331956856050135) | 1429 | +4/-4 | 24,237 | OpenAI | Proprietary | N/A |

## Explanation
`;

const CHERRY_2025_11 = `> **Data Update Time**: 2025-11-25 08:08:40 UTC / 2025-11-25 16:08:40 CST (Beijing Time)

| Rank | Rank Spread(Upper-Lower) | Model | Score | 95% Confidence Interval (±) | Votes | Organization/Company | License |
|-----:|:-------------------------|:------|:----------------|:---------------|:--------|:-----------------------|:------------------------|
|    1 | 1◄─►2 | gemini-3-pro | 1495Preliminary | ±9 | 5,471 | Google | Proprietary |
|   16 | 9◄─►30 | MoonshotAIkimi-k2-thinking-turbo | 1429 | ±7 | 8,126 | Moonshot | Modified MIT |
`;

describe('LMArena', () => {
  it('reads the old markdown layout (2025-06/07): links, tied upper-bound ranks, votes with separators', () => {
    const p = parseLmarena(CHERRY_2025_07, 'lmarena.md');
    expect(p.format).toBe('lmarena-md');
    expect(p.at).toBe('2025-07-14');
    expect(p.rows).toEqual([
      {
        rank: 1,
        name: 'Gemini-2.5-Pro',
        score: 1477,
        ci: '+5/-5',
        votes: 15769,
        org: 'Google',
        license: 'Proprietary',
        scores: { rank_stylectrl: 1 },
      },
      expect.objectContaining({
        rank: 3,
        name: 'DeepSeek-R1-0528',
        license: 'MIT',
        scores: { rank_stylectrl: 6 },
      }),
      expect.objectContaining({ rank: 3, name: 'ChatGPT-4o-latest (2025-03-26)', score: 1429, votes: 24237 }),
    ]);
  });

  it('reads the new markdown layout (2025-11): preliminary scores, rank spreads, ± intervals', () => {
    const p = parseLmarena(CHERRY_2025_11, 'lmarena.md');
    expect(p.at).toBe('2025-11-25');
    expect(p.rows[0]).toEqual({
      rank: 1,
      name: 'gemini-3-pro',
      score: 1495,
      ci: '±9',
      votes: 5471,
      org: 'Google',
      license: 'Proprietary',
      scores: { preliminary: 1, rank_upper: 1, rank_lower: 2 },
    });
    expect(p.rows[1]).toMatchObject({
      rank: 16,
      name: 'MoonshotAIkimi-k2-thinking-turbo',
      scores: { rank_upper: 9, rank_lower: 30 },
    });
  });

  it('reads the archived CSV layouts (arena_elo in 2024, rank_stylectrl in 2025); CSV has no date', () => {
    const elo = parseLmarena(
      'rank,model,arena_elo,95_pct_ci,votes,organization,license,knowledge_cutoff,url\n' +
        '1,GPT-4o-2024-05-13,1287,+3/-3,42046,OpenAI,Proprietary,2023/10,https://openai.com/index/hello-gpt-4o/\n' +
        '2,"Gemini-Advanced-0514",1267,+3/-4,34382,Google,Proprietary,Online,https://gemini.google.com/advanced\n',
      'lmsys.csv',
    );
    expect(elo.format).toBe('lmarena-csv');
    expect(elo.at).toBeNull();
    expect(elo.rows.map((r) => [r.rank, r.name, r.score, r.votes])).toEqual([
      [1, 'GPT-4o-2024-05-13', 1287, 42046],
      [2, 'Gemini-Advanced-0514', 1267, 34382],
    ]);
    const style = parseLmarena(
      'rank,rank_stylectrl,model,arena_score,95_pct_ci,votes,organization,license,knowledge_cutoff,url\n' +
        '3,2,GLM-4.5,1434,+9/-9,4112,Z.ai,MIT,,https://z.ai/blog/glm-4.5\n',
      'lmarena_text.csv',
    );
    expect(style.rows).toEqual([
      {
        rank: 3,
        name: 'GLM-4.5',
        score: 1434,
        ci: '+9/-9',
        votes: 4112,
        org: 'Z.ai',
        license: 'MIT',
        scores: { rank_stylectrl: 2 },
      },
    ]);
  });

  it('ranks an unranked leaderboard_table by its Arena Elo, ties sharing a rank, and counts rows without one', () => {
    const p = parseLmarena(
      'Model,MT-bench (score),Arena Elo rating,MMLU,License,Link\n' +
        'Claude-2,8.06,1119,78.5,Proprietary,https://www.anthropic.com/index/claude-2\n' +
        'GPT-4,8.99,1181,86.4,Proprietary,https://openai.com/research/gpt-4\n' +
        'Vicuna-33B,7.12,-,59.2,Non-commercial,https://huggingface.co/lmsys/vicuna-33b-v1.3\n' +
        'Claude-1,7.90,1119,77,Proprietary,https://www.anthropic.com/index/introducing-claude\n',
      'leaderboard_table_20230802.csv',
    );
    expect(p.rows.map((r) => [r.rank, r.name, r.score, r.scores])).toEqual([
      [1, 'GPT-4', 1181, { mt_bench: 8.99, mmlu: 86.4 }],
      [2, 'Claude-2', 1119, { mt_bench: 8.06, mmlu: 78.5 }],
      [2, 'Claude-1', 1119, { mt_bench: 7.9, mmlu: 77 }],
    ]);
    expect(p.unscored).toBe(1);
  });

  it("reads JSON rows keyed like the site's table, and like its data with a date", () => {
    const table = parseLmarena(
      JSON.stringify([
        {
          'Rank* (UB)': 1,
          'Rank (StyleCtrl)': 1,
          Model: 'Gemini-2.5-Pro',
          'Arena Score': 1470,
          '95% CI': '+5/-5',
          Votes: 26019,
          Organization: 'Google',
          License: 'Proprietary',
        },
      ]),
      'arena.json',
    );
    expect(table.format).toBe('lmarena-json');
    expect(table.rows[0]).toMatchObject({
      rank: 1,
      name: 'Gemini-2.5-Pro',
      score: 1470,
      votes: 26019,
      scores: { rank_stylectrl: 1 },
    });
    const data = parseLmarena(
      JSON.stringify({
        date: '2025-10-01T00:00:00Z',
        data: [
          {
            rank: 2,
            rankUpper: 1,
            rankLower: 4,
            modelDisplayName: 'glm-4.6',
            rating: 1426.4,
            ratingUpper: 1431,
            ratingLower: 1421,
            votes: 16268,
            modelOrganization: 'Z.ai',
            modelUrl: 'https://z.ai',
            license: 'MIT',
          },
        ],
      }),
      'arena.json',
    );
    expect(data.at).toBe('2025-10-01');
    expect(data.rows[0]).toEqual({
      rank: 2,
      name: 'glm-4.6',
      score: 1426.4,
      ci: null,
      votes: 16268,
      org: 'Z.ai',
      license: 'MIT',
      scores: { rank_upper: 1, rank_lower: 4, rating_upper: 1431, rating_lower: 1421 },
    });
  });
});

describe('LMArena, later layouts', () => {
  it('reads the Chinese header cells and the footnote links of 2025-10 names', () => {
    const p = parseLmarena(
      '> **数据更新时间**: 2025-12-15 08:09:25 UTC / 2025-12-15 16:09:25 CST (北京时间)\n\n' +
        '| Rank | Rank Spread(Upper-Lower) | 模型 | 分数 | 95% 置信区间 (±) | 票数 | 组织/公司 | 许可证 |\n' +
        '|-----:|:---|:---|:---|:---|:---|:---|:---|\n' +
        '| 3 | 2◄─►6 | Anthropicclaude-opus-4-5-20251101-thinking-32k | 1470 | ±7 | 9,879 | Anthropic | Proprietary |\n' +
        '| 4 | 2◄─►9 | gemini-2.5-pro [<sup>1</sup>](https://aistudio.google.com/app) | 1452 | ±4 | 52,621 | Google | Proprietary |\n',
      'lmarena.md',
    );
    expect(p.at).toBe('2025-12-15');
    expect(p.rows.map((r) => [r.rank, r.name, r.score, r.ci, r.votes, r.org, r.license])).toEqual([
      [3, 'Anthropicclaude-opus-4-5-20251101-thinking-32k', 1470, '±7', 9879, 'Anthropic', 'Proprietary'],
      [4, 'gemini-2.5-pro', 1452, '±4', 52621, 'Google', 'Proprietary'],
    ]);
  });

  it('splits the 2026 model cells that glue organisation and licence on, and reads the CI out of the score', () => {
    const p = parseLmarena(
      '| Rank | Rank Spread | 模型 | 分数 | 票数 | Price $/M | Context |\n' +
        '|---:|---:|:---|:---|---:|:---|:---|\n' +
        '| 1 | 14 | Anthropicclaude-opus-4-6Anthropic · Proprietary | 1503±6 | 10,399 | $5/$25 | 1M |\n' +
        '| 3 | 14 | gemini-3.1-pro-previewGoogle · Proprietary | 1500±9Preliminary | 4,041 | $2/$12 | 1M |\n' +
        '| 9 | 40 | yi-34b-chatYi License | 1207 (±4) | 15,000 | | |\n' +
        '| 10 | 41 | Thinking MachinesinklingThinky · Apache 2.0 | 1200 | 900 | | |\n',
      'lmarena.md',
    );
    expect(p.rows.map((r) => [r.name, r.org, r.license, r.score, r.ci, r.scores])).toEqual([
      ['Anthropicclaude-opus-4-6', 'Anthropic', 'Proprietary', 1503, '±6', {}],
      ['gemini-3.1-pro-preview', 'Google', 'Proprietary', 1500, '±9', { preliminary: 1 }],
      ['yi-34b-chat', null, 'Yi License', 1207, '±4', {}],
      ['Thinking MachinesinklingThinky', null, 'Apache 2.0', 1200, null, {}],
    ]);
  });

  it("reads LMArena's own data file: the `full` category, ranked by rating", () => {
    const p = parseLmarena(
      JSON.stringify({
        chinese: { 'glm-4.6': { rating: 1450, rating_q975: 1460, rating_q025: 1440 } },
        full: {
          'glm-4.6': { rating: 1426.5, rating_q975: 1431.2, rating_q025: 1421.8 },
          'gemini-3-pro': { rating: 1486.6, rating_q975: 1492.8, rating_q025: 1480.4 },
        },
      }),
      'leaderboard-text.json',
    );
    expect(p.format).toBe('lmarena-json');
    expect(p.rows.map((r) => [r.rank, r.name, r.score, r.scores])).toEqual([
      [1, 'gemini-3-pro', 1486.6, { rating_upper: 1492.8, rating_lower: 1480.4 }],
      [2, 'glm-4.6', 1426.5, { rating_upper: 1431.2, rating_lower: 1421.8 }],
    ]);
  });
});

describe('Berkeley Function-Calling Leaderboard', () => {
  it("reads data_overall.csv: percentages, the calling mode in the name, the board's organisation and licence", () => {
    const p = parseBfcl(
      'Rank,Overall Acc,Model,Model Link,Total Cost ($),Latency Mean (s),Non-Live AST Acc,Live Acc,Multi Turn Acc,Web Search Acc,Memory Acc,Relevance Detection,Irrelevance Detection,Organization,License\n' +
        '1,70.85%,GLM-4.5 (FC),https://huggingface.co/zai-org/GLM-4.5,N/A,2.73,86.60%,81.72%,65.62%,79.00%,50.75%,75.00%,83.79%,Zhipu AI,MIT\n',
      'data_overall.csv',
    );
    expect(p.format).toBe('bfcl-csv');
    expect(p.rows).toEqual([
      {
        rank: 1,
        name: 'GLM-4.5 (FC)',
        score: 70.85,
        ci: null,
        votes: null,
        org: 'Zhipu AI',
        license: 'MIT',
        scores: {
          non_live_ast: 86.6,
          live: 81.72,
          multi_turn: 65.62,
          web_search: 79,
          memory: 50.75,
          relevance: 75,
          irrelevance: 83.79,
          latency_mean_s: 2.73,
        },
      },
    ]);
  });
});

describe('Open LLM Leaderboard v2', () => {
  it('reads the contents dataset as CSV: the repo id from fullname, ranked by the average', () => {
    const p = parseOpenLlmLeaderboard(
      'eval_name,Precision,Type,T,Model,fullname,Average ⬆️,Hub License,#Params (B),IFEval Raw,IFEval,BBH Raw,BBH,MATH Lvl 5 Raw,MATH Lvl 5,GPQA Raw,GPQA,MUSR Raw,MUSR,MMLU-PRO Raw,MMLU-PRO\n' +
        'Qwen_Qwen2.5-7B-Instruct_bfloat16,bfloat16,💬 chat models (RLHF),💬,"<a target=""_blank"" href=""https://huggingface.co/Qwen/Qwen2.5-7B-Instruct"">Qwen/Qwen2.5-7B-Instruct</a>",Qwen/Qwen2.5-7B-Instruct,35.2,apache-2.0,7.616,0.76,75.8,0.55,34.9,0.5,50,0.29,5.5,0.4,8.6,0.43,36.5\n' +
        'meta-llama_Llama-3.1-8B-Instruct_bfloat16,bfloat16,💬 chat models (RLHF),💬,"<a target=""_blank"" href=""https://huggingface.co/meta-llama/Llama-3.1-8B-Instruct"">meta-llama/Llama-3.1-8B-Instruct</a>",meta-llama/Llama-3.1-8B-Instruct,23.8,llama3.1,8.03,0.49,49.2,0.51,29.4,0.16,15.6,0.27,2.9,0.4,8.4,0.38,30.7\n',
      'contents.csv',
    );
    expect(p.format).toBe('open-llm-leaderboard-csv');
    expect(p.rows).toEqual([
      {
        rank: 1,
        name: 'Qwen/Qwen2.5-7B-Instruct',
        score: 35.2,
        ci: null,
        votes: null,
        org: null,
        license: 'apache-2.0',
        scores: {
          params_b: 7.616,
          ifeval: 75.8,
          bbh: 34.9,
          math_lvl_5: 50,
          gpqa: 5.5,
          musr: 8.6,
          mmlu_pro: 36.5,
        },
      },
      expect.objectContaining({ rank: 2, name: 'meta-llama/Llama-3.1-8B-Instruct', license: 'llama3.1' }),
    ]);
  });

  it("reads the leaderboard's API rows as nested JSON (flattened like llm-leaderboard-csv's export)", () => {
    const p = parseOpenLlmLeaderboard(
      JSON.stringify([
        {
          id: '0-hero/Matter-0.2-7B-DPO_bfloat16_26a66f0_True',
          model: { name: '0-hero/Matter-0.2-7B-DPO', precision: 'bfloat16', average_score: 8.906 },
          evaluations: {
            ifeval: { name: 'IFEval', value: 0.33, normalized_score: 33.03 },
            bbh: { name: 'BBH', value: 0.36, normalized_score: 10.06 },
            math: { name: 'MATH Level 5', value: 0.014, normalized_score: 1.44 },
            gpqa: { name: 'GPQA', value: 0.26, normalized_score: 1.23 },
            musr: { name: 'MUSR', value: 0.38, normalized_score: 5.87 },
            mmlu_pro: { name: 'MMLU-PRO', value: 0.12, normalized_score: 1.82 },
          },
          metadata: { hub_license: 'apache-2.0', params_billions: 7.242 },
        },
      ]),
      'api.json',
    );
    expect(p.format).toBe('open-llm-leaderboard-json');
    expect(p.rows[0]).toMatchObject({
      rank: 1,
      name: '0-hero/Matter-0.2-7B-DPO',
      score: 8.906,
      license: 'apache-2.0',
      scores: { ifeval: 33.03, mmlu_pro: 1.82, math_lvl_5: 1.44, params_b: 7.242 },
    });
  });

  it("reads ModelRank's markdown copy (an anchor inside a link) with its update date", () => {
    const p = parseOpenLlmLeaderboard(
      '*Last updated: 2025-05-09 01:05:39 UTC*\n\n' +
        '| Rank | Model | Average Score | Parameters(B) | IFEval | BBH | MATH | GPQA | MUSR | MMLU-PRO |\n' +
        '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n' +
        '| 1 | [<a target="_blank" href="https://huggingface.co/MaziyarPanahi/calme-3.2-instruct-78b" style="color: var(--link-text-color);">MaziyarPanahi/calme-3.2-instruct-78b</a>  <a target="_blank" href="https://huggingface.co/datasets/open-llm-leaderboard/x-details">📑</a>](https://huggingface.co/MaziyarPanahi/calme-3.2-instruct-78b) | 52.08 | 78.0 | 80.63 | 62.61 | 40.33 | 20.36 | 38.53 | 70.03 |\n',
      'README.md',
    );
    expect(p).toMatchObject({ format: 'open-llm-leaderboard-md', at: '2025-05-09' });
    expect(p.rows[0]).toMatchObject({
      rank: 1,
      name: 'MaziyarPanahi/calme-3.2-instruct-78b',
      score: 52.08,
      scores: { params_b: 78, math_lvl_5: 40.33 },
    });
  });
});

describe('a leaderboard file of unknown board', () => {
  it('is told by its content, not its name', () => {
    expect(parseBoardFile(bytes(CHERRY_2025_07), 'table.csv').format).toBe('lmarena-md');
    expect(parseBoardFile(bytes(CHERRY_2025_11), 'x', { format: 'lmarena-md' }).rows).toHaveLength(2);
  });

  const refusals: [string, string | Uint8Array, RegExp][] = [
    [
      'a score that is not a number, at its line and column',
      CHERRY_2025_11.replace('1429', '14x9'),
      /^f\.md:6:54: Score: not a number: "14x9"$/,
    ],
    [
      'a table row cut short',
      CHERRY_2025_07.replace(/\| Proprietary \| N\/A \|\n\n## Explanation/, ''),
      /^f\.md:11:1: a table row with 7 cells under a header of 9$/,
    ],
    [
      'a table without a model column',
      'rank,arena_score,votes\n1,1300,10\n',
      /^f\.md:1: not a table of LMArena, Open LLM Leaderboard v2 or Berkeley Function-Calling Leaderboard \(columns: "rank", "arena_score", "votes"\)$/,
    ],
    [
      'an impossible update date',
      CHERRY_2025_11.replace('2025-11-25 08', '2025-02-30 08'),
      /^f\.md:1:\d+: update time: not a calendar day: "2025-02-30"$/,
    ],
    ['a NUL byte', new Uint8Array([...bytes('rank,model\n1,a'), 0, ...bytes('b\n')]), /NUL byte/],
    ['bytes that are not UTF-8', new Uint8Array([0x72, 0x61, 0xff, 0xfe, 0x0a]), /not UTF-8/],
    ['JSON cut short, at its line', '[\n  {"rank": 1,\n  "model": "x"', /^f\.md:3:\d+: not valid JSON/],
    [
      'a name with a control character',
      CHERRY_2025_11.replace('gemini-3-pro', 'gemini\u001b[31m'),
      /^f\.md:5:\d+: Model: holds a control character$/,
    ],
    [
      'a rank of zero',
      CHERRY_2025_11.replace('|    1 |', '|    0 |'),
      /^f\.md:5:\d+: Rank: a rank is a whole number from 1/,
    ],
    ['an empty file', '  \n', /^f\.md: empty file/],
    [
      'a declared format that is not what the file is',
      CHERRY_2025_11,
      /declared as lmarena-csv but reads as lmarena-md/,
    ],
  ];
  it.each(refusals)('refuses %s', (_, input, message) => {
    const format = message.source.includes('declared') ? { format: 'lmarena-csv' } : {};
    const run = () => parseBoardFile(typeof input === 'string' ? bytes(input) : input, 'f.md', format);
    expect(run).toThrow(message);
    try {
      run();
    } catch (e) {
      expect((e as { code?: string }).code).toBe('invalid_leaderboard');
    }
  });
});
