/**
 * `omo verify` quality benchmark (issue 15): runs the engine (`verifyText`) over the annotated article excerpts
 * of bench/verify-corpus/ (real Hindi, Chinese, Russian and English coverage, each with its URL and gold
 * annotations) and prints, per split and per language: mention precision and recall, link accuracy, claim recall
 * (catalog-checkable claims found), verdict accuracy, contradicted claims caught and alarm precision.
 *
 * Matching rules (see bench/verify-corpus/score-verify.ts): a mention matches when its span overlaps a gold
 * mention's and its id is the gold id (or one of the gold `alt` ids); a claim matches when its span overlaps a
 * gold claim's and the types are equal. A claim is catalog-checkable when its gold verdict is not `unverifiable`.
 *
 * The engine may be tuned on the `dev` split only; `test` articles are held out. VERIFY_BENCH_DETAILS=1 lists the
 * errors on the dev split (never on test).
 *
 * Targets (issue 15, on unseen articles): mention recall ≥ 90%, precision ≥ 85%, link accuracy ≥ 90%; claims
 * found ≥ 80% with the right verdict ≥ 80%; ≥ 70% of false claims caught; ≥ 80% of alarms right.
 *
 * Run: npm run bench verify
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCatalog } from '../src/catalog/load-catalog.ts';
import { buildVerifyIndex } from '../src/verify/verify-index.ts';
import { verifyText } from '../src/verify/verify-text.ts';
import {
  type CorpusArticle,
  checkVerifyCorpus,
  readVerifyCorpus,
} from './verify-corpus/read-verify-corpus.ts';
import {
  addCounts,
  emptyCounts,
  scoreArticle,
  type VerifyCounts,
  type VerifyMiss,
  verifyFigures,
} from './verify-corpus/score-verify.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export async function runVerifyBench(): Promise<void> {
  const catalog = loadCatalog(path.join(ROOT, 'catalog'));
  const articles = readVerifyCorpus();
  const problems = checkVerifyCorpus(articles, catalog);
  if (problems.length > 0)
    throw new Error(`verify corpus: ${problems.length} annotation problems, first: ${problems[0]}`);
  const index = buildVerifyIndex({
    version: catalog.hash,
    models: catalog.models,
    orgs: catalog.organizations,
    licenses: catalog.licenses.map((l) => ({ id: l.id, name: l.name, class: l.class, url: l.url ?? null })),
  });

  const groups = new Map<string, VerifyCounts>();
  const add = (key: string, c: VerifyCounts) =>
    groups.set(key, addCounts(groups.get(key) ?? emptyCounts(), c));
  const devMisses: VerifyMiss[] = [];
  let ms = 0;
  for (const a of articles) {
    const started = performance.now();
    const answer = verifyText(a.text, { date: a.published, lang: 'auto' }, index);
    ms += performance.now() - started;
    const { counts, misses } = scoreArticle(a, answer);
    for (const key of ['all', a.split, a.language, `${a.language} ${a.split}`]) add(key, counts);
    if (a.split === 'dev') devMisses.push(...misses);
  }

  const order = ['all', 'dev', 'test', ...languages(articles).flatMap((l) => [l, `${l} dev`, `${l} test`])];
  const pct = (x: number | null) => (x === null ? '—' : `${(100 * x).toFixed(1)}%`);
  const header = [
    'group',
    'articles',
    'mention P',
    'mention R',
    'link acc',
    'claims found',
    'verdict acc',
    'caught',
    'alarm P',
  ];
  const rows = order
    .filter((k) => groups.has(k))
    .map((k) => {
      const c = groups.get(k) as VerifyCounts;
      const f = verifyFigures(c);
      return [
        k,
        String(c.articles),
        `${pct(f.mentionPrecision)} (${c.matchedPredictedMentions}/${c.predictedMentions})`,
        `${pct(f.mentionRecall)} (${c.matchedGoldMentions}/${c.goldMentions})`,
        `${pct(f.linkAccuracy)} (${c.rightlyLinkedMentions}/${c.linkedMentions})`,
        `${pct(f.claimRecall)} (${c.foundCheckableClaims}/${c.checkableClaims})`,
        `${pct(f.verdictAccuracy)} (${c.rightVerdicts}/${c.foundCheckableClaims})`,
        `${pct(f.contradictedCaught)} (${c.caughtContradicted}/${c.goldContradicted})`,
        `${pct(f.alarmPrecision)} (${c.rightAlarms}/${c.alarms})`,
      ];
    });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const fmt = (r: string[]) =>
    r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ');
  console.log(fmt(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(fmt(r));
  console.log(
    `${articles.length} articles verified in ${ms.toFixed(0)} ms (engine time only, catalog index built once)`,
  );
  console.log(
    'targets on test: mention R ≥ 90%, P ≥ 85%, link ≥ 90%; claims found ≥ 80%, verdicts ≥ 80%; caught ≥ 70%; alarms ≥ 80%',
  );
  if (process.env.VERIFY_BENCH_DETAILS === '1') {
    console.log(`\nerrors on the dev split (${devMisses.length}):`);
    for (const m of devMisses) console.log(`  ${m.article}  ${m.what}: "${m.text}" — ${m.detail}`);
  }
}

function languages(articles: readonly CorpusArticle[]): string[] {
  const order = ['en', 'hi', 'zh', 'ru'];
  return order.filter((l) => articles.some((a) => a.language === l));
}
