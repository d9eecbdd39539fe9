// Ranking and shares: which groups (countries, organisations, families) the top models belong to. Pure.

export const RANK_METRICS = ['downloads', 'downloadsAllTime', 'likes', 'derivatives'] as const;
export type RankMetric = (typeof RANK_METRICS)[number];
export const GROUPINGS = ['country', 'org', 'family'] as const;
export type Grouping = (typeof GROUPINGS)[number];
export const ATTRIBUTIONS = ['author', 'root'] as const;
export type AttributionMode = (typeof ATTRIBUTIONS)[number];

/** What an account is attributed to: the catalog organisation publishing under it, or an analyst's table row. */
export interface AccountAttribution {
  org: string;
  country: string | null;
}

export interface Attributor {
  account(account: string): AccountAttribution | undefined;
  /** The catalog family of a Hub repo, when the catalog knows it. */
  family(id: string): string | undefined;
}

export interface RankedModel {
  id: string;
  author: string;
  rootId: string;
  rootAuthor: string;
  value: number;
}

export interface RankGroup {
  /** null: the model's account is attributed to no organisation (or the organisation has no country). */
  group: string | null;
  count: number;
  share: number;
}

/** The group a model falls in: by its own account, or by its root model's account (and family). */
export function groupOf(
  m: { id: string; author: string; rootId: string; rootAuthor: string },
  grouping: Grouping,
  attribution: AttributionMode,
  attributor: Attributor,
): string | null {
  const id = attribution === 'root' ? m.rootId : m.id;
  const account = attribution === 'root' ? m.rootAuthor : m.author;
  if (grouping === 'family') return attributor.family(id) ?? id;
  const a = attributor.account(account);
  if (!a) return null;
  return grouping === 'org' ? a.org : a.country;
}

/** Counts the ranked models per group; share is of all ranked models. Largest groups first, then by name. */
export function groupRanking(
  models: readonly RankedModel[],
  grouping: Grouping,
  attribution: AttributionMode,
  attributor: Attributor,
): RankGroup[] {
  const counts = new Map<string | null, number>();
  for (const m of models) {
    const g = groupOf(m, grouping, attribution, attributor);
    counts.set(g, (counts.get(g) ?? 0) + 1);
  }
  const total = models.length;
  return [...counts]
    .map(([group, count]) => ({ group, count, share: total === 0 ? 0 : count / total }))
    .sort((a, b) => b.count - a.count || compareGroups(a.group, b.group));
}

/** Names ascending, null (unattributed) last. */
export function compareGroups(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

/**
 * The first `k` model numbers by value (descending; ties by key ascending), among models with a positive value.
 * Linear except for sorting the candidates: a threshold from a numeric sort, then only the survivors by key.
 */
export function topK(values: ArrayLike<number>, keys: readonly string[], k: number): number[] {
  const n = values.length;
  const positive = new Float64Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i] ?? 0;
    if (v > 0) positive[m++] = v;
  }
  if (m === 0 || k <= 0) return [];
  const sorted = positive.subarray(0, m).sort();
  const threshold = sorted[Math.max(0, m - k)] ?? 0;
  const above: number[] = [];
  const ties: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = values[i] ?? 0;
    if (v > threshold) above.push(i);
    else if (v === threshold && v > 0) ties.push(i);
  }
  const byValueThenKey = (a: number, b: number) =>
    (values[b] ?? 0) - (values[a] ?? 0) || ((keys[a] ?? '') < (keys[b] ?? '') ? -1 : 1);
  above.sort(byValueThenKey);
  ties.sort((a, b) => ((keys[a] ?? '') < (keys[b] ?? '') ? -1 : 1));
  return [...above, ...ties.slice(0, Math.max(0, k - above.length))];
}
