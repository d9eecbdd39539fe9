// The Hub's /api/models item (the fields omo reads; others are ignored) and its translation into a domain record.
// Validation is hand-written rather than schema-parsed: it runs once per model of a two-million-model dump, on the
// dump reader's threads (which load nothing they do not need).

export const HUB_RELATIONS = ['finetune', 'adapter', 'quantized', 'merge'] as const;
export type HubRelation = (typeof HUB_RELATIONS)[number];

/** The wire shape, as `GET /api/models?expand[]=…` returns it (documentation; parsing is `toHubModel`). */
export interface ApiHubModel {
  _id?: string;
  id: string;
  author?: string;
  createdAt?: string;
  lastModified?: string;
  /** Whole numbers ≥ 0. */
  downloads?: number;
  downloadsAllTime?: number;
  likes?: number;
  tags?: string[];
  pipeline_tag?: string;
  library_name?: string;
  cardData?: {
    base_model?: string | string[];
    base_model_relation?: HubRelation;
    [field: string]: unknown;
  };
}

export interface HubParent {
  id: string;
  relation: HubRelation;
}

/** A Hub model as the store keeps it. */
export interface HubModel {
  id: string;
  /** Lower-cased Hub account (the id's owner unless the item names its author). */
  author: string;
  createdAt: string | null;
  downloads: number;
  downloadsAllTime: number | null;
  likes: number;
  /** In the order of `cardData.base_model`, then parents only the `base_model:<relation>:<repo>` tags name. */
  parents: HubParent[];
  /** Parents equal to the model itself, dropped from `parents` (reported). */
  selfReferences: number;
}

/** Repo ids as the Hub allows them: `owner/name` (or a legacy bare name), letters, digits, `-`, `_`, `.`. */
/** The Hub's limit on an account or repository name, in characters. */
const MAX_NAME = 96;
export const REPO_ID = /^[A-Za-z0-9][\w.-]{0,95}(\/[\w.-]{1,96})?$/;

function isAlnum(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}
function isNameChar(c: number): boolean {
  return isAlnum(c) || c === 0x5f || c === 0x2e || c === 0x2d;
}

/** `REPO_ID.test(s)`, character by character: it runs for every id and base model of a dump. */
export function isRepoId(s: string): boolean {
  const n = s.length;
  if (n === 0 || !isAlnum(s.charCodeAt(0))) return false;
  let i = 1;
  while (i < n && isNameChar(s.charCodeAt(i))) i++;
  if (i > 96) return false;
  if (i === n) return true;
  if (s.charCodeAt(i) !== 0x2f) return false;
  const name = ++i;
  while (i < n && isNameChar(s.charCodeAt(i))) i++;
  return i === n && i - name >= 1 && i - name <= 96;
}
const CANONICAL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The value of `n` decimal digits of `s` from `at` (the caller knows they are digits). */
export function digits(s: string, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) v = v * 10 + s.charCodeAt(i) - 0x30;
  return v;
}

/**
 * `YYYY-MM-DDTHH:mm:ss.sssZ` naming a real time — the form toHubModel keeps as it is (toISOString's); a date the
 * pattern lets through but the calendar does not (month 13, February 30, 24:00) is not.
 */
export function isCanonicalTime(s: string): boolean {
  if (!CANONICAL_TIME.test(s)) return false;
  const y = digits(s, 0, 4);
  const m = digits(s, 5, 2);
  const d = digits(s, 8, 2);
  const leapDay = m === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 1 : 0;
  return (
    m >= 1 &&
    m <= 12 &&
    d >= 1 &&
    d <= (DAYS_IN_MONTH[m - 1] ?? 31) + leapDay &&
    digits(s, 11, 2) <= 23 &&
    digits(s, 14, 2) <= 59 &&
    digits(s, 17, 2) <= 59
  );
}
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Thrown for an item that cannot be read; the message names the field. */
export class HubItemError extends Error {}

function fail(field: string, message: string): never {
  throw new HubItemError(`${field}: ${message}`);
}

function show(v: unknown): string {
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function count(item: Record<string, unknown>, field: string, required: boolean): number | null {
  const v = item[field];
  if (v === undefined || v === null) {
    if (required) return 0;
    return null;
  }
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0)
    fail(field, `expected a whole number ≥ 0, got ${show(v)}`);
  return v;
}

function isRelation(v: unknown): v is HubRelation {
  return typeof v === 'string' && (HUB_RELATIONS as readonly string[]).includes(v);
}

type TagParent = { repo: string; key: string; relation: HubRelation };

/** `createdAt` in canonical ISO form, null when absent. */
function readCreatedAt(item: Record<string, unknown>): string | null {
  const c = item.createdAt;
  if (c === undefined || c === null) return null;
  if (typeof c === 'string' && isCanonicalTime(c)) return c;
  // Other ISO forms as Date reads them, once their day is one the calendar has (Date would shift February 30 to
  // March 1 or 2, and store a day the Hub never gave).
  if (
    typeof c !== 'string' ||
    !ISO_TIME.test(c) ||
    !isCanonicalTime(`${c.slice(0, 10)}T00:00:00.000Z`) ||
    Number.isNaN(Date.parse(c))
  )
    fail('createdAt', `expected an ISO 8601 time, got ${show(c)}`);
  return new Date(c).toISOString();
}

/** Parents named by `base_model:<relation>:<repo>` tags, with their relation, in tag order; null without tags. */
function readTagParents(item: Record<string, unknown>): TagParent[] | null {
  let tagParents: TagParent[] | null = null;
  const tags = item.tags;
  if (tags !== undefined && tags !== null) {
    if (!Array.isArray(tags)) fail('tags', `expected an array of strings, got ${show(tags)}`);
    for (let i = 0; i < tags.length; i++) {
      const t = tags[i];
      if (typeof t !== 'string') fail(`tags[${i}]`, `expected a string, got ${show(t)}`);
      if (!t.startsWith('base_model:')) continue;
      const second = t.indexOf(':', 11);
      if (second < 0) continue; // `base_model:<repo>` repeats what the relation tag says
      const relation = t.slice(11, second);
      const repo = t.slice(second + 1);
      if (!isRelation(relation) || !isRepoId(repo)) fail(`tags[${i}]`, `not a base_model tag: ${show(t)}`);
      const key = repo.toLowerCase();
      tagParents ??= [];
      if (!tagParents.some((p) => p.key === key)) tagParents.push({ repo, key, relation });
    }
  }
  return tagParents;
}

/** The parents `cardData.base_model` lists (null when it lists none) and `cardData.base_model_relation`. */
function readCard(item: Record<string, unknown>): {
  listed: string[] | null;
  cardRelation: HubRelation | null;
} {
  let listed: string[] | null = null;
  let cardRelation: HubRelation | null = null;
  const card = item.cardData;
  if (card !== undefined && card !== null) {
    if (typeof card !== 'object' || Array.isArray(card))
      fail('cardData', `expected an object, got ${show(card)}`);
    const c = card as Record<string, unknown>;
    const base = c.base_model;
    if (typeof base === 'string') {
      if (!isRepoId(base)) fail('cardData.base_model', `not a Hub repo id: ${show(base)}`);
      listed = [base];
    } else if (Array.isArray(base)) {
      for (let i = 0; i < base.length; i++) {
        const b = base[i];
        if (typeof b !== 'string' || !isRepoId(b))
          fail(`cardData.base_model[${i}]`, `expected a Hub repo id, got ${show(b)}`);
      }
      listed = base as string[];
    } else if (base !== undefined && base !== null)
      fail('cardData.base_model', `expected a repo id or a list of them, got ${show(base)}`);
    const rel = c.base_model_relation;
    if (rel !== undefined && rel !== null) {
      if (!isRelation(rel))
        fail('cardData.base_model_relation', `expected one of ${HUB_RELATIONS.join(', ')}, got ${show(rel)}`);
      cardRelation = rel;
    }
  }
  return { listed, cardRelation };
}

/**
 * The parents in order, listed ones first, then those only tags name; an edge's relation is its tag's, else the
 * card's, else `merge` for several parents and `finetune` for one. A model naming itself is counted, not kept.
 */
function orderParents(
  id: string,
  listed: string[] | null,
  tagParents: TagParent[] | null,
  cardRelation: HubRelation | null,
): { parents: HubParent[]; selfReferences: number } {
  const parents: HubParent[] = [];
  let selfReferences = 0;
  if (listed !== null || tagParents !== null) {
    const ownKey = id.toLowerCase();
    const ordered: { repo: string; key: string }[] = [];
    for (const repo of listed ?? []) {
      const key = repo.toLowerCase();
      if (!ordered.some((o) => o.key === key)) ordered.push({ repo, key });
    }
    for (const t of tagParents ?? []) if (!ordered.some((o) => o.key === t.key)) ordered.push(t);
    const fallback: HubRelation = ordered.length > 1 ? 'merge' : 'finetune';
    for (const { repo, key } of ordered) {
      if (key === ownKey) {
        selfReferences++;
        continue;
      }
      const tagged = tagParents?.find((t) => t.key === key)?.relation;
      parents.push({ id: repo, relation: tagged ?? cardRelation ?? fallback });
    }
  }
  return { parents, selfReferences };
}

/**
 * Translates one `/api/models` item. Parents come from `cardData.base_model` (its order is the parents' order)
 * and from `base_model:<relation>:<repo>` tags; an edge's relation is the tag's (the Hub computes those), else
 * `cardData.base_model_relation`, else `merge` for several parents and `finetune` for one.
 */
export function toHubModel(value: unknown): HubModel {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    fail('item', `expected an object, got ${show(value)}`);
  const item = value as Record<string, unknown>;
  const id = item.id ?? item.modelId;
  if (typeof id !== 'string') fail('id', `expected a repo id string, got ${show(id)}`);
  if (!isRepoId(id)) fail('id', `not a Hub repo id: ${show(id)}`);
  const slash = id.indexOf('/');
  let author = slash > 0 ? id.slice(0, slash) : '';
  if (item.author !== undefined && item.author !== null) {
    if (typeof item.author !== 'string') fail('author', `expected a string, got ${show(item.author)}`);
    if (!author) {
      // Stored only when the id has no owner part; the Hub's own account names are at most 96 characters.
      if (item.author.length > MAX_NAME)
        fail(
          'author',
          `${item.author.length} characters, more than a Hub account name's ${MAX_NAME}: ${show(item.author)}`,
        );
      author = item.author;
    }
  }
  const createdAt = readCreatedAt(item);
  const downloads = count(item, 'downloads', true) ?? 0;
  const downloadsAllTime = count(item, 'downloadsAllTime', false);
  const likes = count(item, 'likes', true) ?? 0;
  const tagParents = readTagParents(item);
  const { listed, cardRelation } = readCard(item);
  const { parents, selfReferences } = orderParents(id, listed, tagParents, cardRelation);
  return {
    id,
    author: author.toLowerCase(),
    createdAt,
    downloads,
    downloadsAllTime,
    likes,
    parents,
    selfReferences,
  };
}
