import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCatalog } from '../src/catalog/load-catalog.ts';
import { buildVerifyIndex } from '../src/verify/verify-index.ts';
import { verifyText } from '../src/verify/verify-text.ts';

/**
 * How `verifyText` scales with the text (issue 15: linear, a 1 MB text in a few seconds): generated articles of
 * 64 KB to 2 MB in the four scripts, with names, dates, counts and HTML, verified against the bundled catalog.
 * Prints milliseconds per size and per MB; a time per MB that grows with the size would mean a super-linear step.
 *
 * Run: npm run bench verify-speed
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const PARTS = [
  'DeepSeek released DeepSeek-R1 on January 20, 2025 with 671 billion parameters and 37B active. ',
  '<p>QwQ-32B matches <b>DeepSeek-R1</b> with 5% of the parameters &amp; is open-source under Apache 2.0.</p> ',
  '深度求索于2024年12月26日发布DeepSeek-V3，拥有6710亿参数，激活参数370亿。',
  'डीपसीक ने 20 जनवरी 2025 को R1 जारी किया, जिसमें 671 अरब पैरामीटर हैं। ',
  'Компания DeepSeek представила V3 в прошлом месяце: 671 млрд параметров, MMLU 88.5. ',
  'Kimi K2 beats Qwen 2.5 on MMLU; 41 of the top 100 models are Chinese. 🚀 ',
];

export async function runVerifySpeedBench(): Promise<void> {
  const catalog = loadCatalog(path.join(ROOT, 'catalog'));
  let started = performance.now();
  const index = buildVerifyIndex({
    version: catalog.hash,
    models: catalog.models,
    orgs: catalog.organizations,
    licenses: catalog.licenses.map((l) => ({ id: l.id, name: l.name, class: l.class, url: l.url ?? null })),
  });
  console.log(
    `index of ${catalog.models.length} models built in ${Math.round(performance.now() - started)} ms`,
  );
  const rows: string[][] = [];
  for (const kb of [64, 256, 1024, 2048]) {
    let text = '';
    for (let i = 0; Buffer.byteLength(text) < kb * 1024; i++) text += PARTS[i % PARTS.length];
    const bytes = Buffer.byteLength(text);
    started = performance.now();
    const r = verifyText(text, { date: '2025-03-01' }, index);
    const ms = performance.now() - started;
    rows.push([
      `${(bytes / 1024).toFixed(0)} KB`,
      String(r.mentions.length),
      String(r.claims.length),
      `${Math.round(ms)} ms`,
      `${Math.round(ms / (bytes / 1048576))} ms/MB`,
    ]);
  }
  const header = ['text', 'mentions', 'claims', 'time', 'per MB'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  console.log(line(header));
  for (const r of rows) console.log(line(r));
}
