import { readFileSync, statSync } from 'node:fs';
import cliProgress from 'cli-progress';
import { Command } from 'commander';
import type { LineageIssues } from '../../analysis/lineage.ts';
import { isCountryCode } from '../../domain/countries.ts';
import { BadRequestError } from '../../domain/errors.ts';
import { decodeUtf8 } from '../../domain/utf8-text.ts';
import { parseCsv } from '../../sources/csv/parse-csv.ts';
import { type IngestHubResult, type IngestProgress, ingestHub } from '../../store/hub-ingest.ts';
import { parseAt } from '../../store/hub-repo.ts';
import { lowerPriority, parseNice } from '../batch-priority.ts';
import { withDeps } from '../context.ts';
import { printJson, writeErr, writeOut } from '../output.ts';

/** Progress on standard error: a bar (records/s, ETA against the file size) on a terminal, phase lines otherwise. */
export function ingestProgress(totalBytes: number | null): {
  onProgress(p: IngestProgress): void;
  stop(): void;
} {
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: '{phase} [{bar}] {percentage}% | {records} models | {rate} models/s | ETA {eta_formatted}',
        stream: process.stderr,
        hideCursor: true,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    );
    const started = Date.now();
    let phase = '';
    bar.start(totalBytes ?? 1, 0, { phase: 'reading', records: 0, rate: 0 });
    return {
      onProgress(p) {
        const rate = Math.round(p.records / Math.max(0.001, (Date.now() - started) / 1000));
        if (p.phase === 'writing') {
          if (phase !== 'writing') bar.setTotal(p.toWrite ?? 1);
          bar.update(p.written ?? 0, { phase: 'writing', records: p.records.toLocaleString('en-US'), rate });
        } else if (p.phase === 'reading') {
          bar.update(totalBytes ? p.bytesRead : 0, {
            phase: 'reading',
            records: p.records.toLocaleString('en-US'),
            rate,
          });
        } else bar.update({ phase: p.phase });
        phase = p.phase;
      },
      stop: () => bar.stop(),
    };
  }
  let phase = '';
  return {
    onProgress(p) {
      if (process.env.OMO_TEST_HOLD_WRITING === '1') holdWhileWriting(p);
      if (p.phase === phase || p.phase === 'done') return;
      phase = p.phase;
      const what =
        p.phase === 'reading'
          ? 'reading the dump'
          : p.phase === 'lineage'
            ? 'computing lineage'
            : 'writing the snapshot';
      writeErr(`${what}… (${p.records.toLocaleString('en-US')} models)\n`);
    },
    stop: () => {},
  };
}

/**
 * A test hook (`OMO_TEST_HOLD_WRITING=1`): once some rows of a snapshot are written inside its transaction, say so
 * on standard error and block this thread for good, so that a test kills the process at a known point of the write
 * instead of guessing one with a sleep. Nothing can commit while this thread is blocked.
 */
function holdWhileWriting(p: IngestProgress): void {
  if (p.phase !== 'writing' || !p.written || p.written >= (p.toWrite ?? 0)) return;
  writeErr(`holding the write after ${p.written} of ${p.toWrite} models (OMO_TEST_HOLD_WRITING)\n`);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
}

function describeIssues(i: LineageIssues): string {
  const parts = [
    `${i.selfReferences} self-reference${i.selfReferences === 1 ? '' : 's'}`,
    `${i.cycles} cycle${i.cycles === 1 ? '' : 's'}${
      i.cycleExamples.length
        ? ` (${i.cycleExamples
            .slice(0, 3)
            .map((c) => c.join(' → '))
            .join('; ')})`
        : ''
    }`,
    `${i.danglingReferences.toLocaleString('en-US')} reference${i.danglingReferences === 1 ? '' : 's'} to models missing from the snapshot${i.danglingExamples.length ? ` (e.g. ${i.danglingExamples.slice(0, 3).join(', ')})` : ''}`,
  ];
  return `lineage: ${parts.join(', ')}`;
}

export function printIngestResult(r: IngestHubResult): void {
  const s = r.snapshot;
  if (!r.changed) {
    writeOut(
      `unchanged: this dump is already snapshot ${s.id} taken at ${s.takenAt} (${s.models.toLocaleString('en-US')} models)\n`,
    );
    return;
  }
  writeOut(
    `${r.replaced ? 'replaced' : 'added'} snapshot ${s.id} taken at ${s.takenAt}: ${s.models.toLocaleString('en-US')} models, ${s.edges.toLocaleString('en-US')} base-model edges (${s.source})\n`,
  );
  writeOut(`${describeIssues(r.issues)}\n`);
  if (r.skipped.count > 0) {
    writeOut(`skipped ${r.skipped.count} bad line${r.skipped.count === 1 ? '' : 's'}:\n`);
    for (const b of r.skipped.lines) writeOut(`  line ${b.line}: ${b.reason}\n`);
    if (r.skipped.count > r.skipped.lines.length)
      writeOut(`  … and ${r.skipped.count - r.skipped.lines.length} more\n`);
  }
}

/** The rows of an accounts CSV file (UTF-8: other bytes would store names with U+FFFD in them). */
function readAccountsCsv(file: string): ReturnType<typeof parseAccountsCsv> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    throw new BadRequestError('file_not_found', `cannot read ${file}: no such file`);
  }
  let text: string;
  try {
    text = decodeUtf8(bytes, file);
  } catch (e) {
    throw new BadRequestError('invalid_csv', (e as Error).message);
  }
  return parseAccountsCsv(text, file);
}

/** `account,organisation,country` rows (RFC 4180 CSV, so quoted names may hold commas); country may be empty. */
export function parseAccountsCsv(
  text: string,
  file: string,
): { account: string; organisation: string; country: string | null }[] {
  let rows: { cells: string[]; line: number }[];
  try {
    rows = parseCsv(text, file);
  } catch (e) {
    throw new BadRequestError('invalid_csv', (e as Error).message);
  }
  const [head, ...body] = rows;
  const header = (head?.cells ?? []).map((h) => h.trim().toLowerCase()).join(',');
  if (header !== 'account,organisation,country' && header !== 'account,organization,country') {
    throw new BadRequestError(
      'invalid_csv',
      `${file}:1: expected the header "account,organisation,country", got "${header}"`,
    );
  }
  return body.map(({ cells: raw, line }) => {
    const cells = raw.map((c) => c.trim());
    const [account = '', organisation = '', country = ''] = cells;
    const where = `${file}:${line}`;
    if (cells.length !== 3)
      throw new BadRequestError('invalid_csv', `${where}: expected 3 columns, got ${cells.length}`);
    if (!/^[A-Za-z0-9][\w.-]{0,95}$/.test(account)) {
      throw new BadRequestError('invalid_csv', `${where}: account: not a Hub account: "${account}"`);
    }
    if (organisation === '') throw new BadRequestError('invalid_csv', `${where}: organisation: empty`);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses
    if (/[\u0000-\u001f\u007f-\u009f]/.test(`${account}${organisation}${country}`))
      throw new BadRequestError('invalid_csv', `${where}: holds a control character`);
    if (country !== '' && !isCountryCode(country.toUpperCase())) {
      throw new BadRequestError(
        'invalid_csv',
        `${where}: country: expected an ISO 3166-1 alpha-2 code, got "${country}"`,
      );
    }
    return { account, organisation, country: country === '' ? null : country.toUpperCase() };
  });
}

interface IngestHubFlags {
  at?: string;
  skipInvalid?: boolean;
  allowEmpty?: boolean;
  nice: number;
  json?: boolean;
}

export function ingestCommand(): Command {
  const ingest = new Command('ingest').description('Bring outside data into the store');
  ingest
    .command('hub')
    .description(
      'Ingest a dump of the Hub /api/models items (JSON Lines or a JSON array, optionally gzip) as one snapshot',
    )
    .argument('<file>', 'the dump, or - for standard input')
    .option('--at <time>', 'when the snapshot was taken: ISO time or date (default: now)')
    .option('--skip-invalid', 'skip bad lines (and list them) instead of refusing the dump')
    .option('--allow-empty', 'record a snapshot with no models (a dump without models is refused otherwise)')
    .option(
      '--nice <n>',
      "lower this ingest's CPU priority by n, 0-19, so that a server on the same machine answers first",
      parseNice,
      10,
    )
    .option('--json', 'print the result as JSON')
    .action(async (file: string, o: IngestHubFlags, cmd: Command) => {
      lowerPriority(o.nice);
      const at = o.at ? parseAt(o.at, '--at') : new Date();
      if (o.at && /^\d{4}(-\d{2}){0,2}$/.test(o.at.trim())) {
        // A bare date means that day (month, year) at 00:00 UTC, not its end.
        at.setTime(
          Date.parse(
            `${o.at.trim()}${o.at.trim().length === 4 ? '-01-01' : o.at.trim().length === 7 ? '-01' : ''}T00:00:00Z`,
          ),
        );
      }
      let size: number | null = null;
      if (file !== '-') {
        try {
          size = statSync(file).size;
        } catch {
          throw new BadRequestError('file_not_found', `cannot read ${file}: no such file`);
        }
      }
      const progress = ingestProgress(size);
      try {
        const result = await withDeps(cmd, (deps) =>
          ingestHub(deps.store, {
            input: file,
            at,
            ...(o.skipInvalid ? { skipInvalid: true } : {}),
            ...(o.allowEmpty ? { allowEmpty: true } : {}),
            onProgress: progress.onProgress,
          }),
        );
        progress.stop();
        if (o.json) printJson(result);
        else printIngestResult(result);
      } finally {
        progress.stop();
      }
    });
  ingest
    .command('accounts')
    .description('Add Hub accounts to attribution: a CSV with columns account,organisation,country')
    .argument('<csv>', 'the CSV file')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, o: { json?: boolean }, cmd: Command) => {
      const rows = readAccountsCsv(file);
      const total = await withDeps(cmd, (deps) => deps.hub.upsertAccounts(rows));
      if (o.json) printJson({ read: rows.length, accounts: total });
      else writeOut(`read ${rows.length} accounts; attribution table now holds ${total}\n`);
    });
  return ingest;
}
