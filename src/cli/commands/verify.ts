import { readFileSync, readSync } from 'node:fs';
import { Command } from 'commander';
import type { Claim, VerifyResult } from '../../domain/verify.ts';
import { judgeRankingShares } from '../../verify/judge-ranking-shares.ts';
import { readVerifyIndex } from '../../verify/read-verify-index.ts';
import { checkDate, checkLang, MAX_VERIFY_BYTES, textOfBytes } from '../../verify/verify-input.ts';
import { verifyText } from '../../verify/verify-text.ts';
import { withSnapshot } from '../context.ts';
import { printJson, writeOut } from '../output.ts';

const MARK: Record<Claim['verdict'], string> = {
  supported: '✓ supported',
  contradicted: '✗ contradicted',
  partly: '~ partly',
  unverifiable: '? unverifiable',
};

export function verifyCommand(): Command {
  return new Command('verify')
    .description(
      'Check the claims of an article (Hindi, Chinese, English or Russian; text or HTML) against the catalog',
    )
    .argument('<file>', 'the article: a UTF-8 text or HTML file, or - for standard input')
    .option('--date <YYYY-MM-DD>', 'the article\'s publication date, for relative dates such as "last month"')
    .option('--lang <lang>', 'auto (by script), en, hi, zh or ru', 'auto')
    .option('--json', 'print { language, mentions, claims } (the same object as POST /api/verify)')
    .action(async (file: string, o: { date?: string; lang?: string; json?: boolean }, cmd: Command) => {
      const date = checkDate(o.date, '--date');
      const lang = checkLang(o.lang, '--lang');
      const bytes = file === '-' ? readStdin() : readFileSync(file);
      const text = textOfBytes(bytes, file === '-' ? 'standard input' : file);
      const result = await withSnapshot(cmd, async (deps) => {
        const options = { ...(date ? { date } : {}), ...(lang ? { lang } : {}) };
        return judgeRankingShares(verifyText(text, options, await readVerifyIndex(deps)), deps, date);
      });
      if (o.json) return printJson(result);
      writeOut(renderVerify(result));
    });
}

/** Standard input, refused past the limit without reading all of it. */
function readStdin(): Uint8Array {
  const chunks: Buffer[] = [];
  let size = 0;
  const buf = Buffer.alloc(65536);
  for (;;) {
    let n: number;
    try {
      n = readSync(0, buf);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EAGAIN') continue;
      if ((e as NodeJS.ErrnoException).code === 'EOF') break;
      throw e;
    }
    if (n === 0) break;
    chunks.push(Buffer.from(buf.subarray(0, n)));
    size += n;
    if (size > MAX_VERIFY_BYTES) break;
  }
  return Buffer.concat(chunks);
}

/** The human output: the mentions found, then each claim with its verdict, explanation and evidence. */
export function renderVerify(r: VerifyResult): string {
  const lines: string[] = [];
  lines.push(`language ${r.language}; ${r.mentions.length} mentions; ${r.claims.length} claims`);
  if (r.mentions.length) {
    const seen = new Map<string, Set<string>>();
    for (const m of r.mentions) seen.set(m.id, (seen.get(m.id) ?? new Set()).add(m.text));
    lines.push('', 'mentions');
    for (const [id, names] of seen)
      lines.push(`  ${id}  (${[...names].map((n) => JSON.stringify(n)).join(', ')})`);
  }
  for (const c of r.claims) {
    lines.push('', `${MARK[c.verdict]}  ${c.type}  ${c.subjects.join(', ')}  [${c.start}–${c.end}]`);
    lines.push(`  text: ${oneLine(c.text)}`);
    lines.push(`  stated: ${JSON.stringify(c.stated)}`);
    lines.push(`  ${c.explanation}`);
    for (const e of c.evidence)
      lines.push(
        `  evidence: ${e.id} ${e.field} = ${JSON.stringify(e.value)} — ${e.source.title} <${e.source.url}>`,
      );
  }
  if (r.claims.length === 0) lines.push('', 'No checkable claims found.');
  return `${lines.join('\n')}\n`;
}

const oneLine = (s: string) => {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > 300 ? `${flat.slice(0, 297)}…` : flat;
};
