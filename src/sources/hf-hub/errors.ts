import { BadRequestError, OmoError } from '../../domain/errors.ts';

export interface BadLine {
  line: number;
  reason: string;
}

/** A dump with bad lines, refused whole (without `--skip-invalid`); names the first bad lines. */
export class HubDumpError extends BadRequestError {
  constructor(
    readonly badLines: BadLine[],
    readonly badCount: number,
    source: string,
  ) {
    const shown = badLines.map((b) => `  line ${b.line}: ${b.reason}`).join('\n');
    const more = badCount > badLines.length ? `\n  … and ${badCount - badLines.length} more` : '';
    super(
      'invalid_dump',
      `${source}: ${badCount} bad line${badCount === 1 ? '' : 's'}; nothing was ingested (--skip-invalid skips them):\n${shown}${more}`,
      { badLines, badCount },
    );
  }
}

/** The Hub API failed in a way retries did not cure. */
export class HubApiError extends OmoError {
  constructor(message: string, details?: unknown) {
    super('hub_unavailable', message, details);
  }
}
