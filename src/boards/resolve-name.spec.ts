import { describe, expect, it } from 'vitest';
import type { BoardName } from '../domain/board-name.ts';
import {
  boardLicenceWeights,
  boardNameIndex,
  boardNameKeys,
  cleanBoardName,
  type IndexModel,
  type IndexOrg,
  matchBoardOrg,
  normaliseBoardName,
  resolveBoardRow,
} from './resolve-name.ts';

// Names as leaderboards print them (LMArena's markdown and CSV tables, the Open LLM Leaderboard's repo ids), against
// a small catalog of the same shape as the real one.

const model = (
  id: string,
  org: string,
  extra: Partial<IndexModel> = {},
  weights = 'open',
  licenseClass = 'open-source',
): IndexModel => ({
  id,
  name: id.split('/')[1] ?? id,
  aliases: [],
  huggingFace: id.includes('/') && weights === 'open' ? [id] : [],
  weights,
  license: { class: licenseClass },
  organizations: [{ id: org }],
  ...extra,
});

const MODELS: IndexModel[] = [
  model('deepseek-ai/DeepSeek-R1', 'deepseek'),
  model('deepseek-ai/DeepSeek-R1-0528', 'deepseek'),
  model('deepseek-ai/DeepSeek-V3.1', 'deepseek'),
  model('Qwen/Qwen3-235B-A22B', 'alibaba'),
  model('Qwen/Qwen3-235B-A22B-Instruct-2507', 'alibaba'),
  model('Qwen/Qwen3-235B-A22B-Thinking-2507', 'alibaba'),
  model('moonshotai/Kimi-K2-Instruct', 'moonshot', { aliases: ['Kimi K2', 'kimi-k2-0711'] }),
  model('moonshotai/Kimi-K2-Thinking', 'moonshot', { aliases: ['Kimi K2 Thinking'] }),
  model('meta-llama/Llama-3.1-405B-Instruct', 'meta', {}, 'open', 'open-weights-restricted'),
  model('google/gemma-3-27b-it', 'google', { name: 'Gemma 3 27B', aliases: ['Gemma-3-27B'] }),
  model('mistralai/Mistral-Large-Instruct-2407', 'mistral', { name: 'Mistral Large 2' }),
  model('CohereLabs/c4ai-command-r-plus-08-2024', 'cohere', {
    name: 'Command R+ 08-2024',
    aliases: ['command-r-plus-08-2024'],
  }),
  model('anthropic/claude-opus-4-1', 'anthropic', { name: 'Claude Opus 4.1' }, 'api-only', 'no-weights'),
  model('anthropic/claude-3-5-sonnet', 'anthropic', { name: 'Claude 3.5 Sonnet' }, 'api-only', 'no-weights'),
  model(
    'openai/gpt-4o',
    'openai',
    { name: 'GPT-4o', aliases: ['chatgpt-4o-latest'] },
    'api-only',
    'no-weights',
  ),
  model('openai/o3-mini', 'openai', { name: 'o3-mini' }, 'api-only', 'no-weights'),
  model(
    'google/gemini-2.5-flash-lite',
    'google',
    { name: 'Gemini 2.5 Flash-Lite' },
    'api-only',
    'no-weights',
  ),
  model('microsoft/phi-4', 'microsoft'),
];

const org = (id: string, name: string, country: string, extra: Partial<IndexOrg> = {}): IndexOrg => ({
  id,
  name,
  nativeName: null,
  aliases: [],
  huggingFace: [],
  country,
  ...extra,
});

const ORGS: IndexOrg[] = [
  org('deepseek', 'DeepSeek', 'CN', { nativeName: '深度求索', huggingFace: ['deepseek-ai'] }),
  org('alibaba', 'Alibaba', 'CN', { aliases: ['Qwen Team'], huggingFace: ['Qwen'] }),
  org('moonshot', 'Moonshot AI', 'CN', { huggingFace: ['moonshotai'] }),
  org('meta', 'Meta', 'US', { huggingFace: ['meta-llama'] }),
  org('google', 'Google', 'US', { huggingFace: ['google'] }),
  org('mistral', 'Mistral AI', 'FR', { huggingFace: ['mistralai'] }),
  org('cohere', 'Cohere', 'CA', { huggingFace: ['CohereLabs', 'CohereForAI'] }),
  org('anthropic', 'Anthropic', 'US'),
  org('openai', 'OpenAI', 'US', { huggingFace: ['openai'] }),
  org('microsoft', 'Microsoft', 'US', { huggingFace: ['microsoft'] }),
  org('zhipu', 'Zhipu AI', 'CN', { aliases: ['Z.ai'], huggingFace: ['zai-org'] }),
  org('tencent', 'Tencent', 'CN', { huggingFace: ['tencent'] }),
  org('ai2', 'Ai2', 'US', { aliases: ['Allen Institute for AI', 'AllenAI'], huggingFace: ['allenai'] }),
];

const TABLE: BoardName[] = [
  {
    name: 'gemini-advanced-0514',
    board: 'lmarena-text',
    model: null,
    org: 'google',
    note: 'an app, not a model',
  },
  {
    name: 'Claude 3.5 Sonnet (20241022)',
    board: null,
    model: 'anthropic/claude-3-5-sonnet',
    org: 'anthropic',
    note: null,
  },
];

const LICENSES = [
  { id: 'Apache-2.0', name: 'Apache License 2.0', class: 'open-source' },
  { id: 'CC-BY-NC-4.0', name: 'Creative Commons Attribution Non Commercial 4.0', class: 'non-commercial' },
];

const index = boardNameIndex(MODELS, ORGS, TABLE, LICENSES);
const resolve = (
  name: string,
  boardOrg: string | null = null,
  license: string | null = null,
  board = 'lmarena-text',
) => resolveBoardRow({ name, org: boardOrg, license }, board, index);

describe('normaliseBoardName', () => {
  it.each([
    ['DeepSeek-R1-0528', 'deepseekr1'],
    ['qwen3-235b-a22b-instruct-2507', 'qwen3235ba22b'],
    ['Qwen3-235B-A22B-no-thinking', 'qwen3235ba22b'],
    ['Meta-Llama-3.1-405B-Instruct-fp8', 'metallama31405b'],
    ['Meta-Llama-3.1-405B-Instruct-bf16', 'metallama31405b'],
    ['Claude Opus 4 (20250514)', 'claudeopus4'],
    ['ChatGPT-4o-latest (2025-03-26)', 'chatgpt4o'],
    ['kimi-k2-0711-preview', 'kimik2'],
    ['gemini-2.5-flash-lite-preview-09-2025-no-thinking', 'gemini25flashlite'],
    ['gemini-2.5-flash-lite-preview-06-17-thinking', 'gemini25flashlite'],
    ['claude-sonnet-4-5-20250929-thinking-32k', 'claudesonnet45'],
    ['Claude 3.7 Sonnet (thinking-32k)', 'claude37sonnet'],
    ['Grok-2-08-13', 'grok2'],
    ['grok-4-fast-reasoning', 'grok4fast'],
    ['o3-mini-high', 'o3mini'],
    ['gpt-4-0314', 'gpt4'],
    ['Command A (03-2025)', 'commanda'],
    ['Command R+ (08-2024)', 'commandrplus'],
    ['step-2-16k-exp-202412', 'step216kexp'],
    ['Phi-3-Mini-4K-Instruct-June-24', 'phi3mini4k'],
    ['Gemma-3-27B-it', 'gemma327b'],
    ['Hunyuan-Large-2025-02-10', 'hunyuanlarge'],
    ['[Gemini-2.5-Pro](http://aistudio.google.com/app/prompts/new_chat?model=gemini-2.5-pro)', 'gemini25pro'],
    ['Qwen2.5-72B-Instruct-AWQ', 'qwen2572b'],
    ['Llama-3-70B-Instruct-int4', 'llama370b'],
    ['GPT-5-2025-08-07 (FC)', 'gpt5'],
    ['DeepSeek-V3.2-Exp (Prompt + Thinking)', 'deepseekv32exp'],
    ['GLM-4.6 (FC thinking)', 'glm46'],
    ['Llama-4-Scout-17B-16E-Instruct (Prompt) (Novita)', 'llama4scout17b16e'],
    ['Grok-4-1-fast-non-reasoning (FC)', 'grok41fast'],
    ['Claude-3-Opus-20240229 (FC tools-2024-04-04)', 'claude3opus'],
    ['Command-R-Plus (Prompt) (Original)', 'commandrplus'],
  ])('%s → %s', (raw, expected) => {
    expect(normaliseBoardName(raw)).toBe(expected);
  });

  it('keeps numbers that are part of the name, not dates', () => {
    expect(normaliseBoardName('Qwen2.5-Coder-32B')).toBe('qwen25coder32b');
    expect(normaliseBoardName('Llama-3.1-405B')).toBe('llama31405b');
    // 9999 is neither MMDD nor YYMM; 8x7b and 128e stay.
    expect(normaliseBoardName('model-9999')).toBe('model9999');
    expect(normaliseBoardName('mixtral-8x7b-instruct-v0.1')).toBe('mixtral8x7binstructv01');
  });

  it('never strips a name to nothing', () => {
    expect(normaliseBoardName('thinking')).toBe('thinking');
    expect(normaliseBoardName('preview')).toBe('preview');
    expect(normaliseBoardName('  ')).toBe('');
  });

  it('cleans markdown links, HTML and brackets but keeps the case', () => {
    expect(cleanBoardName('[Mistral Medium 3](https://mistral.ai/news/mistral-medium-3)')).toBe(
      'Mistral Medium 3',
    );
    expect(cleanBoardName('<a href="https://huggingface.co/x/y">x/y</a> <a>📑</a>')).toBe('x/y 📑');
    expect(cleanBoardName('Anthropicclaude-opus-4-1-20250805')).toBe('Anthropicclaude-opus-4-1-20250805');
    expect(cleanBoardName('gpt-5-high [<sup>1</sup>](https://platform.openai.com/docs/models/gpt-5)')).toBe(
      'gpt-5-high',
    );
  });
});

describe('boardNameKeys', () => {
  it('tries the name as written first, then each suffix stripped, then without a glued provider', () => {
    const keys = boardNameKeys('Anthropicclaude-opus-4-1-20250805', index.prefixes).map((k) => k.key);
    expect(keys[0]).toBe('anthropicclaudeopus4120250805');
    expect(keys).toContain('claudeopus41');
    expect(keys.indexOf('anthropicclaudeopus41')).toBeLessThan(keys.indexOf('claudeopus41'));
  });

  it('cuts a glued provider only where the name starts with a capital', () => {
    expect(boardNameKeys('Metallama-3.1-8b', index.prefixes).map((k) => k.key)).toContain('llama318b');
    expect(boardNameKeys('metallama-3.1-8b', index.prefixes).map((k) => k.key)).not.toContain('llama318b');
  });
});

describe('resolveBoardRow', () => {
  it('matches catalog ids and Hub repos (method id)', () => {
    expect(resolve('deepseek-ai/DeepSeek-R1-0528')).toEqual({
      model: 'deepseek-ai/DeepSeek-R1-0528',
      org: 'deepseek',
      country: 'CN',
      weights: 'open',
      licenseClass: 'open-source',
      method: 'id',
    });
    expect(resolve('META-LLAMA/llama-3.1-405b-instruct').method).toBe('id');
  });

  it('matches names, aliases and the name part of an id in any case and with any separators (method alias)', () => {
    expect(resolve('DeepSeek-R1-0528')).toMatchObject({
      model: 'deepseek-ai/DeepSeek-R1-0528',
      method: 'alias',
    });
    expect(resolve('deepseek r1 0528')).toMatchObject({
      model: 'deepseek-ai/DeepSeek-R1-0528',
      method: 'alias',
    });
    expect(resolve('Gemma-3-27B-it')).toMatchObject({ model: 'google/gemma-3-27b-it', method: 'alias' });
    expect(resolve('chatgpt-4o-latest')).toMatchObject({ model: 'openai/gpt-4o', method: 'alias' });
    expect(resolve('Claude Opus 4.1')).toMatchObject({ model: 'anthropic/claude-opus-4-1', method: 'alias' });
  });

  it('prefers an exact catalog match to stripping: a distinct Thinking model stays itself', () => {
    expect(resolve('qwen3-235b-a22b-thinking-2507').model).toBe('Qwen/Qwen3-235B-A22B-Thinking-2507');
    expect(resolve('qwen3-235b-a22b-instruct-2507').model).toBe('Qwen/Qwen3-235B-A22B-Instruct-2507');
    expect(resolve('kimi-k2-thinking').model).toBe('moonshotai/Kimi-K2-Thinking');
    expect(resolve('MoonshotAIkimi-k2-thinking')).toMatchObject({ model: 'moonshotai/Kimi-K2-Thinking' });
  });

  it('strips mode, date, precision and -instruct suffixes (method normalised)', () => {
    const cases: [string, string][] = [
      ['qwen3-235b-a22b-no-thinking', 'Qwen/Qwen3-235B-A22B'],
      ['Qwen3-235B-A22B-no-thinking', 'Qwen/Qwen3-235B-A22B'],
      ['deepseek-v3.1-thinking', 'deepseek-ai/DeepSeek-V3.1'],
      ['kimi-k2-0711-preview', 'moonshotai/Kimi-K2-Instruct'],
      ['o3-mini-high', 'openai/o3-mini'],
      ['ChatGPT-4o-latest (2025-03-26)', 'openai/gpt-4o'],
      ['chatgpt-4o-latest-20250326', 'openai/gpt-4o'],
      ['gemini-2.5-flash-lite-preview-09-2025-no-thinking', 'google/gemini-2.5-flash-lite'],
      ['gemini-2.5-flash-lite-preview-06-17-thinking', 'google/gemini-2.5-flash-lite'],
      ['Meta-Llama-3.1-405B-Instruct-fp8', 'meta-llama/Llama-3.1-405B-Instruct'],
      ['Meta-Llama-3.1-405B-Instruct-bf16', 'meta-llama/Llama-3.1-405B-Instruct'],
    ];
    for (const [name, id] of cases)
      expect(resolve(name), name).toMatchObject({ model: id, method: 'normalised' });
  });

  it('removes a provider glued to the name or put in front of it', () => {
    const cases: [string, string][] = [
      ['Anthropicclaude-opus-4-1-20250805', 'anthropic/claude-opus-4-1'],
      ['Anthropicclaude-opus-4-1-20250805-thinking-16k', 'anthropic/claude-opus-4-1'],
      ['MoonshotAIkimi-k2-0711-preview', 'moonshotai/Kimi-K2-Instruct'],
      ['Metallama-3.1-405b-instruct-fp8', 'meta-llama/Llama-3.1-405B-Instruct'],
      ['Azurephi-4', 'microsoft/phi-4'],
      ['Coherecommand-r-plus-08-2024', 'CohereLabs/c4ai-command-r-plus-08-2024'],
    ];
    for (const [name, id] of cases)
      expect(resolve(name), name).toMatchObject({ model: id, method: 'normalised' });
  });

  it('drops packaging words on both sides but never a date that names another release', () => {
    expect(resolve('Mistral-Large-2407')).toMatchObject({
      model: 'mistralai/Mistral-Large-Instruct-2407',
      method: 'normalised',
    });
    expect(resolve('Mistral-Large-2411', 'Mistral', 'MRL')).toMatchObject({ model: null, org: 'mistral' });
  });

  it('takes the reviewed table first: a model, or a maker alone', () => {
    expect(resolve('Claude 3.5 Sonnet (20241022)')).toMatchObject({
      model: 'anthropic/claude-3-5-sonnet',
      org: 'anthropic',
      weights: 'closed',
      method: 'table',
    });
    // An entry for one board applies to that board only.
    expect(resolve('gemini-advanced-0514', 'Google', 'Proprietary')).toMatchObject({
      model: null,
      org: 'google',
      country: 'US',
      weights: 'closed',
      method: 'table',
    });
    expect(resolve('gemini-advanced-0514', 'Google', null, 'other-board').method).toBe('org-only');
  });

  it('judges openness by the catalog, never by the board licence, when the model resolves', () => {
    // A board listing an API-only model with an open licence does not make it open…
    expect(resolve('o3-mini', 'OpenAI', 'Apache 2.0')).toMatchObject({
      weights: 'closed',
      licenseClass: 'no-weights',
    });
    // …nor an open model listed as proprietary closed.
    expect(resolve('DeepSeek-R1', 'DeepSeek', 'Proprietary')).toMatchObject({ weights: 'open' });
  });

  it('falls back to the board columns for a row the catalog cannot resolve', () => {
    expect(resolve('Hunyuan-TurboS-20250226', 'Tencent', 'Proprietary')).toEqual({
      model: null,
      org: 'tencent',
      country: 'CN',
      weights: 'closed',
      licenseClass: 'no-weights',
      method: 'board-licence',
    });
    expect(resolve('Llama-3.1-Tulu-3-70B', 'Ai2', 'Llama 3.1')).toMatchObject({
      org: 'ai2',
      country: 'US',
      weights: 'open',
      licenseClass: null,
      method: 'board-licence',
    });
    expect(resolve('Aya-Expanse-32B', 'Cohere', 'CC-BY-NC-4.0')).toMatchObject({
      weights: 'open',
      licenseClass: 'non-commercial',
    });
    expect(resolve('mystery-model', 'Tencent', 'N/A')).toMatchObject({
      org: 'tencent',
      weights: null,
      method: 'org-only',
    });
    expect(resolve('mystery-model', 'Nobody Labs', null)).toEqual({
      model: null,
      org: null,
      country: null,
      weights: null,
      licenseClass: null,
      method: 'unresolved',
    });
  });

  it('finds the maker in a glued provider or a Hub owner when the board has no maker column', () => {
    expect(resolve('Tencenthunyuan-t1-20250711')).toMatchObject({ org: 'tencent', method: 'org-only' });
    expect(resolve('Qwen/Qwen2.5-72B-Instruct-abliterated', null, null, 'open-llm')).toMatchObject({
      model: null,
      org: 'alibaba',
      country: 'CN',
    });
    expect(resolve('MaziyarPanahi/calme-3.2-instruct-78b', null, null, 'open-llm').method).toBe('unresolved');
  });
});

describe('matchBoardOrg', () => {
  it.each([
    ['DeepSeek', 'deepseek'],
    ['DeepSeek AI', 'deepseek'],
    ['Zhipu AI', 'zhipu'],
    ['Zhipu', 'zhipu'],
    ['Z.ai', 'zhipu'],
    ['Moonshot', 'moonshot'],
    ['AllenAI/UW', 'ai2'],
    ['Allen AI', 'ai2'],
    ['深度求索', 'deepseek'],
    ['[Alibaba](https://qwen.ai)', 'alibaba'],
  ])('%s → %s', (text, id) => {
    expect(matchBoardOrg(text, index)).toBe(id);
  });

  it('matches nothing rather than a near name', () => {
    expect(matchBoardOrg('Deep Mind', index)).toBeNull();
    expect(matchBoardOrg('', index)).toBeNull();
    expect(matchBoardOrg(null, index)).toBeNull();
  });
});

describe('boardLicenceWeights', () => {
  it.each([
    ['Proprietary', 'closed'],
    ['Propretary', 'closed'],
    ['proprietary license', 'closed'],
    ['Apache 2.0', 'open'],
    ['Modified MIT', 'open'],
    ['Llama 3.1 Community', 'open'],
    ['Non-commercial', 'open'],
    ['N/A', null],
    ['Other', null],
    ['', null],
  ])('%s → %s', (licence, expected) => {
    expect(boardLicenceWeights(licence)).toBe(expected);
  });
});

describe('boardNameIndex', () => {
  it('leads a key two models share to neither', () => {
    const twins = boardNameIndex(
      [
        model('a/Twin-7B', 'meta', { aliases: ['twin'] }),
        model('b/Twin-7B-v2', 'meta', { aliases: ['Twin'] }),
      ],
      ORGS,
    );
    expect(resolveBoardRow({ name: 'twin', org: 'Meta', license: null }, 'x', twins)).toMatchObject({
      model: null,
      org: 'meta',
      method: 'org-only',
    });
  });
});
