import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseSafetensorsMetadata } from '@huggingface/hub';
import { ParamsError, WeightsFileError } from '../../params/errors.ts';
import { notARegularFile } from '../file-kind.ts';
import { defaultHubUrl, type HubOptions, readHfConfig } from '../hf-config/read-hf-config.ts';
import { countSafetensorsParams, type SafetensorsCount } from './count-safetensors-params.ts';
import {
  MAX_HEADER_BYTES,
  readSafetensorsHeader,
  type SafetensorsTensor,
  validateSafetensorsHeader,
} from './read-safetensors-header.ts';

const INDEX_FILE = 'model.safetensors.index.json';
const MAX_INDEX_BYTES = 50 * 1024 * 1024;

export interface ReadSafetensorsOptions extends HubOptions {
  /** Header size cap; default 100 MB. */
  maxHeaderBytes?: number;
  /** Bits per packed weight (GPTQ/AWQ/compressed-tensors). Default: from config.json when found, else 4. */
  bits?: number;
}

export interface SafetensorsParams extends SafetensorsCount {
  /** Files whose headers were read (paths, or repo-relative names for the Hub). */
  files: string[];
  /** `__metadata__.total_parameters` or the index's `metadata.total_parameters`, when present. */
  declaredTotal: number | null;
  source: { kind: 'file' | 'hub'; location: string };
}

/** Reads quantisation bits from a config object (`quantization_config.bits` or compressed-tensors num_bits). */
function bitsFromConfig(config: Record<string, unknown> | undefined): number | undefined {
  const q = config?.quantization_config;
  if (typeof q !== 'object' || q === null) return undefined;
  const qc = q as Record<string, unknown>;
  if (typeof qc.bits === 'number') return qc.bits;
  const groups = qc.config_groups;
  if (typeof groups === 'object' && groups !== null) {
    for (const g of Object.values(groups as Record<string, unknown>)) {
      const w = (g as { weights?: { num_bits?: unknown } } | null)?.weights;
      if (typeof w?.num_bits === 'number') return w.num_bits;
    }
  }
  return undefined;
}

function declared(v: unknown): number | null {
  const n = typeof v === 'string' ? Number(v) : v;
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : null;
}

async function readIndex(file: string): Promise<{ shards: string[]; declaredTotal: number | null }> {
  const info = await stat(file);
  const kind = notARegularFile(info);
  if (kind)
    throw new WeightsFileError('invalid_safetensors', `${file}: ${kind}, not an index file`, { file });
  if (info.size > MAX_INDEX_BYTES) {
    throw new WeightsFileError(
      'invalid_safetensors',
      `${file}: ${info.size} bytes is too large for an index`,
      { file },
    );
  }
  let index: unknown;
  try {
    index = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    throw new WeightsFileError('invalid_safetensors', `${file}: not valid JSON (${(e as Error).message})`, {
      file,
    });
  }
  const map = (index as { weight_map?: unknown } | null)?.weight_map;
  if (typeof map !== 'object' || map === null) {
    throw new WeightsFileError('invalid_safetensors', `${file}: has no "weight_map" object`, { file });
  }
  const shards = [...new Set(Object.values(map as Record<string, unknown>))];
  for (const s of shards) {
    if (typeof s !== 'string' || s.includes('/') || s.includes('\\') || s.startsWith('.')) {
      throw new WeightsFileError(
        'invalid_safetensors',
        `${file}: weight_map names an unsafe shard ${JSON.stringify(s)}`,
        {
          file,
        },
      );
    }
  }
  const meta = (index as { metadata?: { total_parameters?: unknown } }).metadata;
  return { shards: shards as string[], declaredTotal: declared(meta?.total_parameters) };
}

async function readLocalConfig(dir: string): Promise<Record<string, unknown> | undefined> {
  try {
    return (await readHfConfig(path.join(dir, 'config.json'), { validate: false })).config;
  } catch {
    return undefined;
  }
}

async function readLocal(target: string, opts: ReadSafetensorsOptions): Promise<SafetensorsParams> {
  const info = await stat(target);
  const kind = info.isDirectory() ? undefined : notARegularFile(info);
  if (kind)
    throw new WeightsFileError(
      'invalid_safetensors',
      `${target}: ${kind}, not a safetensors file or folder`,
      { file: target },
    );
  let dir: string;
  let files: string[];
  let declaredTotal: number | null = null;
  if (info.isDirectory()) {
    dir = target;
    const entries = await readdir(dir);
    if (entries.includes(INDEX_FILE)) {
      const index = await readIndex(path.join(dir, INDEX_FILE));
      files = index.shards;
      declaredTotal = index.declaredTotal;
    } else {
      files = entries.filter((e) => e.endsWith('.safetensors')).sort();
      if (files.length === 0)
        throw new ParamsError('not_found', `${dir}: no .safetensors files`, { file: dir });
    }
  } else if (target.endsWith('.json')) {
    dir = path.dirname(target);
    const index = await readIndex(target);
    files = index.shards;
    declaredTotal = index.declaredTotal;
  } else {
    dir = path.dirname(target);
    files = [path.basename(target)];
  }
  const config = opts.bits === undefined ? await readLocalConfig(dir) : undefined;
  const bits = opts.bits ?? bitsFromConfig(config);
  const headers: Record<string, SafetensorsTensor>[] = [];
  const paths: string[] = [];
  for (const f of files) {
    const file = path.resolve(dir, f);
    const header = await readSafetensorsHeader(file, {
      maxHeaderBytes: opts.maxHeaderBytes ?? MAX_HEADER_BYTES,
    });
    headers.push(header.tensors);
    paths.push(file);
    if (files.length === 1) declaredTotal ??= declared(header.metadata?.total_parameters);
  }
  return {
    ...countSafetensorsParams(headers, bits === undefined ? {} : { bits }),
    files: paths,
    declaredTotal,
    source: { kind: 'file', location: path.resolve(target) },
  };
}

async function readHub(repo: string, opts: ReadSafetensorsOptions): Promise<SafetensorsParams> {
  const hubUrl = (opts.hubUrl ?? defaultHubUrl()).replace(/\/+$/, '');
  const accessToken = opts.accessToken ?? process.env.HF_TOKEN;
  let parsed: Awaited<ReturnType<typeof parseSafetensorsMetadata>>;
  try {
    parsed = await parseSafetensorsMetadata({
      repo,
      hubUrl,
      ...(opts.fetch ? { fetch: opts.fetch } : {}),
      ...(opts.revision ? { revision: opts.revision } : {}),
      ...(accessToken ? { accessToken: accessToken as `hf_${string}` } : {}),
    });
  } catch (e) {
    throw new WeightsFileError(
      'invalid_safetensors',
      `${repo}: cannot read safetensors metadata from ${hubUrl} (${(e as Error).message})`,
      {
        repo,
      },
    );
  }
  let bits = opts.bits;
  if (bits === undefined) {
    const config = await readHfConfig(repo, { ...opts, validate: false }).catch(() => undefined);
    bits = bitsFromConfig(config?.config);
  }
  const raw = parsed.sharded
    ? Object.entries(parsed.headers)
    : [['model.safetensors', parsed.header] as const];
  const headers = raw.map(([file, h]) => validateSafetensorsHeader(h, `${repo}/${file}`).tensors);
  const declaredTotal = parsed.sharded
    ? declared(parsed.index.metadata?.total_parameters)
    : declared(parsed.header.__metadata__?.total_parameters);
  return {
    ...countSafetensorsParams(headers, bits === undefined ? {} : { bits }),
    files: raw.map(([file]) => file),
    declaredTotal,
    source: { kind: 'hub', location: `${hubUrl}/${repo}` },
  };
}

/**
 * Exact logical parameter counts from safetensors headers, reading only header bytes.
 *
 * `pathOrRepo` may be a `.safetensors` file, a `model.safetensors.index.json` (all shards it names), a
 * model directory (its index, else every `.safetensors` file in it), or a Hub repo id (headers fetched
 * by range requests via @huggingface/hub, honouring `HF_ENDPOINT` and `HF_TOKEN`).
 */
export async function readSafetensorsParams(
  pathOrRepo: string,
  opts: ReadSafetensorsOptions = {},
): Promise<SafetensorsParams> {
  const local = await stat(pathOrRepo).catch(() => undefined);
  if (local) return readLocal(pathOrRepo, opts);
  if (/^[\w.-]+\/[\w.-]+$/.test(pathOrRepo)) return readHub(pathOrRepo, opts);
  throw new ParamsError(
    'not_found',
    `${pathOrRepo}: no such file or directory, and not a Hub repo id (owner/name)`,
    {
      file: pathOrRepo,
    },
  );
}
