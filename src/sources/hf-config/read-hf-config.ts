import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { decodeUtf8 } from '../../domain/utf8-text.ts';
import { countModel } from '../../params/compute-params.ts';
import {
  InvalidConfigError,
  ParamsError,
  UnsupportedArchitectureError,
  WeightsFileError,
} from '../../params/errors.ts';
import { notARegularFile } from '../file-kind.ts';

/** config.json files larger than this are refused rather than read. */
const MAX_CONFIG_BYTES = 10 * 1024 * 1024;

export interface HubOptions {
  /** Hub base URL; defaults to `HF_ENDPOINT`, then https://huggingface.co. */
  hubUrl?: string;
  fetch?: typeof fetch;
  /** Bearer token; defaults to `HF_TOKEN`. */
  accessToken?: string;
  /** Branch, tag or commit; defaults to `main`. */
  revision?: string;
  signal?: AbortSignal;
}

export interface ReadHfConfigOptions extends HubOptions {
  /**
   * Check the fields `computeParams` needs (sizes present, positive, not absurd) and report problems
   * with the file's name. Unsupported architectures are not an error here. Default true.
   */
  validate?: boolean;
}

export interface HfConfigSource {
  kind: 'file' | 'hub';
  /** Absolute file path, or the URL fetched. */
  location: string;
  /** The repo id when read from the Hub. */
  repo?: string;
}

export interface HfConfig {
  config: Record<string, unknown>;
  source: HfConfigSource;
}

/** `owner/name` (or a bare `name`) as the Hub spells repo ids. */
const REPO_ID = /^(?:[A-Za-z0-9][\w.-]*\/)?[A-Za-z0-9][\w.-]*$/;

export function defaultHubUrl(): string {
  return (process.env.HF_ENDPOINT || 'https://huggingface.co').replace(/\/+$/, '');
}

function parseConfigText(text: string, where: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new WeightsFileError('config_unreadable', `${where}: not valid JSON (${(e as Error).message})`, {
      file: where,
    });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new WeightsFileError('config_unreadable', `${where}: config must be a JSON object`, {
      file: where,
    });
  }
  return parsed as Record<string, unknown>;
}

function validate(config: Record<string, unknown>, where: string): void {
  try {
    countModel(config);
  } catch (e) {
    if (e instanceof UnsupportedArchitectureError) return;
    if (e instanceof InvalidConfigError) {
      throw new InvalidConfigError(`${where}: ${e.message}`, { file: where, ...(e.details as object) });
    }
    throw e;
  }
}

async function readLocal(file: string): Promise<string> {
  const info = await stat(file);
  const kind = notARegularFile(info);
  if (kind) throw new WeightsFileError('config_unreadable', `${file}: ${kind}, not a config file`, { file });
  if (info.size > MAX_CONFIG_BYTES) {
    throw new WeightsFileError(
      'config_unreadable',
      `${file}: ${info.size} bytes is too large for a config.json (limit ${MAX_CONFIG_BYTES})`,
      { file },
    );
  }
  const handle = await open(file, 'r');
  try {
    const bytes = await handle.readFile();
    // Strict UTF-8 (a byte order mark dropped): other bytes would reach the report as U+FFFD, unnamed.
    try {
      return decodeUtf8(bytes, file);
    } catch (e) {
      throw new WeightsFileError('config_unreadable', (e as Error).message, { file });
    }
  } finally {
    await handle.close();
  }
}

async function fetchHub(repo: string, opts: HubOptions): Promise<{ text: string; url: string }> {
  const hubUrl = (opts.hubUrl ?? defaultHubUrl()).replace(/\/+$/, '');
  const revision = encodeURIComponent(opts.revision ?? 'main');
  const url = `${hubUrl}/${repo}/resolve/${revision}/config.json`;
  const token = opts.accessToken ?? process.env.HF_TOKEN;
  const doFetch = opts.fetch ?? globalThis.fetch;
  let res: Response;
  try {
    res = await doFetch(url, {
      headers: token ? { Authorization: `Bearer ${token}` } : {},
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
  } catch (e) {
    throw new WeightsFileError('config_unreadable', `${url}: request failed (${(e as Error).message})`, {
      url,
    });
  }
  if (res.status === 404) {
    throw new ParamsError('not_found', `${repo}: no config.json on the Hub (${url} returned 404)`, { url });
  }
  if (res.status === 401 || res.status === 403) {
    throw new ParamsError(
      'unauthorized',
      `${repo}: the Hub refused config.json (HTTP ${res.status}); the repo may be gated or private: set HF_TOKEN`,
      { url },
    );
  }
  if (!res.ok) {
    throw new WeightsFileError('config_unreadable', `${url}: HTTP ${res.status} ${res.statusText}`, { url });
  }
  const length = Number(res.headers.get('content-length') ?? 0);
  if (length > MAX_CONFIG_BYTES) {
    throw new WeightsFileError(
      'config_unreadable',
      `${url}: ${length} bytes is too large for a config.json`,
      { url },
    );
  }
  const text = await res.text();
  if (text.length > MAX_CONFIG_BYTES) {
    throw new WeightsFileError('config_unreadable', `${url}: response is too large for a config.json`, {
      url,
    });
  }
  return { text, url };
}

/**
 * Reads a model's `config.json` from a file path, a model directory (its `config.json`), or a Hub repo
 * id (`<hubUrl>/<repo>/resolve/<revision>/config.json`, honouring `HF_ENDPOINT` and `HF_TOKEN`).
 * A string that names an existing path is read from disk; otherwise it must look like a repo id.
 * Errors name the file or URL: non-JSON, not an object, missing or absurd sizes (when `validate`).
 */
export async function readHfConfig(pathOrRepo: string, opts: ReadHfConfigOptions = {}): Promise<HfConfig> {
  const local = await stat(pathOrRepo).catch(() => undefined);
  let config: Record<string, unknown>;
  let source: HfConfigSource;
  if (local) {
    const file = path.resolve(local.isDirectory() ? path.join(pathOrRepo, 'config.json') : pathOrRepo);
    const text = await readLocal(file).catch((e: unknown) => {
      if (e instanceof ParamsError) throw e;
      throw new ParamsError('not_found', `${file}: cannot read config (${(e as Error).message})`, { file });
    });
    config = parseConfigText(text, file);
    source = { kind: 'file', location: file };
  } else if (REPO_ID.test(pathOrRepo) && pathOrRepo.includes('/')) {
    const { text, url } = await fetchHub(pathOrRepo, opts);
    config = parseConfigText(text, url);
    source = { kind: 'hub', location: url, repo: pathOrRepo };
  } else {
    throw new ParamsError(
      'not_found',
      `${pathOrRepo}: no such file or directory, and not a Hub repo id (owner/name)`,
      {
        file: pathOrRepo,
      },
    );
  }
  if (opts.validate ?? true) validate(config, source.location);
  return { config, source };
}
