import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse as parseToml, TomlDate, TomlError } from 'smol-toml';
import { z } from 'zod';
import { BoardId } from '../domain/board.ts';
import { isCalendarDay } from '../domain/calendar-day.ts';
import { OmoError } from '../domain/errors.ts';
import type { BundledBoard } from './board-repo.ts';
import { BOARD_FORMATS, parseBoardFile } from './formats/parse-board-file.ts';

/** `boards/<id>/board.toml`: what the board is and what its score means. */
const BoardFile = z.strictObject({
  name: z.string().min(1),
  url: z.url(),
  kind: z.string().min(1),
  description: z.string().min(1),
  score: z.string().min(1),
});

/** One `[[snapshots]]` entry of `boards/<id>/snapshots.toml`: a raw file beside it and where it was obtained. */
const SnapshotEntry = z.strictObject({
  at: z.string().refine(isCalendarDay, 'a day as YYYY-MM-DD'),
  file: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'a file name beside the manifest (no folders)'),
  format: z.string().refine((f) => BOARD_FORMATS.includes(f), `one of ${BOARD_FORMATS.join(', ')}`),
  source_url: z.url(),
  source_title: z.string().min(1),
  repo: z.string().optional(),
  path: z.string().optional(),
  commit: z.string().optional(),
  licence: z.string().optional(),
  note: z.string().optional(),
});

const Manifest = z.strictObject({ snapshots: z.array(SnapshotEntry).default([]) });

/** A bundled board that cannot be read: the package is broken, so the message names file and field. */
class BoardsError extends OmoError {
  constructor(message: string) {
    super('boards_invalid', message);
  }
}

/** TOML dates as YYYY-MM-DD; other values as they are. */
function plain(value: unknown): unknown {
  if (value instanceof TomlDate)
    return value.isDate() ? value.toISOString().slice(0, 10) : value.toISOString();
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}

export function readToml<T>(file: string, label: string, schema: z.ZodType<T>): T {
  const text = readFileSync(file, 'utf8');
  // smol-toml rolls an impossible date over (2025-02-30 → 2025-03-02): the text is checked first.
  text.split('\n').forEach((line, i) => {
    for (const m of line.replace(/#.*/, '').matchAll(/=\s*(\d{4}-\d{2}-\d{2})\b/g)) {
      if (!isCalendarDay(m[1] as string))
        throw new BoardsError(`${label}:${i + 1}: not a calendar day: ${m[1]}`);
    }
  });
  let data: unknown;
  try {
    data = plain(parseToml(text));
  } catch (e) {
    const where = e instanceof TomlError ? `${label}:${e.line}` : label;
    throw new BoardsError(`${where}: not valid TOML: ${(e as Error).message.split('\n')[0]}`);
  }
  const r = schema.safeParse(data);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new BoardsError(`${label}: ${issue?.path.join('.') || '(file)'}: ${issue?.message ?? 'invalid'}`);
  }
  return r.data;
}

/**
 * Reads every board under `dir` (the bundled `boards/` folder): each `<id>/board.toml`, its `snapshots.toml` and
 * the raw files it lists, parsed as their declared format. A file whose own date differs from its manifest's `at`
 * is refused, as is any unreadable file: the bundled history is loaded whole or not at all. Folders without
 * `board.toml` (the Hub listing) are not boards. No folder, no boards.
 */
export function readBundledBoards(dir: string): BundledBoard[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  const base = path.basename(dir);
  const ids = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .filter((id) => existsSync(path.join(dir, id, 'board.toml')))
    .sort();
  return ids.map((id) => {
    const label = (f: string) => `${base}/${id}/${f}`;
    if (!BoardId.safeParse(id).success) {
      throw new BoardsError(`${base}/${id}: a board id is a short lowercase slug such as lmarena-text`);
    }
    const meta = readToml(path.join(dir, id, 'board.toml'), label('board.toml'), BoardFile);
    const manifestFile = path.join(dir, id, 'snapshots.toml');
    const manifest = existsSync(manifestFile)
      ? readToml(manifestFile, label('snapshots.toml'), Manifest)
      : { snapshots: [] };
    const seen = new Set<string>();
    const snapshots = manifest.snapshots.map((entry, i) => {
      const where = `${label('snapshots.toml')}: snapshots[${i}]`;
      if (seen.has(entry.at)) throw new BoardsError(`${where}: a second snapshot at ${entry.at}`);
      seen.add(entry.at);
      const file = path.join(dir, id, entry.file);
      if (!existsSync(file)) throw new BoardsError(`${where}: file: no ${label(entry.file)}`);
      const parsed = parseBoardFile(readFileSync(file), label(entry.file), { format: entry.format });
      if (parsed.at !== null && parsed.at !== entry.at) {
        throw new BoardsError(`${where}: at: ${entry.at}, but ${label(entry.file)} says ${parsed.at}`);
      }
      const { at, file: fileName, format, source_url, source_title, note, ...provenance } = entry;
      return {
        snapshot: {
          board: id,
          at,
          source: { url: source_url, title: source_title, ...(note ? { note } : {}) },
          rows: parsed.rows,
        },
        format,
        file: `${id}/${fileName}`,
        provenance: Object.keys(provenance).length > 0 ? (provenance as Record<string, string>) : null,
      };
    });
    return { board: { id, ...meta }, snapshots };
  });
}
