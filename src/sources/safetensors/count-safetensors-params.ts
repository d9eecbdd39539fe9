import type { SafetensorsTensor } from './read-safetensors-header.ts';

export interface PackingOptions {
  /** Bits per packed weight for GPTQ/AWQ/compressed-tensors integer packing; default 4. */
  bits?: number;
}

export interface SafetensorsCount {
  /** Logical parameters: packed weights unpacked, quantisation metadata excluded. */
  total: number;
  /**
   * Logical parameters per storage type. Packed integer weights appear as `INT4`/`INT8`…, MXFP4
   * blocks as `MXFP4`, bitsandbytes 4-bit weights as `NF4`; other tensors under their safetensors dtype.
   */
  byDtype: Record<string, number>;
  /** Elements of quantisation metadata (scales, zero points, g_idx, absmax, …), not parameters. */
  auxiliary: number;
  /** Number of tensors, metadata tensors included. */
  tensors: number;
  /** Bytes of tensor data the headers describe. */
  dataBytes: number;
  /** Packing schemes found (`gptq-awq`, `compressed-tensors`, `mxfp4`, `bitsandbytes-4bit`). */
  packing: string[];
}

const AUX_SUFFIXES = [
  '.qzeros',
  '.scales',
  '.g_idx',
  '.weight_scale',
  '.weight_scale_inv',
  '.weight_scale_2',
  '.input_scale',
  '.weight_zero_point',
  '.weight_shape',
  '.weight_global_scale',
  '.input_global_scale',
  '.absmax',
  '.quant_map',
  '.nested_absmax',
  '.nested_quant_map',
  '.SCB',
  '.weight_format',
  '_scales', // gpt-oss MXFP4 `*_scales`
];

function elements(t: SafetensorsTensor): number {
  return t.shape.reduce((a, b) => a * b, 1);
}

/**
 * Counts logical parameters over one or more safetensors headers. GPTQ and AWQ `qweight` and
 * compressed-tensors `weight_packed` int32 tensors hold 32/bits weights per element; gpt-oss MXFP4
 * `*_blocks` bytes hold two 4-bit weights; bitsandbytes 4-bit `weight` bytes hold two. Scales, zero
 * points, `g_idx` and other quantisation state are counted as `auxiliary`, not as parameters.
 */
export function countSafetensorsParams(
  headers: Iterable<Record<string, SafetensorsTensor>>,
  opts: PackingOptions = {},
): SafetensorsCount {
  const bits = opts.bits ?? 4;
  const perInt32 = 32 / bits;
  const byDtype: Record<string, number> = {};
  const packing = new Set<string>();
  let total = 0;
  let auxiliary = 0;
  let tensors = 0;
  let dataBytes = 0;
  const add = (key: string, n: number) => {
    byDtype[key] = (byDtype[key] ?? 0) + n;
    total += n;
  };
  for (const header of headers) {
    const names = Object.keys(header);
    const bnb4 = new Set(
      names
        .filter((n) => /\.quant_state\.bitsandbytes__(nf4|fp4)$/.test(n))
        .map((n) => n.replace(/\.quant_state\.bitsandbytes__(nf4|fp4)$/, '')),
    );
    for (const [name, t] of Object.entries(header)) {
      tensors++;
      dataBytes += t.data_offsets[1] - t.data_offsets[0];
      const n = elements(t);
      if (name.includes('.quant_state.') || AUX_SUFFIXES.some((s) => name.endsWith(s))) {
        auxiliary += n;
      } else if ((name.endsWith('.qweight') || name.endsWith('.weight_packed')) && t.dtype === 'I32') {
        packing.add(name.endsWith('.qweight') ? 'gptq-awq' : 'compressed-tensors');
        add(`INT${bits}`, n * perInt32);
      } else if (name.endsWith('_blocks') && t.dtype === 'U8') {
        packing.add('mxfp4');
        add('MXFP4', n * 2);
      } else if (t.dtype === 'U8' && bnb4.has(name)) {
        packing.add('bitsandbytes-4bit');
        add('NF4', n * 2);
      } else {
        add(t.dtype, n);
      }
    }
  }
  return { total, byDtype, auxiliary, tensors, dataBytes, packing: [...packing] };
}
