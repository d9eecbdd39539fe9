/**
 * Synthetic Hugging Face Hub dumps for the hub benchmark: one `/api/models` item per line (JSON Lines), in the
 * shape the Hub returns with `expand[]=author,cardData,createdAt,downloads,downloadsAllTime,likes,tags,…`.
 *
 * What makes them realistic enough to measure with:
 * - a few hundred organisations (the catalog's real Hub accounts among them) publish base models; ~100k users
 *   publish derivatives, with a heavy tail (a handful of quantisers publish tens of thousands);
 * - derivatives pick their parent by preferential attachment (popular bases attract most derivatives), trees
 *   reach depth 5, quantisations are almost always leaves, merges have 2–3 parents;
 * - createdAt grows exponentially over 2022-01 … 2026-06; downloads are log-normal with a Pareto tail,
 *   downloadsAllTime ≥ downloads, likes follow downloads;
 * - the noise real dumps have: a few self-references, references to models missing from the dump, a cycle.
 *
 * Also writes the accounts table (`account,organisation,country`) that attributes the synthetic organisations.
 *
 * Run alone: npx tsx bench/hub-generate.ts [models] [out.jsonl]
 */
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface GenerateOptions {
  models: number;
  /** JSON Lines output file. */
  file: string;
  /** Accounts CSV output file (account,organisation,country). */
  accountsFile?: string;
  seed?: number;
}

export interface GenerateResult {
  models: number;
  bytes: number;
  /** The model with the most derivatives' first ancestor: a good lineage question. */
  biggestRoot: string;
}

/** mulberry32: small, fast, deterministic. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Real Hub accounts of catalog organisations, so catalog attribution is exercised too. */
const CATALOG_ACCOUNTS = [
  'Qwen',
  'deepseek-ai',
  'meta-llama',
  'mistralai',
  'google',
  'microsoft',
  'nvidia',
  'THUDM',
  'zai-org',
  '01-ai',
  'internlm',
  'moonshotai',
  'MiniMaxAI',
  'tencent',
  'baidu',
  'ByteDance-Seed',
  'allenai',
  'HuggingFaceTB',
  'ibm-granite',
  'tiiuae',
  'CohereLabs',
  'openbmb',
  'stabilityai',
  'EleutherAI',
  'bigscience',
  'apple',
  'openai',
  'LGAI-EXAONE',
  'upstage',
  'XiaomiMiMo',
];
const COUNTRIES = ['US', 'CN', 'US', 'CN', 'FR', 'DE', 'GB', 'KR', 'JP', 'CA', 'AE', 'IN', 'SG', 'IL', 'CH'];
const FAMILIES = ['Llama', 'Qwen', 'Mistral', 'Gemma', 'Phi', 'GLM', 'Yi', 'InternLM', 'Falcon', 'Granite'];
const SIZES = ['0.5B', '1.5B', '3B', '7B', '8B', '13B', '14B', '32B', '70B', '72B'];
const QUANT_SUFFIXES = ['GGUF', 'AWQ', 'GPTQ-Int4', 'i1-GGUF', 'exl2', 'bnb-4bit', 'MLX-4bit', 'FP8'];
const FT_SUFFIXES = [
  'Instruct',
  'chat',
  'sft',
  'dpo',
  'orpo',
  'code',
  'math',
  'roleplay',
  'uncensored',
  'it',
];
const ADAPTER_SUFFIXES = ['lora', 'qlora', 'LoRA-r16', 'adapter', 'peft'];
const LICENSES = ['apache-2.0', 'mit', 'llama3.1', 'other', 'gemma', 'cc-by-nc-4.0', 'openrail'];
const LANGS = ['en', 'zh', 'fr', 'de', 'ko', 'ja', 'es'];

const REL_WEIGHTS: [string, number][] = [
  ['quantized', 0.36],
  ['finetune', 0.38],
  ['adapter', 0.18],
  ['merge', 0.08],
];

const START = Date.UTC(2022, 0, 1);
const END = Date.UTC(2026, 5, 30);

function hex(r: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += ((r() * 16) | 0).toString(16);
  return s;
}

export async function generateHubDump(opts: GenerateOptions): Promise<GenerateResult> {
  const r = rng(opts.seed ?? 20260601);
  const n = opts.models;
  await mkdir(path.dirname(path.resolve(opts.file)), { recursive: true });

  // Organisations: the catalog's accounts plus synthetic ones with countries.
  const orgCount = 320;
  const orgs: { account: string; country: string }[] = CATALOG_ACCOUNTS.map((account) => ({
    account,
    country: '',
  }));
  for (let i = orgs.length; i < orgCount; i++) {
    orgs.push({ account: `org-${i}-labs`, country: COUNTRIES[(r() * COUNTRIES.length) | 0] ?? 'US' });
  }
  if (opts.accountsFile) {
    const lines = ['account,organisation,country'];
    for (const o of orgs)
      if (o.country) lines.push(`${o.account},${o.account.replace(/-labs$/, '')},${o.country}`);
    await writeFile(opts.accountsFile, `${lines.join('\n')}\n`);
  }
  const userCount = 100_000;
  // Zipf-like pick of a user: a few prolific quantisers, a long tail of one-model users.
  const pickUser = () => `user${Math.floor(userCount * r() ** 3)}`;

  const ids: string[] = new Array(n);
  const depth = new Uint8Array(n);
  const isQuant = new Uint8Array(n);
  // Preferential attachment: every model enters the urn once; each child adds its parent once more.
  const urn = new Int32Array(n * 2 + 16);
  let urnSize = 0;
  const children = new Int32Array(n);
  const taken = new Set<string>();
  const uniqueId = (base: string) => {
    let id = base;
    for (let k = 2; taken.has(id.toLowerCase()); k++) id = `${base}-v${k}`;
    taken.add(id.toLowerCase());
    return id;
  };
  const growth = Math.log(60);

  const out = createWriteStream(opts.file);
  let bytes = 0;
  let buffer = '';
  const flush = async () => {
    if (!out.write(buffer)) await new Promise<void>((res) => out.once('drain', () => res()));
    bytes += Buffer.byteLength(buffer);
    buffer = '';
  };

  for (let i = 0; i < n; i++) {
    // createdAt grows exponentially: the i-th model of n sits at the inverse CDF of e^(g·t).
    const u = (i + r()) / n;
    const t = Math.log(1 + u * (Math.exp(growth) - 1)) / growth;
    const created = new Date(START + t * (END - START));
    const isBase = i < 400 || r() < 0.3;
    let author: string;
    let id: string;
    let relation: string | null = null;
    const parents: number[] = [];
    if (isBase) {
      const byOrg = i < 400 || r() < 0.05;
      author = byOrg ? (orgs[(r() ** 2 * orgs.length) | 0]?.account ?? 'org') : pickUser();
      const family = FAMILIES[(r() * FAMILIES.length) | 0] ?? 'Llama';
      const size = SIZES[(r() * SIZES.length) | 0] ?? '7B';
      id = uniqueId(`${author}/${family}-${1 + ((r() * 4) | 0)}-${size}${r() < 0.5 ? '-Instruct' : ''}`);
    } else {
      author = pickUser();
      let x = r();
      relation = 'finetune';
      for (const [rel, w] of REL_WEIGHTS) {
        if (x < w) {
          relation = rel;
          break;
        }
        x -= w;
      }
      const wanted = relation === 'merge' ? 2 + (r() < 0.3 ? 1 : 0) : 1;
      for (let tries = 0; parents.length < wanted && tries < 20; tries++) {
        const p = urn[(r() * urnSize) | 0] ?? 0;
        if ((depth[p] ?? 0) >= 5 || parents.includes(p)) continue;
        if (isQuant[p] && r() > 0.02) continue; // quantisations are mostly leaves
        parents.push(p);
      }
      if (parents.length === 0) parents.push(urn[(r() * Math.min(urnSize, 400)) | 0] ?? 0);
      const first = parents[0] ?? 0;
      const baseName = (ids[first] ?? 'x/base').split('/')[1] ?? 'base';
      const suffix =
        relation === 'quantized'
          ? QUANT_SUFFIXES[(r() * QUANT_SUFFIXES.length) | 0]
          : relation === 'adapter'
            ? ADAPTER_SUFFIXES[(r() * ADAPTER_SUFFIXES.length) | 0]
            : relation === 'merge'
              ? 'merge'
              : FT_SUFFIXES[(r() * FT_SUFFIXES.length) | 0];
      id = uniqueId(`${author}/${baseName.slice(0, 60)}-${suffix}`);
      depth[i] = Math.min(5, Math.max(...parents.map((p) => depth[p] ?? 0)) + 1);
      isQuant[i] = relation === 'quantized' ? 1 : 0;
      for (const p of parents) {
        urn[urnSize++] = p;
        children[p] = (children[p] ?? 0) + 1;
      }
    }
    ids[i] = id;
    if (urnSize < urn.length) urn[urnSize++] = i;

    const parentIds = parents.map((p) => ids[p] ?? '');
    // Noise: dangling references, self-references, one cycle.
    if (parentIds.length > 0 && r() < 0.01) parentIds[0] = `${pickUser()}/deleted-model-${i}`;
    if (i % 250_000 === 1000 && relation) parentIds.push(id);
    if (i === 500 || i === 501) {
      // A two-model cycle with fixed names (each lists the other as its base).
      ids[i] = id = i === 500 ? 'loop-lab/Loop-A' : 'loop-lab/Loop-B';
      author = 'loop-lab';
      relation = 'finetune';
      parentIds.splice(0, parentIds.length, i === 500 ? 'loop-lab/Loop-B' : 'loop-lab/Loop-A');
    }

    const months = Math.max(1, (END - created.getTime()) / (30 * 86400e3));
    const dl30 = Math.floor(Math.exp(2 + r() * 2.5 + (r() < 0.02 ? r() * 8 : 0)) - 7);
    const downloads = Math.max(0, dl30);
    const downloadsAllTime = downloads + Math.floor(downloads * months * (0.2 + r()));
    const likes = Math.floor((downloads / 400) * r() + (r() < 0.1 ? r() * 20 : 0));
    const lastModified = new Date(created.getTime() + r() * (END - created.getTime()) * 0.1);
    const license = LICENSES[(r() * LICENSES.length) | 0] ?? 'mit';
    const lang = LANGS[(r() ** 2 * LANGS.length) | 0] ?? 'en';
    const quantized = relation === 'quantized';
    const library = quantized && r() < 0.7 ? 'gguf' : relation === 'adapter' ? 'peft' : 'transformers';
    const tags = [library, 'safetensors', 'text-generation', 'conversational', lang];
    for (const p of parentIds) tags.push(`base_model:${p}`);
    for (const p of parentIds) tags.push(`base_model:${relation}:${p}`);
    tags.push(`license:${license}`, 'endpoints_compatible', 'region:us');
    const cardData: Record<string, unknown> = { license, language: [lang], library_name: library };
    if (parentIds.length > 0) {
      cardData.base_model = parentIds.length === 1 && r() < 0.6 ? parentIds[0] : parentIds;
      if (r() < 0.7) cardData.base_model_relation = relation;
    }
    if (quantized) cardData.quantized_by = author;
    const item = {
      _id: hex(r, 24),
      id,
      author,
      gated: false,
      lastModified: lastModified.toISOString(),
      likes,
      private: false,
      pipeline_tag: 'text-generation',
      library_name: library,
      tags,
      downloads,
      downloadsAllTime,
      createdAt: created.toISOString(),
      cardData,
      modelId: id,
    };
    buffer += `${JSON.stringify(item)}\n`;
    if (buffer.length > 1 << 20) await flush();
  }
  await flush();
  await new Promise<void>((res, rej) => out.end((e?: Error | null) => (e ? rej(e) : res())));

  let best = 0;
  for (let i = 1; i < Math.min(n, 400); i++) if ((children[i] ?? 0) > (children[best] ?? 0)) best = i;
  return { models: n, bytes, biggestRoot: ids[best] ?? '' };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const models = Number(process.argv[2] ?? 1_000_000);
  const file = process.argv[3] ?? `hub-${models}.jsonl`;
  const t0 = performance.now();
  const result = await generateHubDump({
    models,
    file,
    accountsFile: `${file.replace(/\.jsonl$/, '')}-accounts.csv`,
  });
  console.log(
    `${result.models} models, ${(result.bytes / 1e6).toFixed(0)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s → ${file}; biggest root ${result.biggestRoot}`,
  );
}
