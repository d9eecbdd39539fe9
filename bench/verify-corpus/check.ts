/**
 * Checks the annotated verify corpus against the catalog: every span's text is its code-point slice, every
 * mention id and claim subject exists (models, organisations, `family:<slug>`), kinds agree. Prints the counts
 * per language and split. Exit code 1 on any problem.
 *
 * Run: npx tsx bench/verify-corpus/check.ts
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCatalog } from '../../src/catalog/load-catalog.ts';
import { checkVerifyCorpus, readVerifyCorpus } from './read-verify-corpus.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const articles = readVerifyCorpus();
const problems = checkVerifyCorpus(articles, loadCatalog(path.join(root, 'catalog')));
const counts = new Map<string, number>();
for (const a of articles)
  counts.set(`${a.language}/${a.split}`, (counts.get(`${a.language}/${a.split}`) ?? 0) + 1);
const claims = articles.flatMap((a) => a.claims);
console.log(
  `${articles.length} articles (${[...counts].map(([k, n]) => `${k} ${n}`).join(', ')}), ` +
    `${articles.reduce((n, a) => n + a.mentions.length, 0)} mentions, ${claims.length} claims ` +
    `(${['supported', 'contradicted', 'partly', 'unverifiable'].map((v) => `${v} ${claims.filter((c) => c.gold_verdict === v).length}`).join(', ')})`,
);
for (const p of problems) console.error(p);
process.exit(problems.length > 0 ? 1 : 0);
