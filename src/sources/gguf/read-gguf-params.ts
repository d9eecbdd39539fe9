import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { GGMLFileQuantizationType, GGMLQuantizationType, gguf } from '@huggingface/gguf';
import { ParamsError, WeightsFileError } from '../../params/errors.ts';
import { notARegularFile } from '../file-kind.ts';
import { defaultHubUrl, type HubOptions } from '../hf-config/read-hf-config.ts';

export interface GgufParams {
  /** Sum of all tensors' element counts. */
  total: number;
  /** `general.architecture` (llama, qwen2, deepseek2, …). */
  architecture: string | null;
  /** `general.name`, when present. */
  name: string | null;
  /** `general.file_type` as a label (Q4_K_M, Q8_0, BF16, …) and its id. */
  fileType: string | null;
  fileTypeId: number | null;
  /** Element counts per tensor type (F32, Q4_K, Q6_K, …). */
  byTensorType: Record<string, number>;
  experts: { count: number; usedPerToken: number; shared: number } | null;
  contextLength: number | null;
  blockCount: number | null;
  embeddingLength: number | null;
  tensors: number;
  /** File size in bytes (local files), the memory the weights need as stored; null for remote files. */
  fileBytes: number | null;
  source: { kind: 'file' | 'url'; location: string };
}

function num(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'bigint') return Number(v);
  return null;
}

function fail(where: string, message: string): never {
  throw new WeightsFileError('invalid_gguf', `${where}: ${message}`, { file: where });
}

async function checkMagic(file: string): Promise<number> {
  const handle = await open(file, 'r').catch((e: unknown) =>
    fail(file, `cannot open (${(e as Error).message})`),
  );
  try {
    const { size } = await handle.stat();
    if (size < 24) fail(file, `file is truncated: ${size} bytes, shorter than a GGUF header`);
    const magic = Buffer.alloc(4);
    await handle.read(magic, 0, 4, 0);
    if (magic.toString('latin1') !== 'GGUF')
      fail(file, `not a GGUF file (magic ${JSON.stringify(magic.toString('latin1'))})`);
    return size;
  } finally {
    await handle.close();
  }
}

/**
 * Where the GGUF file is read from: a local file (its magic checked and its size kept to detect truncation),
 * an http(s) URL, or `owner/name/file.gguf` on the Hub.
 */
async function locateGguf(
  pathOrUrl: string,
  opts: HubOptions,
): Promise<{ uri: string; fileBytes: number | null; source: GgufParams['source'] }> {
  const local = await stat(pathOrUrl).catch(() => undefined);
  if (local) {
    const uri = path.resolve(pathOrUrl);
    const kind = notARegularFile(local);
    if (kind) fail(uri, `${kind}, not a GGUF file`);
    const fileBytes = await checkMagic(uri);
    return { uri, fileBytes, source: { kind: 'file', location: uri } };
  }
  if (/^https?:\/\//.test(pathOrUrl))
    return { uri: pathOrUrl, fileBytes: null, source: { kind: 'url', location: pathOrUrl } };
  if (/^[\w.-]+\/[\w.-]+\/.+\.gguf$/.test(pathOrUrl)) {
    const [owner, name, ...rest] = pathOrUrl.split('/');
    const hubUrl = (opts.hubUrl ?? defaultHubUrl()).replace(/\/+$/, '');
    const uri = `${hubUrl}/${owner}/${name}/resolve/${encodeURIComponent(opts.revision ?? 'main')}/${rest.join('/')}`;
    return { uri, fileBytes: null, source: { kind: 'url', location: uri } };
  }
  throw new ParamsError('not_found', `${pathOrUrl}: no such file, and not a URL or owner/name/file.gguf`, {
    file: pathOrUrl,
  });
}

/** A local file shorter than its header, or whose tensors start past its end, is truncated. */
function checkComplete(parsed: Awaited<ReturnType<typeof gguf>>, fileBytes: number, location: string): void {
  const dataStart = Number(parsed.tensorDataOffset);
  if (parsed.tensorInfoByteRange[1] > fileBytes || dataStart > fileBytes) {
    fail(location, `file is truncated: its header needs ${dataStart} bytes but the file has ${fileBytes}`);
  }
  for (const t of parsed.tensorInfos) {
    if (dataStart + Number(t.offset) >= fileBytes) {
      fail(location, `file is truncated: tensor "${t.name}" starts beyond the end of the file`);
    }
  }
}

/**
 * Reads a GGUF file's header with @huggingface/gguf (only the metadata and tensor-info bytes, by
 * ranges) and reports its parameter count (sum of tensor element counts), architecture, file type,
 * expert counts and context length. `pathOrUrl` is a local path, an http(s) URL, or `owner/name/file.gguf`
 * on the Hub (resolved against `hubUrl` / `HF_ENDPOINT`, with `HF_TOKEN`).
 */
export async function readGgufParams(pathOrUrl: string, opts: HubOptions = {}): Promise<GgufParams> {
  const { uri, fileBytes, source } = await locateGguf(pathOrUrl, opts);
  const token = opts.accessToken ?? process.env.HF_TOKEN;
  let parsed: Awaited<ReturnType<typeof gguf>>;
  try {
    parsed = await gguf(uri, {
      allowLocalFile: true,
      ...(opts.fetch ? { fetch: opts.fetch } : {}),
      ...(token && source.kind === 'url'
        ? { additionalFetchHeaders: { Authorization: `Bearer ${token}` } }
        : {}),
    });
  } catch (e) {
    if (e instanceof ParamsError) throw e;
    fail(source.location, `cannot parse GGUF header (${(e as Error).message})`);
  }
  if (fileBytes !== null) checkComplete(parsed, fileBytes, source.location);
  const meta = parsed.metadata as Record<string, unknown>;
  const arch =
    typeof meta['general.architecture'] === 'string' ? (meta['general.architecture'] as string) : null;
  const key = (k: string) => (arch ? num(meta[`${arch}.${k}`]) : null);
  const byTensorType: Record<string, number> = {};
  let total = 0;
  for (const t of parsed.tensorInfos) {
    const n = t.shape.reduce((a, b) => a * Number(b), 1);
    if (!Number.isSafeInteger(n)) fail(source.location, `tensor "${t.name}" has an impossible shape`);
    total += n;
    const label = GGMLQuantizationType[t.dtype] ?? `type_${t.dtype}`;
    byTensorType[label] = (byTensorType[label] ?? 0) + n;
  }
  const fileTypeId = num(meta['general.file_type']);
  const expertCount = key('expert_count');
  return {
    total,
    architecture: arch,
    name: typeof meta['general.name'] === 'string' ? (meta['general.name'] as string) : null,
    fileType:
      fileTypeId === null ? null : (GGMLFileQuantizationType[fileTypeId] ?? `file_type_${fileTypeId}`),
    fileTypeId,
    byTensorType,
    experts: expertCount
      ? {
          count: expertCount,
          usedPerToken: key('expert_used_count') ?? 0,
          shared: key('expert_shared_count') ?? 0,
        }
      : null,
    contextLength: key('context_length'),
    blockCount: key('block_count'),
    embeddingLength: key('embedding_length'),
    tensors: parsed.tensorInfos.length,
    fileBytes,
    source,
  };
}
