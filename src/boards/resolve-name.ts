import type { BoardName } from '../domain/board-name.ts';
import { foldName } from '../domain/closest-names.ts';

// Leaderboard rows name models as their boards like: `kimi-k2-0711-preview`, `Qwen3-235B-A22B-no-thinking`,
// `Meta-Llama-3.1-405B-Instruct-fp8`, `Anthropicclaude-opus-4-1-20250805`, `[Gemini-2.5-Pro](http://…)`. This
// module turns such a name into a catalog model, or at least a maker and its country, and says how (`method`), so
// every resolution can be explained and checked. Pure: the catalog's names and the reviewed table come in as data.
//
// The order, first hit wins:
//   1. the reviewed table `catalog/board-names.toml` (an entry for this board before one for every board): `table`;
//   2. the name as the catalog writes it, case and separators aside: a model id or Hub repo (`id`), or a name,
//      alias or the name part of an id or Hub repo (`alias`);
//   3. the name with a provider glued to or put in front of it removed, and its suffixes stripped one at a time
//      from the end (dates and versions, `-latest`, `-preview`, `-instruct`/`-chat`/`-it`, precisions, thinking
//      modes and reasoning efforts), each step tried against the catalog's names as written, then both sides
//      without packaging words (`-instruct`, `-chat`, `-it`, precisions, `-latest`, `-preview`) wherever they stand,
//      dates and modes kept (when that leaves one model): `normalised`. The name as written is always tried first, so a catalog model that is a distinct "Thinking"
//      model is found before `-thinking` is stripped from the row's name;
//   4. no model: the maker from the board's organisation column (or a Hub owner, or a glued provider), and open or
//      closed from the board's licence column (`board-licence`, the only use of that column), or the maker alone
//      (`org-only`), or nothing (`unresolved`).
// Open means the catalog's `weights = "open"`; a model the catalog resolves is never judged by the board's licence.

export const RESOLVE_METHODS = [
  'id',
  'alias',
  'normalised',
  'table',
  'org-only',
  'board-licence',
  'unresolved',
] as const;
export type ResolveMethod = (typeof RESOLVE_METHODS)[number];

export type Openness = 'open' | 'closed';

/** What a board row is, as far as the catalog and the reviewed table can tell. */
export interface BoardRowResolution {
  /** The catalog model id, or null when the row is not one catalog model. */
  model: string | null;
  /** The maker's organisation id. */
  org: string | null;
  /** The maker's country (ISO 3166-1 alpha-2). */
  country: string | null;
  /** Open weights per the catalog; per the board's licence column only when no model resolved. */
  weights: Openness | null;
  /** The catalog licence class of the model; for a row without a model, of the board's licence when it is known. */
  licenseClass: string | null;
  method: ResolveMethod;
}

/** What the index needs of a catalog model (a `Model` has it all). */
export interface IndexModel {
  id: string;
  name: string;
  aliases: readonly string[];
  huggingFace: readonly string[];
  weights: string;
  license: { class: string };
  organizations: readonly { id: string }[];
}

/** What the index needs of an organisation (an `Organization` has it all). */
export interface IndexOrg {
  id: string;
  name: string;
  nativeName: string | null;
  aliases: readonly string[];
  huggingFace: readonly string[];
  country: string;
}

/** A licence the board's licence column may name (`licenses.toml`). */
export interface IndexLicense {
  id: string;
  name: string;
  class: string;
}

interface ModelFacts {
  weights: Openness;
  licenseClass: string;
  org: string | null;
}

interface NameHit {
  model: string;
  method: 'id' | 'alias';
}

/** Built once per catalog version by `boardNameIndex`; `resolveBoardRow` reads it. */
export interface BoardNameIndex {
  /** Folded catalog names → model; null where two models fold to one key (never matched). */
  exact: Map<string, NameHit | null>;
  /** Catalog names without their packaging tokens (`looseKey`) → model; null where two models meet. */
  loose: Map<string, string | null>;
  models: Map<string, ModelFacts>;
  /** Folded organisation names → org id; null where two organisations share a name. */
  orgKeys: Map<string, string | null>;
  countries: Map<string, string>;
  /** Provider prefixes a board may glue to a name, longest first (folded org names, accounts, platforms). */
  prefixes: string[];
  /** Folded board names → table entries, board-specific ones first. */
  table: Map<string, BoardName[]>;
  licenses: Map<string, string>;
  /** Answers of `resolveBoardRow` by board, name and the board's maker and licence columns. */
  memo: Map<string, BoardRowResolution>;
}

/** Hosting platforms a board puts in front of a maker's model (`Azurephi-4`): stripped like a maker's name. */
const PLATFORM_PREFIXES = ['Azure', 'Bedrock', 'Vertex'];

const MONTHS = new Set([
  'jan',
  'january',
  'feb',
  'february',
  'mar',
  'march',
  'apr',
  'april',
  'may',
  'jun',
  'june',
  'jul',
  'july',
  'aug',
  'august',
  'sep',
  'sept',
  'september',
  'oct',
  'october',
  'nov',
  'november',
  'dec',
  'december',
]);

const isMonth = (t: string) => /^\d{2}$/.test(t) && Number(t) >= 1 && Number(t) <= 12;
const isDay = (t: string) => /^\d{2}$/.test(t) && Number(t) >= 1 && Number(t) <= 31;
const isYear = (t: string) => /^20\d{2}$/.test(t);
/** Four digits that read as a date: MMDD (`0528`, `1210`) or YYMM (`2507`, `2411`). */
const isShortDate = (t: string) =>
  /^\d{4}$/.test(t) &&
  ((isMonth(t.slice(0, 2)) && isDay(t.slice(2))) ||
    (Number(t.slice(0, 2)) >= 22 && Number(t.slice(0, 2)) <= 29 && isMonth(t.slice(2))));

/** A suffix rule: how many tokens it takes off the end of a board's name, or 0 when it does not apply. */
interface SuffixRule {
  what: string;
  take(tokens: readonly string[]): number;
}

const last = (tokens: readonly string[], n = 1) => tokens[tokens.length - n] ?? '';

const SUFFIX_RULES: readonly SuffixRule[] = [
  {
    what: 'date YYYY-MM-DD',
    take: (t) => (isYear(last(t, 3)) && isMonth(last(t, 2)) && isDay(last(t)) ? 3 : 0),
  },
  {
    what: 'date MM-YYYY or YYYY-MM',
    take: (t) =>
      (isMonth(last(t, 2)) && isYear(last(t))) || (isYear(last(t, 2)) && isMonth(last(t))) ? 2 : 0,
  },
  { what: 'date MM-DD', take: (t) => (isMonth(last(t, 2)) && isDay(last(t)) ? 2 : 0) },
  {
    what: 'month and year (june-2024, june-24)',
    take: (t) => (MONTHS.has(last(t, 2)) && /^(20)?\d{2}$/.test(last(t)) ? 2 : 0),
  },
  {
    what: 'date YYYYMMDD or YYYYMM',
    take: (t) => (/^20\d{2}(0[1-9]|1[0-2])(\d{2})?$/.test(last(t)) ? 1 : 0),
  },
  { what: 'date MMDD or version YYMM', take: (t) => (isShortDate(last(t)) ? 1 : 0) },
  { what: '-latest, -preview', take: (t) => (/^(latest|preview)$/.test(last(t)) ? 1 : 0) },
  { what: '-instruct, -chat, -it', take: (t) => (/^(instruct|chat|it)$/.test(last(t)) ? 1 : 0) },
  {
    what: 'precision',
    take: (t) => (/^(fp8|fp16|bf16|fp32|int4|int8|awq|gptq|4bit|8bit)$/.test(last(t)) ? 1 : 0),
  },
  {
    what: 'thinking with a budget (-thinking-32k)',
    take: (t) => (last(t, 2) === 'thinking' && /^\d+k$/.test(last(t)) ? 2 : 0),
  },
  {
    what: '-no-thinking, -non-thinking, -non-reasoning',
    take: (t) => (/^(no|non)$/.test(last(t, 2)) && /^(thinking|reasoning)$/.test(last(t)) ? 2 : 0),
  },
  { what: '-thinking, -reasoning', take: (t) => (/^(thinking|reasoning)$/.test(last(t)) ? 1 : 0) },
  {
    what: 'reasoning effort (-high, -low)',
    take: (t) => (t.length > 2 && /^(high|medium|low|minimal)$/.test(last(t)) ? 1 : 0),
  },
];

/**
 * How a model was called, in brackets after its name: `(FC)` and `(Prompt)` (function calling natively or through
 * the prompt, as the Berkeley Function-Calling Leaderboard writes), `(Prompt + Thinking)`, `(FC thinking)`,
 * `(FC tools-2024-04-04)`, `(Original)`, and the host it was reached through (`(Novita)`). Not part of which model
 * it is.
 */
const CALL_WORD = String.raw`(?:fc|prompt|thinking|reasoning|original|novita|tools-[\d-]+)`;
const HOW_CALLED = new RegExp(String.raw`\(\s*${CALL_WORD}(?:\s*\+?\s*${CALL_WORD})*\s*\)$`, 'i');

/**
 * A board's name as text: footnote marks (`[<sup>1</sup>](…)`) dropped, a markdown link's text, no HTML tags, `+`
 * as "plus" (Command R+), how it was called (`(FC)`, `(Prompt)`) dropped, brackets as separators. Case is kept (a
 * glued provider is found by it).
 */
export function cleanBoardName(raw: string): string {
  let text = raw
    .replace(/\[\s*<sup>[^<]*<\/sup>\s*\]\([^)]*\)/gi, ' ')
    .replace(/<sup>[^<]*<\/sup>/gi, ' ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]*>/g, ' ')
    .trim();
  for (let before = ''; before !== text; ) {
    before = text;
    text = text.replace(HOW_CALLED, '').trim();
  }
  return text
    .replace(/\+/g, '-plus')
    .replace(/[()[\]]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Lower-case tokens split at spaces, hyphens, underscores and slashes; dots stay inside tokens (`3.5`). */
function tokens(name: string): string[] {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[\s\-_/:,]+/)
    .filter(Boolean);
}

/** A name after each step of stripping suffixes from its end, the name itself first (as tokens). */
function strippingSteps(toks: readonly string[]): string[][] {
  const steps = [toks.slice()];
  let current = toks.slice();
  for (;;) {
    let taken = 0;
    for (const rule of SUFFIX_RULES) {
      taken = rule.take(current);
      if (taken > 0 && taken < current.length) break;
      taken = 0;
    }
    if (taken === 0) return steps;
    current = current.slice(0, current.length - taken);
    steps.push(current);
  }
}

const key = (toks: readonly string[]) => foldName(toks.join(''));

/**
 * The name a board row reduces to: folded (case, accents and separators dropped) after its suffixes are stripped:
 * `DeepSeek-R1-0528` → `deepseekr1`, `Claude Opus 4 (20250514)` → `claudeopus4`,
 * `Qwen3-235B-A22B-no-thinking` → `qwen3235ba22b`, `Meta-Llama-3.1-405B-Instruct-fp8` → `metallama31405b`.
 * A provider glued in front (`Anthropicclaude-…`) needs the catalog's makers: `boardNameKeys` strips it.
 */
export function normaliseBoardName(raw: string): string {
  const steps = strippingSteps(tokens(cleanBoardName(raw)));
  return key(steps[steps.length - 1] ?? []);
}

/**
 * The names remaining when a provider is removed from the front of `name`: glued (`Anthropicclaude-opus-4`,
 * `Metallama-3.1-8b`, `01.AIyi-lightning`) or separated (`Meta-Llama-3.1-8B`, `Qwen/Qwen2.5-72B`). `prefixes` are
 * folded provider names, longest first. Only a name that starts with a capital (the boards' convention for a
 * provider written before a model id) or separates the provider is cut.
 */
function withoutProvider(name: string, prefixes: readonly string[]): string[] {
  const out: string[] = [];
  const slash = name.indexOf('/');
  if (slash > 0 && slash < name.length - 1) out.push(name.slice(slash + 1));
  if (!/^[A-Z0-9]/.test(name)) return out;
  const folded = foldName(name);
  for (const p of prefixes) {
    if (!folded.startsWith(p)) continue;
    // Walk the name's characters, skipping separators, until `p` (folded) is consumed.
    let i = 0;
    let j = 0;
    while (i < name.length && j < p.length) {
      const c = name[i] ?? '';
      if (/[\s\-_./]/.test(c)) {
        i++;
        continue;
      }
      if (foldName(c) !== p[j]) break;
      i++;
      j++;
    }
    if (j < p.length) continue;
    const rest = name.slice(i).replace(/^[\s\-_./]+/, '');
    if (/^[A-Za-z0-9]/.test(rest) && rest.length >= 2) out.push(rest);
  }
  return out;
}

export interface NameKey {
  key: string;
  /** The key without packaging tokens (`looseKey`). */
  loose: string;
  /** 0 for the name as written (after cleaning); more for each provider cut or suffix stripped. */
  step: number;
}

/**
 * Every key a board name is looked up by, in the order tried: the name as written, then each suffix stripped; then
 * the same for the name without each provider it starts with.
 */
export function boardNameKeys(raw: string, prefixes: readonly string[] = []): NameKey[] {
  const cleaned = cleanBoardName(raw);
  const out: NameKey[] = [];
  const seen = new Set<string>();
  const add = (toks: readonly string[], step: number) => {
    const k = key(toks);
    if (k && !seen.has(k)) {
      seen.add(k);
      out.push({ key: k, loose: looseKey(toks), step });
    }
  };
  for (const [i, t] of strippingSteps(tokens(cleaned)).entries()) add(t, i);
  for (const rest of withoutProvider(cleaned, prefixes)) {
    for (const [i, t] of strippingSteps(tokens(rest)).entries()) add(t, i + 1);
  }
  return out;
}

/**
 * Tokens that say how a checkpoint is packaged or tuned, not which model it is: dropped wherever they stand for the
 * loose comparison (`Mistral-Large-Instruct-2407` and `mistral-large-2407` meet). Dates, versions and modes stay,
 * so `mistral-large-2411` does not meet the 2407 model, nor `qwen3-max` a "Qwen3-Max-Thinking".
 */
const PACKAGING = /^(instruct|chat|it|hf|latest|preview|fp8|fp16|bf16|fp32|int4|int8|awq|gptq|4bit|8bit)$/;

const looseKey = (toks: readonly string[]) => key(toks.filter((t) => !PACKAGING.test(t)));

function claim<V>(map: Map<string, V | null>, k: string, value: V, same: (a: V, b: V) => boolean): void {
  if (!k) return;
  const had = map.get(k);
  if (had === undefined) map.set(k, value);
  else if (had !== null && !same(had, value)) map.set(k, null);
}

/** The name part of an id or Hub repo (`google/gemma-3-27b-it` → `gemma-3-27b-it`). */
const repoName = (id: string) => id.slice(id.indexOf('/') + 1);

/**
 * The lookup tables `resolveBoardRow` reads: the catalog's model names (ids, names, aliases, Hub repos and their
 * name parts), its makers (ids, names, native names, aliases, Hub accounts), the reviewed table and the licences.
 * A key two models (or two makers) share leads to neither.
 */
export function boardNameIndex(
  models: readonly IndexModel[],
  orgs: readonly IndexOrg[],
  boardNames: readonly BoardName[] = [],
  licenses: readonly IndexLicense[] = [],
): BoardNameIndex {
  const exact = new Map<string, NameHit | null>();
  const loose = new Map<string, string | null>();
  const facts = new Map<string, ModelFacts>();
  const sameHit = (a: NameHit, b: NameHit) => a.model === b.model;
  const sameId = (a: string, b: string) => a === b;
  for (const m of models) {
    facts.set(m.id, {
      weights: m.weights === 'open' ? 'open' : 'closed',
      licenseClass: m.license.class,
      org: m.organizations[0]?.id ?? null,
    });
    const ids = [m.id, ...m.huggingFace];
    const names = [m.name, ...m.aliases, ...ids.map(repoName)];
    for (const n of ids) claim(exact, foldName(n), { model: m.id, method: 'id' }, sameHit);
    for (const n of names) claim(exact, foldName(n), { model: m.id, method: 'alias' }, sameHit);
    for (const n of new Set([...names, ...ids].map((n) => looseKey(tokens(n)))))
      claim(loose, n, m.id, sameId);
  }
  // An id claimed as an alias by a second model keeps the first claim's method; a shared key is void either way.
  const orgKeys = new Map<string, string | null>();
  const countries = new Map<string, string>();
  const prefixes = new Set<string>(PLATFORM_PREFIXES.map(foldName));
  for (const o of orgs) {
    countries.set(o.id, o.country);
    const names = [o.id, o.name, o.nativeName ?? '', ...o.aliases, ...o.huggingFace];
    for (const n of names) claim(orgKeys, foldName(n), o.id, sameId);
    for (const n of [o.name, ...o.aliases, ...o.huggingFace]) {
      const f = foldName(n);
      // Short names (`AI2`, `LG`) would cut too many model names; a glued provider is a whole company name.
      if (f.length >= 4 && /^[a-z0-9]+$/.test(f)) prefixes.add(f);
    }
  }
  const table = new Map<string, BoardName[]>();
  for (const entry of boardNames) {
    const k = foldName(cleanBoardName(entry.name));
    table.set(k, [...(table.get(k) ?? []), entry]);
  }
  for (const entries of table.values())
    entries.sort((a, b) => Number(b.board !== null) - Number(a.board !== null));
  const licenseMap = new Map<string, string>();
  for (const l of licenses) {
    for (const n of [l.id, l.name]) if (!licenseMap.has(foldName(n))) licenseMap.set(foldName(n), l.class);
  }
  return {
    exact,
    loose,
    models: facts,
    orgKeys,
    countries,
    prefixes: [...prefixes].sort((a, b) => b.length - a.length || a.localeCompare(b)),
    table,
    licenses: licenseMap,
    memo: new Map(),
  };
}

/** The model a board name names, and how it was found; null when the catalog has none. */
function matchBoardName(
  name: string,
  index: BoardNameIndex,
): { model: string; method: 'id' | 'alias' | 'normalised' } | null {
  const keys = boardNameKeys(name, index.prefixes);
  for (const { key: k, step } of keys) {
    const hit = index.exact.get(k);
    if (hit) return { model: hit.model, method: step === 0 ? hit.method : 'normalised' };
  }
  for (const { loose } of keys) {
    const model = index.loose.get(loose);
    if (model) return { model, method: 'normalised' };
  }
  return null;
}

/** Trailing words a board adds to a maker's name (`DeepSeek AI`, `AI21 Labs`). */
const ORG_SUFFIX = /[\s-]+(ai|labs?|inc\.?|research|team)$/i;

/**
 * The organisation a board's maker column names: the text as written, each part of `A/B` or `A, B`, then without a
 * trailing "AI", "Labs"…, matched against organisation ids, names, native names, aliases and Hub accounts.
 */
export function matchBoardOrg(text: string | null | undefined, index: BoardNameIndex): string | null {
  if (!text) return null;
  const cleaned = cleanBoardName(text);
  const parts = [cleaned, ...cleaned.split(/\s*[/,&]\s*/)];
  for (const part of parts) {
    for (const candidate of [part, part.replace(ORG_SUFFIX, '')]) {
      const org = index.orgKeys.get(foldName(candidate));
      if (org) return org;
    }
  }
  return null;
}

/** The maker a name carries in front of it: a Hub owner (`Qwen/…`) or a glued provider (`Anthropicclaude-…`). */
function orgFromName(name: string, index: BoardNameIndex): string | null {
  const cleaned = cleanBoardName(name);
  const slash = cleaned.indexOf('/');
  if (slash > 0) {
    const org = index.orgKeys.get(foldName(cleaned.slice(0, slash)));
    if (org) return org;
  }
  if (!/^[A-Z0-9]/.test(cleaned)) return null;
  const folded = foldName(cleaned);
  for (const p of index.prefixes) {
    if (folded.startsWith(p) && folded.length > p.length) {
      const org = index.orgKeys.get(p);
      if (org) return org;
    }
  }
  return null;
}

/**
 * Open or closed from a board's licence column, for a row the catalog cannot resolve to a model: "Proprietary"
 * (and its misspellings) is closed; a named licence (Apache 2.0, MIT, Llama 3.1 Community, CC-BY-NC-4.0,
 * Non-commercial) means weights were published; nothing, "N/A", "Other" or "Unknown" says nothing.
 */
export function boardLicenceWeights(licence: string | null | undefined): Openness | null {
  const f = foldName(licence ?? '');
  if (!f || /^(na|none|other|unknown|tbd|)$/.test(f)) return null;
  if (/^(propr|propet|propriatary|closed|api)/.test(f) || f.includes('proprietary')) return 'closed';
  return 'open';
}

function boardLicenceClass(licence: string | null | undefined, index: BoardNameIndex): string | null {
  const weights = boardLicenceWeights(licence);
  if (weights === 'closed') return 'no-weights';
  if (weights === null) return null;
  return index.licenses.get(foldName(licence ?? '')) ?? null;
}

/** What `resolveBoardRow` reads of a row: the board's own name, maker and licence columns. */
export interface ResolvableRow {
  name: string;
  org: string | null;
  license: string | null;
}

/**
 * The catalog model, maker, country and openness of one board row, and how they were found. Boards repeat their
 * rows from one snapshot to the next: an answer is kept in the index for the same name, columns and board.
 */
export function resolveBoardRow(
  row: ResolvableRow,
  board: string,
  index: BoardNameIndex,
): BoardRowResolution {
  const memoKey = [board, row.name, row.org ?? '', row.license ?? ''].join('\u0000');
  const known = index.memo.get(memoKey);
  if (known) return known;
  const resolved = resolveUncached(row, board, index);
  if (index.memo.size < MEMO_CAP) index.memo.set(memoKey, resolved);
  return resolved;
}

/** Rows an index remembers answers for (a few hundred bytes each); past it, rows are resolved each time. */
const MEMO_CAP = 200_000;

function resolveUncached(row: ResolvableRow, board: string, index: BoardNameIndex): BoardRowResolution {
  const entry = (index.table.get(foldName(cleanBoardName(row.name))) ?? []).find(
    (e) => e.board === null || e.board === board,
  );
  const byModel = (model: string, org: string | null, method: ResolveMethod): BoardRowResolution | null => {
    const f = index.models.get(model);
    if (!f) return null;
    const maker = org ?? f.org;
    return {
      model,
      org: maker,
      country: maker ? (index.countries.get(maker) ?? null) : null,
      weights: f.weights,
      licenseClass: f.licenseClass,
      method,
    };
  };
  if (entry?.model) {
    const r = byModel(entry.model, entry.org, 'table');
    if (r) return r;
  }
  if (!entry) {
    const match = matchBoardName(row.name, index);
    if (match) {
      const r = byModel(match.model, null, match.method);
      if (r) return r;
    }
  }
  const org = entry?.org ?? matchBoardOrg(row.org, index) ?? orgFromName(row.name, index);
  const weights = boardLicenceWeights(row.license);
  const method: ResolveMethod = entry ? 'table' : weights ? 'board-licence' : org ? 'org-only' : 'unresolved';
  return {
    model: null,
    org,
    country: org ? (index.countries.get(org) ?? null) : null,
    weights,
    licenseClass: boardLicenceClass(row.license, index),
    method,
  };
}
