/** Errors carry a stable `code`; the API and the CLI each map them to statuses and exit codes in one place. */
export class OmoError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export interface CatalogIssue {
  /** Path relative to the catalog's parent folder, e.g. `catalog/deepseek/models/deepseek-r1.toml`. */
  file: string;
  /** Dotted field path, e.g. `parameters.total`; empty for file-level problems. */
  field: string;
  message: string;
  line?: number;
}

export function formatIssue(i: CatalogIssue): string {
  const where = i.line ? `${i.file}:${i.line}` : i.file;
  return i.field ? `${where}: ${i.field}: ${i.message}` : `${where}: ${i.message}`;
}

export class CatalogError extends OmoError {
  constructor(readonly issues: CatalogIssue[]) {
    super(
      'catalog_invalid',
      `catalog has ${issues.length} error${issues.length === 1 ? '' : 's'}:\n${issues.map(formatIssue).join('\n')}`,
      issues,
    );
  }
}

export class NotFoundError extends OmoError {
  /** `details` may carry what a caller can use, e.g. `{ suggestions: [...] }` for a lookup by name. */
  constructor(message: string, details?: unknown) {
    super('not_found', message, details);
  }
}

/** A request or command-line value that cannot be understood. */
export class BadRequestError extends OmoError {}

export class ParseError extends OmoError {
  constructor(message: string, details?: unknown) {
    super('parse_error', message, details);
  }
}
