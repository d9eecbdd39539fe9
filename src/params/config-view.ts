import { InvalidConfigError } from './errors.ts';

/** Upper bounds beyond which a size is treated as corrupt rather than merely large. */
const LIMITS = {
  width: 1_000_000,
  layers: 10_000,
  vocab: 100_000_000,
  experts: 100_000,
  heads: 100_000,
} as const;

export type SizeKind = keyof typeof LIMITS;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * A read-only view of one level of a config object with checked accessors. Every accessor names
 * the field (with its path, e.g. `text_config.hidden_size`) when it is missing or out of range.
 */
export class ConfigView {
  readonly raw: Record<string, unknown>;

  constructor(
    raw: unknown,
    readonly path = '',
  ) {
    if (!isRecord(raw)) {
      throw new InvalidConfigError(`config${path ? ` field "${path}"` : ''} must be a JSON object`);
    }
    this.raw = raw;
  }

  /**
   * This view with `defaults` filling absent or null fields, for nested configs whose published
   * files rely on transformers' class defaults (e.g. Gemma 3's `text_config`).
   */
  withDefaults(defaults: Record<string, unknown>): ConfigView {
    const merged: Record<string, unknown> = { ...defaults };
    for (const [k, v] of Object.entries(this.raw)) if (v !== null && v !== undefined) merged[k] = v;
    return new ConfigView(merged, this.path);
  }

  private name(field: string): string {
    return this.path ? `${this.path}.${field}` : field;
  }

  has(field: string): boolean {
    const v = this.raw[field];
    return v !== undefined && v !== null;
  }

  /** A required positive integer size, checked against the bound for its kind. */
  size(field: string, kind: SizeKind = 'width'): number {
    const v = this.raw[field];
    if (v === undefined || v === null) {
      throw new InvalidConfigError(`config is missing required field "${this.name(field)}"`, {
        field: this.name(field),
      });
    }
    return this.check(field, v, kind, 1);
  }

  /** An optional non-negative integer size; `fallback` when absent or null. */
  optSize(field: string, fallback: number, kind: SizeKind = 'width'): number {
    const v = this.raw[field];
    if (v === undefined || v === null) return fallback;
    return this.check(field, v, kind, 0);
  }

  /** An optional size that may legitimately be absent (returns undefined). */
  maybeSize(field: string, kind: SizeKind = 'width'): number | undefined {
    const v = this.raw[field];
    if (v === undefined || v === null) return undefined;
    return this.check(field, v, kind, 0);
  }

  /** An optional positive number that need not be an integer (e.g. `ffn_mult`). */
  optNumber(field: string, fallback: number): number {
    const v = this.raw[field];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > LIMITS.width) {
      throw new InvalidConfigError(
        `config field "${this.name(field)}" must be a non-negative number, got ${JSON.stringify(v)}`,
        { field: this.name(field) },
      );
    }
    return v;
  }

  bool(field: string, fallback: boolean): boolean {
    const v = this.raw[field];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'boolean') {
      throw new InvalidConfigError(
        `config field "${this.name(field)}" must be true or false, got ${JSON.stringify(v)}`,
        { field: this.name(field) },
      );
    }
    return v;
  }

  str(field: string): string | undefined {
    const v = this.raw[field];
    return typeof v === 'string' ? v : undefined;
  }

  /** An optional array of strings (e.g. `layer_types`). */
  strings(field: string): string[] | undefined {
    const v = this.raw[field];
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) {
      throw new InvalidConfigError(`config field "${this.name(field)}" must be an array of strings`, {
        field: this.name(field),
      });
    }
    return v as string[];
  }

  /** An optional array of non-negative integers (e.g. `mlp_only_layers`). */
  ints(field: string): number[] | undefined {
    const v = this.raw[field];
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v) || !v.every((x) => Number.isInteger(x) && (x as number) >= 0)) {
      throw new InvalidConfigError(
        `config field "${this.name(field)}" must be an array of non-negative integers`,
        { field: this.name(field) },
      );
    }
    return v as number[];
  }

  /** An optional array of objects (e.g. `block_configs`). */
  objects(field: string): ConfigView[] | undefined {
    const v = this.raw[field];
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v)) {
      throw new InvalidConfigError(`config field "${this.name(field)}" must be an array`, {
        field: this.name(field),
      });
    }
    return v.map((x, i) => new ConfigView(x, `${this.name(field)}[${i}]`));
  }

  /** A nested object, or undefined when absent or null. */
  child(field: string): ConfigView | undefined {
    const v = this.raw[field];
    if (v === undefined || v === null) return undefined;
    return new ConfigView(v, this.name(field));
  }

  private check(field: string, v: unknown, kind: SizeKind, min: number): number {
    if (typeof v !== 'number' || !Number.isInteger(v)) {
      throw new InvalidConfigError(
        `config field "${this.name(field)}" must be an integer, got ${JSON.stringify(v)}`,
        { field: this.name(field) },
      );
    }
    if (v < min) {
      throw new InvalidConfigError(
        `config field "${this.name(field)}" must be ${min === 0 ? 'non-negative' : 'positive'}, got ${v}`,
        { field: this.name(field) },
      );
    }
    const max = LIMITS[kind];
    if (v > max) {
      throw new InvalidConfigError(
        `config field "${this.name(field)}" is absurdly large (${v} > ${max}); the config is probably corrupt`,
        { field: this.name(field) },
      );
    }
    return v;
  }
}
