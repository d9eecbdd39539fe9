/** A metadata value for `buildGguf`: strings, u32 or u64 integers, f32, bools, or arrays of strings. */
export type GgufTestValue =
  | { type: 'string'; value: string }
  | { type: 'u32'; value: number }
  | { type: 'u64'; value: bigint }
  | { type: 'f32'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'strings'; value: string[] };

export interface GgufTestTensor {
  name: string;
  /** ggml order: innermost dimension first. */
  shape: number[];
  /** GGMLQuantizationType id (0 F32, 1 F16, 8 Q8_0, 12 Q4_K, 30 BF16, …). */
  type: number;
}

/** Bytes per block and elements per block for the ggml types `buildGguf` knows how to size. */
const TYPE_SIZE: Record<number, [number, number]> = {
  0: [4, 1],
  1: [2, 1],
  8: [34, 32],
  12: [144, 256],
  30: [2, 1],
};

function str(s: string): Buffer {
  const bytes = Buffer.from(s, 'utf8');
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(bytes.length));
  return Buffer.concat([len, bytes]);
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
}

function u64(n: bigint | number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(n));
  return b;
}

function value(v: GgufTestValue): Buffer {
  switch (v.type) {
    case 'string':
      return Buffer.concat([u32(8), str(v.value)]);
    case 'u32':
      return Buffer.concat([u32(4), u32(v.value)]);
    case 'u64':
      return Buffer.concat([u32(10), u64(v.value)]);
    case 'f32': {
      const b = Buffer.alloc(4);
      b.writeFloatLE(v.value);
      return Buffer.concat([u32(6), b]);
    }
    case 'bool':
      return Buffer.concat([u32(7), Buffer.from([v.value ? 1 : 0])]);
    case 'strings':
      return Buffer.concat([u32(9), u32(8), u64(v.value.length), ...v.value.map(str)]);
  }
}

/**
 * Serialises a little-endian GGUF v3 file: magic, version, counts, metadata key/values, tensor infos,
 * 32-byte alignment, then zero-filled tensor data. For tests.
 */
export function buildGguf(metadata: Record<string, GgufTestValue>, tensors: GgufTestTensor[]): Buffer {
  const parts: Buffer[] = [
    Buffer.from('GGUF', 'ascii'),
    u32(3),
    u64(tensors.length),
    u64(Object.keys(metadata).length),
  ];
  for (const [k, v] of Object.entries(metadata)) parts.push(str(k), value(v));
  let offset = 0;
  const sizes: number[] = [];
  for (const t of tensors) {
    const [blockBytes, blockElems] = TYPE_SIZE[t.type] ?? [1, 1];
    const elements = t.shape.reduce((a, b) => a * b, 1);
    const bytes = Math.ceil(elements / blockElems) * blockBytes;
    parts.push(str(t.name), u32(t.shape.length), ...t.shape.map((d) => u64(d)), u32(t.type), u64(offset));
    sizes.push(bytes);
    offset += Math.ceil(bytes / 32) * 32;
  }
  const head = Buffer.concat(parts);
  const pad = Buffer.alloc((32 - (head.length % 32)) % 32);
  return Buffer.concat([head, pad, Buffer.alloc(offset)]);
}
