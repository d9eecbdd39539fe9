import { DTYPE_BITS } from '../../src/sources/safetensors/read-safetensors-header.ts';

export interface TensorSpec {
  dtype: string;
  shape: number[];
}

/**
 * Serialises tensors (zero-filled) into the safetensors format: an 8-byte little-endian header length,
 * the JSON header, then the data. For tests and fixtures.
 */
export function buildSafetensors(
  tensors: Record<string, TensorSpec>,
  metadata?: Record<string, string>,
): Buffer {
  const header: Record<string, unknown> = {};
  if (metadata) header.__metadata__ = metadata;
  let offset = 0;
  for (const [name, t] of Object.entries(tensors)) {
    const bits = DTYPE_BITS[t.dtype] ?? 8;
    const bytes = Math.ceil((t.shape.reduce((a, b) => a * b, 1) * bits) / 8);
    header[name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (json.length % 8)) % 8);
  const head = Buffer.from(json, 'utf8');
  const prefix = Buffer.alloc(8);
  prefix.writeBigUInt64LE(BigInt(head.length));
  return Buffer.concat([prefix, head, Buffer.alloc(offset)]);
}

/**
 * Serialises a header given as is (for hostile headers: odd dtypes, overlapping or out-of-file offsets), followed by
 * `dataBytes` zero bytes of tensor data.
 */
export function buildSafetensorsFromHeader(header: Record<string, unknown>, dataBytes: number): Buffer {
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (json.length % 8)) % 8);
  const head = Buffer.from(json, 'utf8');
  const prefix = Buffer.alloc(8);
  prefix.writeBigUInt64LE(BigInt(head.length));
  return Buffer.concat([prefix, head, Buffer.alloc(dataBytes)]);
}
