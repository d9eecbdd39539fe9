import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { LineageIssues } from '../analysis/lineage.ts';
import {
  type AttributionMode,
  type Attributor,
  type Grouping,
  groupRanking,
  type RankedModel,
  type RankGroup,
  type RankMetric,
} from '../analysis/rank.ts';
import {
  type Interval,
  rollupTrend,
  type TrendCell,
  type TrendMetric,
  type TrendPoint,
} from '../analysis/trend.ts';
import { BadRequestError, NotFoundError } from '../domain/errors.ts';
import type { Database } from './database.ts';
import type { HubSnapshotInfo } from './hub-ingest.ts';
import { snapshotInfo } from './hub-sqlite-writer.ts';
import { HUB_TOP_SIZE, type HubModelRow, hubDb } from './hub-tables.ts';
import type { Dialect } from './open-store.ts';

export interface HubSnapshot extends Omit<HubSnapshotInfo, 'contentHash'> {
  issues: LineageIssues;
  ingestedAt: string;
}

export interface DerivativeCounts {
  total: number;
  finetune: number;
  adapter: number;
  quantized: number;
  merge: number;
}

export interface LineageNode {
  id: string;
  relation: string | null;
  derivatives: number;
  downloads: number;
  children: LineageNode[];
}

export interface LineageAnswer {
  id: string;
  /** When the snapshot answering was taken. */
  snapshot: string;
  /** False when the id is only known as a base model other models name (it is missing from the snapshot). */
  inSnapshot: boolean;
  relation: string | null;
  parents: { id: string; relation: string }[];
  root: string;
  depth: number;
  derivatives: DerivativeCounts;
  maxDepth: number;
  /** The derivatives down to the requested depth (each model once, under its first-reached parent); null at depth 0. */
  tree: LineageNode | null;
  /** True when the tree stopped at LINEAGE_TREE_LIMIT nodes. */
  truncated: boolean;
}

const LINEAGE_TREE_LIMIT = 10_000;

/** What a lineage answer reads of the model itself. */
type LineageSelf = Pick<
  HubModelRow,
  | 'id'
  | 'parent_ids'
  | 'root_id'
  | 'depth'
  | 'd_finetune'
  | 'd_adapter'
  | 'd_quantized'
  | 'd_merge'
  | 'max_depth'
  | 'downloads'
  | 'child_keys'
>;

/** What a lineage walk reads of each derivative. */
interface ChildRow {
  id: string;
  parent_ids: string | null;
  derivatives: number;
  downloads: number;
  child_keys: string | null;
}
/** A model's derivative count: hub_models keeps it by relation only. */
const derivativesOf = (m: string) =>
  sql`(${sql.ref(`${m}.d_finetune`)} + ${sql.ref(`${m}.d_adapter`)} + ${sql.ref(`${m}.d_quantized`)} + ${sql.ref(`${m}.d_merge`)})`;
/** The value of a ranking metric for hub_models row `m`. */
const metricOf = (by: RankMetric, m: string) =>
  by === 'derivatives'
    ? derivativesOf(m)
    : sql.ref(`${m}.${by === 'downloadsAllTime' ? 'downloads_all_time' : by}`);
/** Joins `a` (the account) and `r` (the root's account, its own for a root) of hub_models row `m`. */
const authorsOf = (m: string) =>
  sql.raw(`join hub_authors a on a.taken_on = ${m}.taken_on and a.snapshot_id = ${m}.snapshot_id
      and a.author_no = ${m}.author_no
    join hub_authors r on r.taken_on = ${m}.taken_on and r.snapshot_id = ${m}.snapshot_id
      and r.author_no = coalesce(${m}.root_author_no, ${m}.author_no)`);
/** A model's relation: its first parent's, in `parent_ids`. */
const relationOf = (parentIds: string | null): string | null =>
  parentIds ? ((JSON.parse(parentIds) as [string, string][])[0]?.[1] ?? null) : null;

interface SnapshotRef {
  id: number;
  takenAt: string;
  takenOn: string;
}

/**
 * `2025-06-30`, `2025-06` or `2025` (the end of that day, month or year), or a full ISO time. A mistake names
 * `label`: the query parameter, or the flag the user typed.
 */
export function parseAt(text: string, label = 'at'): Date {
  const t = text.trim();
  let m = /^(\d{4})$/.exec(t);
  if (m) return new Date(Date.UTC(Number(m[1]) + 1, 0, 1) - 1);
  // A month or day that does not exist (2025-13, 2025-02-30) is a mistake, not the next year's or month's start.
  m = /^(\d{4})-(\d{2})$/.exec(t);
  if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12)
    return new Date(Date.UTC(Number(m[1]), Number(m[2]), 1) - 1);
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (m && new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))).toISOString().startsWith(t))
    return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + 1) - 1);
  const d = /^\d{4}-\d{2}-\d{2}T/.test(t) ? new Date(t) : new Date(Number.NaN);
  if (Number.isNaN(d.getTime()))
    throw new BadRequestError(
      'invalid_parameter',
      `${label} takes a date (YYYY, YYYY-MM, YYYY-MM-DD) or an ISO time, got "${text}"`,
    );
  return d;
}

const chunk = <T>(xs: T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
};

export function hubRepo(database: Kysely<Database>, dialect: Dialect = 'sqlite') {
  const db = hubDb(database);
  // hub_models' key is the repo id compared case-insensitively: SQLite clusters the table by `id` under NOCASE,
  // PostgreSQL by the generated lower-case `key` (migration 003). Lookups by key go through the indexed one.
  const modelKey = (alias?: string) =>
    sql.ref(`${alias ? `${alias}.` : ''}${dialect === 'postgres' ? 'key' : 'id'}`);
  // The UTC month (YYYY-MM) of created_at, which holds ms since the epoch.
  const createdMonth =
    dialect === 'postgres'
      ? sql`to_char(to_timestamp(created_at / 1000.0) at time zone 'UTC', 'YYYY-MM')`
      : sql`strftime('%Y-%m', created_at / 1000.0, 'unixepoch')`;

  async function snapshots(): Promise<HubSnapshot[]> {
    const rows = await db.selectFrom('hub_snapshots').selectAll().orderBy('taken_at').execute();
    return rows.map((r) => {
      const { contentHash: _hash, ...info } = snapshotInfo(r);
      return { ...info, issues: JSON.parse(r.issues) as LineageIssues, ingestedAt: r.ingested_at };
    });
  }

  /** The latest snapshot taken at or before `at` (default: the latest). */
  async function snapshotAt(at?: string): Promise<SnapshotRef> {
    let q = db
      .selectFrom('hub_snapshots')
      .select(['id', 'taken_at', 'taken_on'])
      .orderBy('taken_at', 'desc')
      .limit(1);
    if (at) q = q.where('taken_at', '<=', parseAt(at).toISOString());
    const row = await q.executeTakeFirst();
    if (!row) {
      throw new NotFoundError(
        at
          ? `no Hub snapshot taken at or before ${at}; ingest one with \`omo ingest hub\``
          : 'no Hub snapshot yet; ingest one with `omo ingest hub <file>` or `omo sync hub`',
      );
    }
    const takenOn =
      typeof row.taken_on === 'string'
        ? row.taken_on
        : new Date(row.taken_on as unknown as Date).toISOString();
    return { id: Number(row.id), takenAt: row.taken_at, takenOn: takenOn.slice(0, 10) };
  }

  /**
   * A digest of the analysts' attribution table (`omo ingest accounts`): attribution reads it beside the catalog, so
   * a cached Hub answer is one for this digest too. The table holds accounts by the hundred, not by the million.
   */
  async function accountsVersion(): Promise<string> {
    const rows = await db
      .selectFrom('hub_accounts')
      .select(['account', 'organisation', 'country'])
      .orderBy('account')
      .execute();
    const hash = createHash('sha256');
    for (const r of rows) hash.update(`${r.account}\u0000${r.organisation}\u0000${r.country ?? ''}\n`);
    return hash.digest('hex').slice(0, 16);
  }

  /** Account → organisation → country, from the catalog (its organisations' Hub accounts) and then `hub_accounts`. */
  async function attributor(): Promise<Attributor> {
    const accounts = new Map<string, { org: string; country: string | null }>();
    const extra = await db
      .selectFrom('hub_accounts')
      .select(['account', 'organisation', 'country'])
      .execute();
    for (const r of extra) accounts.set(r.account, { org: r.organisation, country: r.country });
    const catalog = await db
      .selectFrom('org_accounts as a')
      .innerJoin('organizations as o', 'o.id', 'a.org_id')
      .select(['a.account', 'o.id', 'o.country'])
      .execute();
    for (const r of catalog) accounts.set(r.account, { org: r.id, country: r.country });
    const families = new Map<string, string>();
    const named = await db
      .selectFrom('model_names as n')
      .innerJoin('models as m', 'm.id', 'n.model_id')
      .select(['n.key', 'm.family'])
      .where('n.kind', 'in', ['hub', 'id'])
      .where('m.family', 'is not', null)
      .execute();
    for (const r of named) if (r.family) families.set(r.key, r.family);
    return {
      account: (a) => accounts.get(a.toLowerCase()),
      family: (id) => families.get(id.toLowerCase()),
    };
  }

  /** The top `top` models by `by`, counted per group. */
  async function rank(opts: {
    by: RankMetric;
    top: number;
    group: Grouping;
    attribution: AttributionMode;
    at?: string | undefined;
  }): Promise<RankGroup[]> {
    const snap = await snapshotAt(opts.at);
    const column = metricOf(opts.by, 'm');
    // The API and the CLI ask for at most HUB_TOP_SIZE (MAX_TOP): a prefix of hub_top, read by its key.
    const result =
      opts.top <= HUB_TOP_SIZE
        ? await sql<{ id: string; author: string; root_id: string; root_author: string; value: number }>`
            select m.id, a.author, coalesce(m.root_id, m.id) as root_id, r.author as root_author, ${column} as value
            from hub_top t join hub_models m
              on m.taken_on = t.taken_on and m.snapshot_id = t.snapshot_id and ${modelKey('m')} = t.key
              ${authorsOf('m')}
            where t.taken_on = ${snap.takenOn} and t.snapshot_id = ${snap.id} and t.metric = ${opts.by}
              and t.position < ${opts.top}
            order by t.position`.execute(db)
        : await sql<{ id: string; author: string; root_id: string; root_author: string; value: number }>`
            select m.id, a.author, coalesce(m.root_id, m.id) as root_id, r.author as root_author, ${column} as value
            from (select * from hub_models m
                  where m.taken_on = ${snap.takenOn} and m.snapshot_id = ${snap.id} and ${column} > 0
                  order by ${column} desc, ${modelKey('m')} limit ${opts.top}) m
              ${authorsOf('m')}
            order by ${column} desc, ${modelKey('m')}`.execute(db);
    const models: RankedModel[] = result.rows.map((r) => ({
      id: r.id,
      author: r.author,
      rootId: r.root_id,
      rootAuthor: r.root_author,
      value: Number(r.value),
    }));
    return groupRanking(models, opts.group, opts.attribution, await attributor());
  }

  /** New models or derivatives per period of createdAt, per group. */
  async function trend(opts: {
    by: TrendMetric;
    group: Grouping;
    interval: Interval;
    attribution: AttributionMode;
    /** How many groups keep their own points; the rest are summed per period (default: all). */
    groups?: number | undefined;
    at?: string | undefined;
  }): Promise<TrendPoint[]> {
    const snap = await snapshotAt(opts.at);
    let cells: TrendCell[];
    if (opts.by === 'new-derivatives' && opts.attribution === 'root' && opts.group !== 'family') {
      // Accounts nobody attributes are summed in SQL as one '' account: only attributed ones reach JavaScript.
      const r = await sql<{ month: string; account: string; models: number }>`
        select t.period as month, coalesce(a.account, '') as account, sum(t.models) as models
        from hub_trend t left join (select account from org_accounts union select account from hub_accounts) a
          on a.account = t.root_author
        where t.taken_on = ${snap.takenOn} and t.snapshot_id = ${snap.id}
        group by t.period, coalesce(a.account, '')`.execute(db);
      cells = r.rows.map((x) => ({
        month: x.month,
        account: x.account,
        id: x.account,
        models: Number(x.models),
      }));
    } else {
      const account =
        opts.attribution === 'root' ? sql`coalesce(root_author_no, author_no)` : sql.ref('author_no');
      const byId = opts.group === 'family';
      const id = opts.attribution === 'root' ? sql`coalesce(root_id, id)` : sql.ref('id');
      const derivativesOnly = opts.by === 'new-derivatives' ? sql`and parent_ids is not null` : sql``;
      const r = await sql<{ month: string; account: string; id: string; models: number }>`
        select x.month, a.author as account, x.id, x.models
        from (select ${createdMonth} as month, ${account} as author_no, ${byId ? id : sql`''`} as id,
                count(*) as models
              from hub_models
              where taken_on = ${snap.takenOn} and snapshot_id = ${snap.id} and created_at is not null
                ${derivativesOnly}
              group by ${createdMonth}, ${account}${byId ? sql`, ${id}` : sql``}) x
          join hub_authors a on a.taken_on = ${snap.takenOn} and a.snapshot_id = ${snap.id}
            and a.author_no = x.author_no`.execute(db);
      cells = r.rows.map((x) => ({ month: x.month, account: x.account, id: x.id, models: Number(x.models) }));
    }
    return rollupTrend(cells, opts.group, opts.interval, await attributor(), opts.groups);
  }

  /** The model in the snapshot, or, when only derivatives name it as their base, its `hub_missing` entry. */
  async function lineageSubject(
    snap: SnapshotRef,
    id: string,
    key: string,
  ): Promise<{ self: LineageSelf | undefined; shownId: string; childKeys: string | null }> {
    const where = sql`taken_on = ${snap.takenOn} and snapshot_id = ${snap.id}`;
    const self = (
      await sql<LineageSelf>`select id, parent_ids, coalesce(root_id, id) as root_id, depth, d_finetune, d_adapter,
           d_quantized, d_merge, max_depth, downloads, child_keys
         from hub_models where ${where} and ${modelKey()} = ${key}`.execute(db)
    ).rows[0];
    if (self) return { self, shownId: self.id, childKeys: self.child_keys };
    // Known only as a base model that derivatives in the snapshot name.
    const missing = (
      await sql<{ id: string; child_keys: string }>`select id, child_keys from hub_missing
        where ${where} and key = ${key}`.execute(db)
    ).rows[0];
    if (!missing) throw new NotFoundError(`no Hub model "${id}" in the snapshot of ${snap.takenAt}`);
    return { self, shownId: missing.id, childKeys: missing.child_keys };
  }

  /** The snapshot's rows for the given model keys, by key. */
  async function childRows(snap: SnapshotRef, keys: string[]): Promise<Map<string, ChildRow>> {
    const rows = new Map<string, ChildRow>();
    for (const part of chunk(keys, 500)) {
      const r = await sql<ChildRow & { key: string }>`select lower(id) as key, id, parent_ids,
           ${derivativesOf('hub_models')} as derivatives, downloads, child_keys
         from hub_models where taken_on = ${snap.takenOn} and snapshot_id = ${snap.id}
           and ${modelKey()} in (${sql.join(part)})`.execute(db);
      for (const row of r.rows) rows.set(row.key, row);
    }
    return rows;
  }

  /**
   * Breadth-first by levels down the children lists from `root`: each model once, at its shortest distance,
   * under its first-reached parent, children most downloaded first. Nodes down to `depth` join the tree (at
   * most LINEAGE_TREE_LIMIT of them); with `count`, the walk goes to the end and counts the derivatives.
   */
  async function walkDerivatives(
    snap: SnapshotRef,
    root: { node: LineageNode; key: string; children: string[] },
    opts: { depth: number; count: boolean },
  ): Promise<{ counts: DerivativeCounts; maxDepth: number; truncated: boolean }> {
    const maxLevels = opts.count ? Number.POSITIVE_INFINITY : opts.depth;
    const counts: DerivativeCounts = { total: 0, finetune: 0, adapter: 0, quantized: 0, merge: 0 };
    let maxDepth = 0;
    let truncated = false;
    let treeNodes = 0;
    const seen = new Set<string>([root.key]);
    // Each frontier entry: a node and the keys of its children.
    let frontier: { node: LineageNode; children: string[] }[] = [
      { node: root.node, children: root.children },
    ];
    for (let level = 1; frontier.length > 0 && level <= maxLevels; level++) {
      const wanted: string[] = [];
      for (const f of frontier) for (const c of f.children) if (!seen.has(c)) wanted.push(c);
      const rows = await childRows(snap, [...new Set(wanted)]);
      const next: typeof frontier = [];
      for (const f of frontier) {
        const kids = f.children
          .map((c) => [c, rows.get(c)] as const)
          .filter((x): x is readonly [string, ChildRow] => x[1] !== undefined)
          .sort(([ak, a], [bk, b]) => Number(b.downloads) - Number(a.downloads) || (ak < bk ? -1 : 1));
        for (const [childKey, row] of kids) {
          if (seen.has(childKey)) continue;
          seen.add(childKey);
          const node: LineageNode = {
            id: row.id,
            relation: relationOf(row.parent_ids),
            derivatives: Number(row.derivatives),
            downloads: Number(row.downloads),
            children: [],
          };
          if (opts.count) {
            counts.total++;
            const rel = (node.relation ?? 'finetune') as keyof DerivativeCounts;
            if (rel in counts) counts[rel]++;
            maxDepth = level;
          }
          if (level <= opts.depth) {
            if (treeNodes < LINEAGE_TREE_LIMIT) {
              f.node.children.push(node);
              treeNodes++;
            } else truncated = true;
          }
          next.push({ node, children: row.child_keys ? (JSON.parse(row.child_keys) as string[]) : [] });
        }
      }
      frontier = next;
    }
    return { counts, maxDepth, truncated };
  }

  /** A model's derivative counts and, to `depth` levels, its derivative tree. */
  async function lineage(
    id: string,
    opts: { depth: number; at?: string | undefined },
  ): Promise<LineageAnswer> {
    const snap = await snapshotAt(opts.at);
    const key = id.trim().toLowerCase();
    const { self, shownId, childKeys } = await lineageSubject(snap, id, key);
    const parents = ((self?.parent_ids ? JSON.parse(self.parent_ids) : []) as [string, string][]).map(
      ([pid, relation]) => ({ id: pid, relation }),
    );
    const relation = parents[0]?.relation ?? null; // a model's relation is its first parent's
    const rootNode: LineageNode = {
      id: shownId,
      relation,
      derivatives: 0, // set below, once counted
      downloads: Number(self?.downloads ?? 0),
      children: [],
    };
    // Counts come from the stored figures unless the model is missing from the snapshot.
    const walked = await walkDerivatives(
      snap,
      { node: rootNode, key, children: childKeys ? (JSON.parse(childKeys) as string[]) : [] },
      { depth: opts.depth, count: !self },
    );
    const { counts, truncated } = walked;
    let maxDepth = walked.maxDepth;
    if (self) {
      counts.finetune = Number(self.d_finetune);
      counts.adapter = Number(self.d_adapter);
      counts.quantized = Number(self.d_quantized);
      counts.merge = Number(self.d_merge);
      counts.total = counts.finetune + counts.adapter + counts.quantized + counts.merge;
      maxDepth = Number(self.max_depth);
    }
    rootNode.derivatives = counts.total;
    return {
      id: rootNode.id,
      snapshot: snap.takenAt,
      inSnapshot: !!self,
      relation,
      parents,
      root: self?.root_id ?? rootNode.id,
      depth: Number(self?.depth ?? 0),
      derivatives: counts,
      maxDepth,
      tree: opts.depth > 0 ? rootNode : null,
      truncated,
    };
  }

  /** Adds or replaces rows of the analysts' attribution table; returns how many rows it now holds. */
  async function upsertAccounts(
    rows: { account: string; organisation: string; country: string | null }[],
  ): Promise<number> {
    const unique = new Map(
      rows.map((r) => [r.account.toLowerCase(), { ...r, account: r.account.toLowerCase() }]),
    );
    await db.transaction().execute(async (trx) => {
      for (const part of chunk([...unique.values()], 300)) {
        await trx
          .insertInto('hub_accounts')
          .values(part)
          .onConflict((oc) =>
            oc.column('account').doUpdateSet((eb) => ({
              organisation: eb.ref('excluded.organisation'),
              country: eb.ref('excluded.country'),
            })),
          )
          .execute();
      }
    });
    const n = await db
      .selectFrom('hub_accounts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(n.n);
  }

  return { snapshots, snapshotAt, accountsVersion, attributor, rank, trend, lineage, upsertAccounts };
}
