// Turns llmfit's model list (boards/hub-listing/llmfit-hf_models.json, a verbatim copy of AlexsJones/llmfit
// llmfit-core/data/hf_models.json) into the JSON Lines of /api/models items that `omo ingest hub` reads.
// Plain JavaScript with no dependencies, so it runs anywhere: the output is committed beside its input and
// this script is how to make it again.
//   node scripts/hub-listing-from-llmfit.mjs [input.json] [output.jsonl]
//
// What each line keeps (the rest of llmfit's fields are its own estimates, not the Hub's):
//   id           ← name (a Hub repo id)
//   downloads    ← hf_downloads (the Hub's /api/models `downloads`: the last 30 days, as llmfit's scraper read it)
//   likes        ← hf_likes
//   pipeline_tag ← pipeline_tag, unless llmfit wrote "unknown"
//   createdAt    ← release_date (llmfit's scraper fills it with the day of the Hub's createdAt), when present
// Dropped, with a line on standard error for each: entries whose hf_downloads is missing or 0 (llmfit's
// hand-written fallbacks, whose count was never read from the Hub), and a second entry for an id already seen
// (the Hub's ids are case-insensitive; the first entry is kept).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
const input = process.argv[2] ?? path.join(ROOT, 'boards/hub-listing/llmfit-hf_models.json');
const output = process.argv[3] ?? path.join(ROOT, 'boards/hub-listing/llmfit-2026-05-09.jsonl');

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function fail(message) {
  process.stderr.write(`${path.relative(ROOT, input)}: ${message}\n`);
  process.exit(2);
}

const entries = JSON.parse(readFileSync(input, 'utf8'));
if (!Array.isArray(entries)) fail('expected a JSON array of models');

/** Lower-cased id → the item kept for it. */
const kept = new Map();
let noCount = 0;
entries.forEach((entry, index) => {
  const where = `entry ${index + 1}`;
  if (typeof entry?.name !== 'string') fail(`${where}: name: expected a Hub repo id string`);
  const downloads = entry.hf_downloads;
  if (downloads === undefined || downloads === null || downloads === 0) {
    noCount += 1;
    process.stderr.write(`skipped ${entry.name}: no download count (hf_downloads ${downloads})\n`);
    return;
  }
  if (!Number.isSafeInteger(downloads) || downloads < 0)
    fail(`${where}: hf_downloads: not a whole number ≥ 0`);
  const likes = entry.hf_likes ?? 0;
  if (!Number.isSafeInteger(likes) || likes < 0) fail(`${where}: hf_likes: not a whole number ≥ 0`);
  const item = { id: entry.name, downloads, likes };
  if (typeof entry.pipeline_tag === 'string' && entry.pipeline_tag !== 'unknown')
    item.pipeline_tag = entry.pipeline_tag;
  if (typeof entry.release_date === 'string') {
    if (!DAY.test(entry.release_date)) fail(`${where}: release_date: expected YYYY-MM-DD`);
    item.createdAt = `${entry.release_date}T00:00:00.000Z`;
  }
  const key = entry.name.toLowerCase();
  const seen = kept.get(key);
  if (seen) {
    process.stderr.write(`skipped a second entry for ${item.id} (kept ${seen.id})\n`);
    return;
  }
  kept.set(key, item);
});

const lines = [...kept.values()].map((item) => JSON.stringify(item));
writeFileSync(output, `${lines.join('\n')}\n`);
process.stderr.write(
  `${path.relative(ROOT, output)}: ${lines.length} models (${entries.length} entries, ${noCount} without a count, ` +
    `${entries.length - noCount - lines.length} duplicate ids)\n`,
);
