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
function groupOf(
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
 * Linear except for sorting the survivors: the k-th largest value by selection, then only the models at or above it
 * are sorted. `keys` may be omitted when model numbers are already in key order.
 */
export function topK(values: ArrayLike<number>, keys: readonly string[] | null, k: number): number[] {
  const n = values.length;
  const positive = new Float64Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i] ?? 0;
    if (v > 0) positive[m++] = v;
  }
  if (m === 0 || k <= 0) return [];
  const threshold = kthLargest(positive.subarray(0, m), Math.min(k, m));
  const above: number[] = [];
  const ties: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = values[i] ?? 0;
    if (v > threshold) above.push(i);
    else if (v === threshold) ties.push(i);
  }
  const byKey = (a: number, b: number) =>
    keys ? ((keys[a] ?? '') < (keys[b] ?? '') ? -1 : (keys[a] ?? '') > (keys[b] ?? '') ? 1 : 0) : a - b;
  above.sort((a, b) => (values[b] ?? 0) - (values[a] ?? 0) || byKey(a, b));
  ties.sort(byKey);
  return [...above, ...ties.slice(0, Math.max(0, k - above.length))];
}

/** The k-th largest of `xs` (1-based; reorders xs): iterative quickselect with a median-of-three pivot. */
function kthLargest(xs: Float64Array, k: number): number {
  const target = xs.length - k; // its index in ascending order
  let lo = 0;
  let hi = xs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const a = xs[lo] ?? 0;
    const b = xs[mid] ?? 0;
    const c = xs[hi] ?? 0;
    const pivot = Math.max(Math.min(a, b), Math.min(Math.max(a, b), c)); // median of three
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((xs[i] ?? 0) < pivot) i++;
      while ((xs[j] ?? 0) > pivot) j--;
      if (i <= j) {
        const t = xs[i] ?? 0;
        xs[i] = xs[j] ?? 0;
        xs[j] = t;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else return xs[target] ?? 0;
  }
  return xs[target] ?? 0;
}
