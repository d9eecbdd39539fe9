import { decodeUtf8 } from '../../domain/utf8-text.ts';
import { boardFileError } from './board-table.ts';
import { BFCL } from './parse-bfcl.ts';
import { LMARENA } from './parse-lmarena.ts';
import { OPEN_LLM_LEADERBOARD } from './parse-open-llm-leaderboard.ts';
import { type BoardKind, type ParsedBoard, readBoardText } from './read-board-text.ts';

/** Every board whose tables omo reads, tried in this order on a file of unknown board. */
const BOARD_KINDS: readonly BoardKind[] = [LMARENA, OPEN_LLM_LEADERBOARD, BFCL];

/** Formats as a manifest names them: `<kind>-<layout>`. */
export const BOARD_FORMATS: readonly string[] = BOARD_KINDS.flatMap((k) =>
  ['md', 'csv', 'json'].map((l) => `${k.id}-${l}`),
);

/** The largest leaderboard file read (the whole Open LLM Leaderboard v2 table as JSON is ~10 MB). */
const MAX_BOARD_FILE = 64 * 1024 * 1024;

/**
 * A leaderboard file's bytes read into rows. Its board and layout are told by its content; `format` (from a
 * manifest) is then checked against what was found, so a manifest cannot label one board's table as another's.
 */
export function parseBoardFile(bytes: Uint8Array, file: string, opts: { format?: string } = {}): ParsedBoard {
  if (bytes.length > MAX_BOARD_FILE) {
    throw boardFileError(
      { file },
      `larger than ${MAX_BOARD_FILE / 1024 / 1024} MiB: not a leaderboard table`,
    );
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0)
    throw boardFileError({ file }, `holds a NUL byte at byte ${nul}: a binary file, not a text table`);
  let text: string;
  try {
    text = decodeUtf8(bytes, file);
  } catch (e) {
    throw boardFileError({ file }, (e as Error).message.replace(`${file}: `, ''));
  }
  const kinds = opts.format ? BOARD_KINDS.filter((k) => opts.format?.startsWith(`${k.id}-`)) : BOARD_KINDS;
  if (opts.format && (kinds.length === 0 || !BOARD_FORMATS.includes(opts.format))) {
    throw boardFileError({ file }, `unknown format "${opts.format}"; known: ${BOARD_FORMATS.join(', ')}`);
  }
  const parsed = readBoardText(text, file, kinds);
  if (opts.format && parsed.format !== opts.format) {
    throw boardFileError({ file }, `declared as ${opts.format} but reads as ${parsed.format}`);
  }
  return parsed;
}
