import { open, stat } from 'node:fs/promises';
import { WeightsFileError } from '../../params/errors.ts';
import { notARegularFile } from '../file-kind.ts';

/** Headers claiming more than this many bytes are refused (real headers are at most a few MB). */
export const MAX_HEADER_BYTES = 100 * 1024 * 1024;

export interface SafetensorsTensor {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

export interface SafetensorsHeader {
  tensors: Record<string, SafetensorsTensor>;
  metadata: Record<string, string> | undefined;
}

/** Bits per element of each safetensors dtype. */
export const DTYPE_BITS: Record<string, number> = {
  F64: 64,
  F32: 32,
  F16: 16,
  BF16: 16,
  C64: 64,
  I64: 64,
  I32: 32,
  I16: 16,
  I8: 8,
  U64: 64,
  U32: 32,
  U16: 16,
  U8: 8,
  BOOL: 8,
  F8_E4M3: 8,
  F8_E4M3FNUZ: 8,
  F8_E5M2: 8,
  F8_E5M2FNUZ: 8,
  F8_E8M0: 8,
  E8M0: 8,
  UE8: 8,
  F6_E3M2: 6,
  F6_E2M3: 6,
  F4: 4,
  FP4: 4,
};

function fail(file: string, message: string): never {
  throw new WeightsFileError('invalid_safetensors', `${file}: ${message}`, { file });
}

/**
 * Validates a parsed safetensors header object: every tensor has a known dtype (an own entry of {@link DTYPE_BITS},
 * so `constructor` or `__proto__` are unknown), a shape of non-negative integers whose element count is a safe
 * integer, data offsets that span exactly the bytes that shape needs, inside `dataBytes` when known, and no two
 * tensors on the same or overlapping bytes (they would be counted twice).
 */
export function validateSafetensorsHeader(raw: unknown, file: string, dataBytes?: number): SafetensorsHeader {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    fail(file, 'header is not a JSON object');
  const tensors: Record<string, SafetensorsTensor> = {};
  let metadata: Record<string, string> | undefined;
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (typeof value === 'object' && value !== null) metadata = value as Record<string, string>;
      continue;
    }
    // An own property even for a tensor named `__proto__` (plain assignment would set the prototype).
    Object.defineProperty(tensors, name, {
      value: validateTensor(name, value, file, dataBytes),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  refuseOverlaps(tensors, file);
  return { tensors, metadata };
}

function validateTensor(name: string, value: unknown, file: string, dataBytes?: number): SafetensorsTensor {
  const t = value as Partial<SafetensorsTensor> | null;
  if (typeof t !== 'object' || t === null) fail(file, `tensor "${name}" is not an object`);
  const bits =
    typeof t.dtype === 'string' && Object.hasOwn(DTYPE_BITS, t.dtype) ? DTYPE_BITS[t.dtype] : undefined;
  if (bits === undefined) fail(file, `tensor "${name}" has unknown dtype ${JSON.stringify(t.dtype)}`);
  const shape = t.shape;
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    fail(file, `tensor "${name}" has an invalid shape ${JSON.stringify(shape)}`);
  }
  const elements = shape.reduce((a, b) => a * BigInt(b), 1n);
  if (elements > BigInt(Number.MAX_SAFE_INTEGER)) {
    fail(
      file,
      `tensor "${name}" (${t.dtype} ${JSON.stringify(shape)}) has ${elements} elements, more than can be counted exactly`,
    );
  }
  const offsets = t.data_offsets;
  if (
    !Array.isArray(offsets) ||
    offsets.length !== 2 ||
    !offsets.every((o) => Number.isSafeInteger(o) && o >= 0) ||
    offsets[1] < offsets[0]
  ) {
    fail(file, `tensor "${name}" has invalid data_offsets ${JSON.stringify(offsets)}`);
  }
  const needs = (elements * BigInt(bits) + 7n) / 8n;
  if (needs !== BigInt(offsets[1] - offsets[0])) {
    fail(
      file,
      `tensor "${name}" (${t.dtype} ${JSON.stringify(shape)}) needs ${needs} bytes but its data_offsets span ${offsets[1] - offsets[0]}`,
    );
  }
  if (dataBytes !== undefined && offsets[1] > dataBytes) {
    fail(
      file,
      `file is truncated: tensor "${name}" ends at byte ${offsets[1]} of the data section but only ${dataBytes} bytes follow the header`,
    );
  }
  return { dtype: t.dtype as string, shape, data_offsets: [offsets[0], offsets[1]] };
}

/** Refuses two tensors whose (non-empty) byte ranges are the same or overlap. */
function refuseOverlaps(tensors: Record<string, SafetensorsTensor>, file: string): void {
  const ranges = Object.entries(tensors)
    .filter(([, t]) => t.data_offsets[1] > t.data_offsets[0])
    .sort(([, a], [, b]) => a.data_offsets[0] - b.data_offsets[0] || a.data_offsets[1] - b.data_offsets[1]);
  for (let i = 1; i < ranges.length; i++) {
    const [prevName, prev] = ranges[i - 1] as [string, SafetensorsTensor];
    const [name, t] = ranges[i] as [string, SafetensorsTensor];
    if (t.data_offsets[0] < prev.data_offsets[1]) {
      fail(
        file,
        `tensors "${prevName}" ${JSON.stringify(prev.data_offsets)} and "${name}" ${JSON.stringify(t.data_offsets)} share bytes; each tensor needs its own data`,
      );
    }
  }
}

/**
 * Reads and validates the header of a local `.safetensors` file, reading only the 8-byte length
 * prefix and the header itself through a file handle (never the tensor data). Refuses headers larger
 * than `maxHeaderBytes` and files shorter than their header or tensor data claim.
 */
export async function readSafetensorsHeader(
  file: string,
  opts: { maxHeaderBytes?: number } = {},
): Promise<SafetensorsHeader & { headerBytes: number; fileBytes: number }> {
  const limit = opts.maxHeaderBytes ?? MAX_HEADER_BYTES;
  const info = await stat(file).catch((e: unknown) => fail(file, `cannot open (${(e as Error).message})`));
  const kind = notARegularFile(info);
  if (kind) fail(file, `${kind}, not a safetensors file`);
  const handle = await open(file, 'r').catch((e: unknown) =>
    fail(file, `cannot open (${(e as Error).message})`),
  );
  try {
    const { size } = await handle.stat();
    if (size < 8) fail(file, `file is truncated: ${size} bytes, shorter than the 8-byte header length`);
    const prefix = Buffer.alloc(8);
    await handle.read(prefix, 0, 8, 0);
    const declared = prefix.readBigUInt64LE(0);
    if (declared > BigInt(limit)) {
      fail(
        file,
        `header claims ${declared} bytes, more than the ${limit}-byte limit; not a safetensors file or corrupt`,
      );
    }
    const headerBytes = Number(declared);
    if (8 + headerBytes > size) {
      fail(
        file,
        `file is truncated: header claims ${headerBytes} bytes but the file has only ${size - 8} after the length`,
      );
    }
    const buf = Buffer.alloc(headerBytes);
    const { bytesRead } = await handle.read(buf, 0, headerBytes, 8);
    if (bytesRead !== headerBytes)
      fail(file, `file is truncated: read ${bytesRead} of ${headerBytes} header bytes`);
    let raw: unknown;
    try {
      raw = JSON.parse(buf.toString('utf8'));
    } catch (e) {
      fail(file, `header is not valid JSON (${(e as Error).message})`);
    }
    return { ...validateSafetensorsHeader(raw, file, size - 8 - headerBytes), headerBytes, fileBytes: size };
  } finally {
    await handle.close();
  }
}
