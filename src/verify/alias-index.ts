import type { MentionKind } from '../domain/verify.ts';
import { prepareText } from './prepare-text.ts';
import { familyBase, familyMembers, familySlug, type VerifyCatalog } from './verify-catalog.ts';

/** What a name can stand for. `context`: a short form ("R1", "V3") counts only after one of these orgs is named. */
export interface NameTarget {
  kind: MentionKind;
  id: string;
  rank: number;
  context?: string[];
}

interface TrieNode {
  next: Map<string, TrieNode>;
  targets: NameTarget[] | null;
}

/** The alias index of one catalog version: a trie of folded names and what they stand for. */
export interface AliasIndex {
  root: TrieNode;
  /** The longest key, in UTF-16 units: no walk goes further. */
  maxKey: number;
  families: Map<string, { name: string; members: string[] }>;
  /** The maker org ids of each model and family id: naming one makes its makers' short forms readable. */
  makers: Map<string, string[]>;
}

/** Characters a name may be written with or without: "Qwen 2.5" = "Qwen2.5" = "Qwen-2.5". */
export const isSeparator = (c: string | undefined) =>
  c === ' ' || c === '-' || c === '_' || c === '·' || c === '・' || c === '\t' || c === '–';

const RANK = { modelName: 50, familyName: 40, modelAlias: 35, org: 30, derived: 20, base: 15, short: 10 };

/** A name as the trie holds it: prepared, lower-cased, separators dropped. */
export function foldName(name: string): string {
  let out = '';
  for (const c of prepareText(name).lower) if (!isSeparator(c)) out += c;
  return out;
}

const CYRILLIC = /[\u0400-\u04ff]$/;

export function buildAliasIndex(catalog: VerifyCatalog): AliasIndex {
  const root: TrieNode = { next: new Map(), targets: null };
  let maxKey = 0;
  const add = (name: string | null | undefined, target: NameTarget) => {
    if (!name) return;
    const key = foldName(name);
    if (key.length < 2 && !/[\u3400-\u9fff]/.test(key)) return;
    if (/^\d+(?:\.\d+)?$/.test(key)) return;
    insert(key, target);
    // Russian declines names: "Алибаба" is "Алибабы", "Алибабе"; the stem matches with an ending (see findMentions).
    if (CYRILLIC.test(key) && /[аяоьйе]$/.test(key) && key.length > 3) insert(key.slice(0, -1), target);
  };
  const insert = (key: string, target: NameTarget) => {
    let node = root;
    for (const c of key) {
      let n = node.next.get(c);
      if (!n) {
        n = { next: new Map(), targets: null };
        node.next.set(c, n);
      }
      node = n;
    }
    maxKey = Math.max(maxKey, key.length);
    const list = node.targets ?? [];
    if (!list.some((t) => t.kind === target.kind && t.id === target.id && t.rank >= target.rank))
      list.push(target);
    list.sort((a, b) => b.rank - a.rank || a.kind.localeCompare(b.kind) || a.id.localeCompare(b.id));
    node.targets = list;
  };

  const models = [...catalog.models].sort((a, b) => a.id.localeCompare(b.id));
  for (const o of catalog.orgs) {
    const t: NameTarget = { kind: 'org', id: o.id, rank: RANK.org };
    add(o.id, t);
    add(o.name, t);
    add(o.nativeName, t);
    for (const a of o.aliases) add(a, t);
    for (const h of o.huggingFace) add(h, t);
  }
  const families = familyMembers(models);
  for (const [slug, f] of families) {
    const exact = models.some((m) => m.family && familySlug(m.family) === slug);
    add(f.name, { kind: 'family', id: `family:${slug}`, rank: exact ? RANK.familyName : RANK.base });
  }
  for (const m of models) {
    const name: NameTarget = { kind: 'model', id: m.id, rank: RANK.modelName };
    add(m.name, name);
    add(m.id, name);
    add(m.id.split('/').pop(), name);
    for (const h of m.huggingFace) {
      add(h, name);
      add(h.split('/').pop(), name);
    }
    for (const a of m.aliases) add(a, { kind: 'model', id: m.id, rank: RANK.modelAlias });
    // "Qwen2.5-72B" for Qwen2.5-72B-Instruct when no model bears that name.
    const bare = m.name.replace(/[-\s](?:instruct|chat|it|hf)$/i, '');
    if (bare !== m.name) add(bare, { kind: 'model', id: m.id, rank: RANK.derived });
  }
  // Short forms: "R1", "V3", "K2" once the maker (or the line: "DeepSeek", "Kimi") has been named.
  const orgById = new Map(catalog.orgs.map((o) => [o.id, o]));
  for (const m of models) {
    const prefixes = new Set<string>();
    for (const ref of m.organizations) {
      const o = orgById.get(ref.id);
      if (!o) continue;
      for (const n of [o.name, o.id, ...o.aliases, ...o.huggingFace]) prefixes.add(foldName(n));
    }
    if (m.family) {
      prefixes.add(foldName(m.family));
      const base = familyBase(m.family);
      if (base) prefixes.add(foldName(base));
    }
    const folded = foldName(m.name);
    for (const p of prefixes) {
      if (p.length < 2 || !folded.startsWith(p)) continue;
      const rest = folded.slice(p.length);
      if (rest.length < 2 || rest.length > 8 || !/^[a-z]+\d/.test(rest) || !/\d/.test(rest)) continue;
      insertShort(rest, {
        kind: 'model',
        id: m.id,
        rank: RANK.short,
        context: m.organizations.map((o) => o.id),
      });
    }
  }
  function insertShort(key: string, target: NameTarget) {
    insert(key, target);
  }
  const makers = new Map<string, string[]>();
  for (const m of models)
    makers.set(
      m.id,
      m.organizations.map((o) => o.id),
    );
  for (const [slug, f] of families)
    makers.set(`family:${slug}`, [...new Set(f.members.flatMap((id) => makers.get(id) ?? []))]);
  return { root, maxKey, families, makers };
}
