import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse as parseToml, TomlDate, TomlError } from 'smol-toml';
import type { z } from 'zod';
import { type CatalogIssue, ParseError } from '../domain/errors.ts';
import { decodeUtf8 } from '../domain/utf8-text.ts';
import { findBadDates } from './calendar-dates.ts';
import { findLine } from './find-line.ts';
import { fieldPath, formatZodIssue, issueField } from './format-zod-issue.ts';
import { controlText, overlongText } from './text-caps.ts';

/** A catalog file that parsed and passed its schema: its catalog-relative name, its text (for line numbers), its data. */
export interface ParsedFile<T> {
  file: string;
  text: string;
  data: T;
}

/**
 * What every loading step shares: the catalog root and the list of problems found so far. Steps report problems here and go on, so one load names every problem at once.
 */
export interface CatalogReader {
  root: string;
  /** The catalog-relative name of a path, e.g. `catalog/deepseek/models/deepseek-r1.toml`. */
  rel(abs: string): string;
  /** Reads a file as UTF-8. */
  read(abs: string): string;
  /** Reads, parses and validates one TOML file; null (with its problems reported) when it fails. */
  parseFile<S extends z.ZodType>(abs: string, schema: S): ParsedFile<z.output<S>> | null;
  /** Reports a problem at a field of a parsed file, with the field's line when it can be found. */
  issue(parsed: ParsedFile<unknown>, field: PropertyKey[], message: string): void;
  issues: CatalogIssue[];
  warnings: CatalogIssue[];
}

export function catalogReader(root: string): CatalogReader {
  const label = path.basename(root);
  const rel = (abs: string) => path.join(label, path.relative(root, abs)).split(path.sep).join('/');
  const issues: CatalogIssue[] = [];
  const read = (abs: string): string => decodeUtf8(readFileSync(abs), rel(abs));
  function parseFile<S extends z.ZodType>(abs: string, schema: S): ParsedFile<z.output<S>> | null {
    const file = rel(abs);
    const kind = statSync(abs);
    if (!kind.isFile()) {
      const what = kind.isDirectory() ? 'a folder' : 'not a regular file';
      issues.push({ file, field: '', message: `${what}, where a TOML file belongs` });
      return null;
    }
    let text: string;
    let raw: unknown;
    try {
      text = read(abs);
      raw = normalizeToml(parseToml(text));
    } catch (e) {
      if (e instanceof ParseError) {
        issues.push({ file, field: '', message: 'not UTF-8 text; save it as UTF-8' });
        return null;
      }
      if (e instanceof TomlError) {
        issues.push({ file, field: '', line: e.line, message: `invalid TOML: ${e.message.split('\n')[0]}` });
        return null;
      }
      throw e;
    }
    const badDates = findBadDates(text);
    for (const d of badDates) {
      issues.push({ file, field: d.field, line: d.line, message: `${d.text} is not a calendar date` });
    }
    const overlong = overlongText(raw);
    for (const o of overlong) {
      issues.push({
        file,
        field: fieldPath(o.path),
        line: findLine(text, o.path),
        message: `${o.length.toLocaleString('en-US')} characters, more than the ${o.cap.toLocaleString('en-US')} this field may hold`,
      });
    }
    const controls = controlText(raw);
    for (const at of controls) {
      issues.push({
        file,
        field: fieldPath(at),
        line: findLine(text, at),
        message:
          'holds a control character (ESC, NUL…); text may hold only printable characters, tabs and line breaks',
      });
    }
    if (badDates.length > 0 || overlong.length > 0 || controls.length > 0) return null;
    const result = schema.safeParse(raw, { reportInput: true });
    if (!result.success) {
      for (const issue of result.error.issues) {
        const field = issueField(issue);
        issues.push({
          file,
          field: fieldPath(field),
          line: findLine(text, field),
          message: formatZodIssue(issue),
        });
      }
      return null;
    }
    return { file, text, data: result.data };
  }
  return {
    root,
    rel,
    read,
    parseFile,
    issue(parsed, field, message) {
      issues.push({
        file: parsed.file,
        field: fieldPath(field),
        line: findLine(parsed.text, field),
        message,
      });
    },
    issues,
    warnings: [],
  };
}

/** TOML dates become ISO date strings; everything else passes through. */
function normalizeToml(value: unknown): unknown {
  if (value instanceof TomlDate) {
    const iso = value.toISOString();
    return value.isDate() ? iso.slice(0, 10) : iso;
  }
  if (Array.isArray(value)) return value.map(normalizeToml);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalizeToml(v)]));
  }
  return value;
}
