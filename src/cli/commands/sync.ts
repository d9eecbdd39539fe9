import path from 'node:path';
import { Command } from 'commander';
import { BadRequestError } from '../../domain/errors.ts';
import { parseAt } from '../../store/hub-repo.ts';
import { syncHub } from '../../store/hub-sync.ts';
import { omoHome } from '../../store/open-store.ts';
import { withDeps } from '../context.ts';
import { printJson, writeErr, writeOut } from '../output.ts';
import { ingestProgress, printIngestResult } from './ingest.ts';

export function syncCommand(): Command {
  const sync = new Command('sync').description('Bring live data into the store');
  sync
    .command('hub')
    .description(
      'List models from the Hub API ($HF_ENDPOINT, $HF_TOKEN) and ingest them as one snapshot; resumes an interrupted sync',
    )
    .option('--author <account>', 'only models of this account')
    .option('--search <words>', 'only models whose id contains these words')
    .option('--limit <n>', 'at most this many models')
    .option('--at <time>', 'the snapshot time (default: when the sync started)')
    .option('--spool-dir <dir>', 'where fetched pages wait until the listing ends (default $OMO_HOME/sync)')
    .option('--json', 'print the result as JSON')
    .action(async (o: Record<string, string | boolean | undefined>, cmd: Command) => {
      let limit: number | undefined;
      if (o.limit !== undefined) {
        if (!/^\d+$/.test(String(o.limit)) || Number(o.limit) < 1)
          throw new BadRequestError(
            'invalid_parameter',
            `--limit takes a whole number ≥ 1, got "${o.limit}"`,
          );
        limit = Number(o.limit);
      }
      const progress = ingestProgress(null);
      let lastReport = 0;
      try {
        const result = await withDeps(cmd, (deps) =>
          syncHub(deps.store, {
            author: o.author as string | undefined,
            search: o.search as string | undefined,
            limit,
            spoolDir: (o.spoolDir as string | undefined) ?? path.join(omoHome(), 'sync'),
            ...(o.at ? { at: parseAt(String(o.at), '--at') } : {}),
            onFetched: (n) => {
              if (!process.stderr.isTTY && n - lastReport >= 10_000) {
                lastReport = n;
                writeErr(`fetched ${n.toLocaleString('en-US')} models…\n`);
              }
            },
            onProgress: progress.onProgress,
          }),
        );
        progress.stop();
        if (o.json) printJson(result);
        else {
          if (result.resumed) writeOut('resumed an interrupted sync\n');
          writeOut(`fetched ${result.fetched.toLocaleString('en-US')} models from the Hub\n`);
          printIngestResult(result);
        }
      } finally {
        progress.stop();
      }
    });
  return sync;
}
