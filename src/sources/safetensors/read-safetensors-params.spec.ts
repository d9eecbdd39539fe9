import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSafetensors, buildSafetensorsFromHeader } from '../../../test/helpers/build-safetensors.ts';
import { fakeHubFetch } from '../../../test/helpers/fake-hub.ts';
import { readSafetensorsParams } from './read-safetensors-params.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'omo-safetensors-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function put(name: string, data: Buffer | string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, data);
  return file;
}

describe('readSafetensorsParams: local files', () => {
  it('counts parameters per dtype from a single file', async () => {
    const file = await put(
      'single.safetensors',
      buildSafetensors(
        {
          'model.embed_tokens.weight': { dtype: 'BF16', shape: [100, 16] },
          'model.norm.weight': { dtype: 'F32', shape: [16] },
          'model.layers.0.mlp.gate_proj.weight': { dtype: 'F8_E4M3', shape: [32, 16] },
          'model.layers.0.mlp.gate_proj.weight_scale_inv': { dtype: 'F32', shape: [1, 1] },
        },
        { total_parameters: '2128' },
      ),
    );
    const r = await readSafetensorsParams(file);
    expect(r.total).toBe(1600 + 16 + 512);
    expect(r.byDtype).toEqual({ BF16: 1600, F32: 16, F8_E4M3: 512 });
    expect(r.auxiliary).toBe(1);
    expect(r.tensors).toBe(4);
    expect(r.declaredTotal).toBe(2128);
    expect(r.source.kind).toBe('file');
  });

  it('unpacks GPTQ int4 weights and ignores qzeros, scales and g_idx', async () => {
    const sub = path.join(dir, 'gptq');
    await import('node:fs/promises').then((fs) => fs.mkdir(sub));
    await writeFile(
      path.join(sub, 'model.safetensors'),
      buildSafetensors({
        'model.layers.0.self_attn.q_proj.qweight': { dtype: 'I32', shape: [64 / 8, 64] },
        'model.layers.0.self_attn.q_proj.qzeros': { dtype: 'I32', shape: [1, 64 / 8] },
        'model.layers.0.self_attn.q_proj.scales': { dtype: 'F16', shape: [1, 64] },
        'model.layers.0.self_attn.q_proj.g_idx': { dtype: 'I32', shape: [64] },
        'model.layers.0.self_attn.q_proj.bias': { dtype: 'F16', shape: [64] },
        'lm_head.weight': { dtype: 'F16', shape: [10, 64] },
      }),
    );
    await writeFile(
      path.join(sub, 'config.json'),
      JSON.stringify({ quantization_config: { quant_method: 'gptq', bits: 4 } }),
    );
    const r = await readSafetensorsParams(sub);
    expect(r.total).toBe(64 * 64 + 64 + 640);
    expect(r.byDtype).toEqual({ INT4: 4096, F16: 704 });
    expect(r.auxiliary).toBe(8 + 64 + 64);
    expect(r.packing).toEqual(['gptq-awq']);
    // 8-bit packing from the config: 4 weights per int32
    await writeFile(path.join(sub, 'config.json'), JSON.stringify({ quantization_config: { bits: 8 } }));
    expect((await readSafetensorsParams(sub)).byDtype.INT8).toBe(2048);
  });

  it('unpacks MXFP4 blocks (gpt-oss) and keeps their scales out', async () => {
    const file = await put(
      'mxfp4.safetensors',
      buildSafetensors({
        'model.layers.0.mlp.experts.gate_up_proj_blocks': { dtype: 'U8', shape: [4, 8, 2, 16] },
        'model.layers.0.mlp.experts.gate_up_proj_scales': { dtype: 'U8', shape: [4, 8, 2] },
        'model.layers.0.mlp.experts.gate_up_proj_bias': { dtype: 'BF16', shape: [4, 8] },
      }),
    );
    const r = await readSafetensorsParams(file);
    expect(r.byDtype).toEqual({ MXFP4: 4 * 8 * 64, BF16: 32 });
    expect(r.auxiliary).toBe(64);
  });

  it('reads every shard named by model.safetensors.index.json', async () => {
    const sub = path.join(dir, 'sharded');
    await import('node:fs/promises').then((fs) => fs.mkdir(sub));
    await writeFile(
      path.join(sub, 'model-00001-of-00002.safetensors'),
      buildSafetensors({ 'a.weight': { dtype: 'BF16', shape: [10, 10] } }),
    );
    await writeFile(
      path.join(sub, 'model-00002-of-00002.safetensors'),
      buildSafetensors({
        'b.weight': { dtype: 'BF16', shape: [5, 10] },
        'c.weight': { dtype: 'F32', shape: [3] },
      }),
    );
    await writeFile(
      path.join(sub, 'model.safetensors.index.json'),
      JSON.stringify({
        metadata: { total_size: 1000 },
        weight_map: {
          'a.weight': 'model-00001-of-00002.safetensors',
          'b.weight': 'model-00002-of-00002.safetensors',
          'c.weight': 'model-00002-of-00002.safetensors',
        },
      }),
    );
    const fromDir = await readSafetensorsParams(sub);
    expect(fromDir.total).toBe(153);
    expect(fromDir.files).toHaveLength(2);
    const fromIndex = await readSafetensorsParams(path.join(sub, 'model.safetensors.index.json'));
    expect(fromIndex.total).toBe(153);
  });
});

describe('readSafetensorsParams: hostile files', () => {
  it('refuses a header claiming 10 GB without reading it', async () => {
    const prefix = Buffer.alloc(8);
    prefix.writeBigUInt64LE(10_000_000_000n);
    const file = await put('huge-header.safetensors', Buffer.concat([prefix, Buffer.from('{"a":')]));
    await expect(readSafetensorsParams(file)).rejects.toThrow(
      /header claims 10000000000 bytes, more than the/,
    );
    await expect(readSafetensorsParams(file)).rejects.toMatchObject({ code: 'invalid_safetensors' });
  });

  it('reports a truncated header', async () => {
    const full = buildSafetensors({ 'a.weight': { dtype: 'F32', shape: [4] } });
    const file = await put('truncated-header.safetensors', full.subarray(0, 20));
    await expect(readSafetensorsParams(file)).rejects.toThrow(
      /truncated-header.safetensors: file is truncated/,
    );
  });

  it('reports truncated tensor data', async () => {
    const full = buildSafetensors({ 'a.weight': { dtype: 'F32', shape: [1000] } });
    const file = await put('truncated-data.safetensors', full.subarray(0, full.length - 100));
    await expect(readSafetensorsParams(file)).rejects.toThrow(
      /file is truncated: tensor "a.weight" ends at byte 4000/,
    );
  });

  it('reports files shorter than the length prefix', async () => {
    const file = await put('tiny.safetensors', Buffer.from([1, 2, 3]));
    await expect(readSafetensorsParams(file)).rejects.toThrow(/shorter than the 8-byte header length/);
  });

  it('reports a non-JSON header', async () => {
    const body = Buffer.from('not json at all!');
    const prefix = Buffer.alloc(8);
    prefix.writeBigUInt64LE(BigInt(body.length));
    const file = await put('garbage.safetensors', Buffer.concat([prefix, body]));
    await expect(readSafetensorsParams(file)).rejects.toThrow(/header is not valid JSON/);
  });

  it('reports unknown dtypes and inconsistent offsets', async () => {
    const make = (header: unknown, data = 64) => {
      const json = Buffer.from(JSON.stringify(header));
      const prefix = Buffer.alloc(8);
      prefix.writeBigUInt64LE(BigInt(json.length));
      return Buffer.concat([prefix, json, Buffer.alloc(data)]);
    };
    const dtype = await put(
      'dtype.safetensors',
      make({ x: { dtype: 'Q9', shape: [2], data_offsets: [0, 2] } }),
    );
    await expect(readSafetensorsParams(dtype)).rejects.toThrow(/unknown dtype "Q9"/);
    const offsets = await put(
      'offsets.safetensors',
      make({ x: { dtype: 'F32', shape: [4], data_offsets: [0, 8] } }),
    );
    await expect(readSafetensorsParams(offsets)).rejects.toThrow(
      /needs 16 bytes but its data_offsets span 8/,
    );
    const shape = await put(
      'shape.safetensors',
      make({ x: { dtype: 'F32', shape: [-1], data_offsets: [0, 4] } }),
    );
    await expect(readSafetensorsParams(shape)).rejects.toThrow(/invalid shape/);
  });

  it('refuses hostile headers: inherited dtype names, uncountable shapes, shared bytes, data past the file', async () => {
    const hostile = async (name: string, header: Record<string, unknown>, data = 64) =>
      readSafetensorsParams(await put(`${name}.safetensors`, buildSafetensorsFromHeader(header, data)));
    const proto = JSON.parse('{"w": {"dtype": "__proto__", "shape": [2], "data_offsets": [0, 2]}}');
    await expect(hostile('proto', proto)).rejects.toThrow(/tensor "w" has unknown dtype "__proto__"/);
    await expect(
      hostile('ctor', { w: { dtype: 'constructor', shape: [2], data_offsets: [0, 2] } }),
    ).rejects.toThrow(/tensor "w" has unknown dtype "constructor"/);
    const huge = [2 ** 50, 2 ** 50];
    await expect(
      hostile('huge-f4', { w: { dtype: 'F4', shape: huge, data_offsets: [0, 8] } }),
    ).rejects.toThrow(
      /tensor "w" \(F4 .*\) has 1267650600228229401496703205376 elements, more than can be counted exactly/,
    );
    await expect(
      hostile('huge-u8', { w: { dtype: 'U8', shape: huge, data_offsets: [0, 8] } }),
    ).rejects.toThrow(/has 1267650600228229401496703205376 elements/);
    await expect(
      hostile('sub-byte', { w: { dtype: 'F4', shape: [1000], data_offsets: [0, 8] } }),
    ).rejects.toThrow(/tensor "w" \(F4 \[1000\]\) needs 500 bytes but its data_offsets span 8/);
    const twice = {
      a: { dtype: 'F32', shape: [4], data_offsets: [0, 16] },
      b: { dtype: 'F32', shape: [4], data_offsets: [0, 16] },
    };
    await expect(hostile('twice', twice)).rejects.toThrow(
      /tensors "a" \[0,16\] and "b" \[0,16\] share bytes/,
    );
    const overlap = {
      a: { dtype: 'F32', shape: [4], data_offsets: [8, 24] },
      b: { dtype: 'F32', shape: [4], data_offsets: [0, 16] },
    };
    await expect(hostile('overlap', overlap)).rejects.toThrow(
      /tensors "b" \[0,16\] and "a" \[8,24\] share bytes/,
    );
    await expect(
      hostile('past-end', { w: { dtype: 'F32', shape: [4], data_offsets: [64, 80] } }),
    ).rejects.toThrow(/tensor "w" ends at byte 80 of the data section but only 64 bytes follow the header/);
    const ownProto = JSON.parse('{"__proto__": {"dtype": "F32", "shape": [4], "data_offsets": [0, 16]}}');
    await expect(hostile('own-proto', ownProto)).resolves.toMatchObject({ total: 4 });
  });

  it('refuses an index naming shards outside its folder', async () => {
    const file = await put('bad.index.json', JSON.stringify({ weight_map: { a: '../../etc/passwd' } }));
    await expect(readSafetensorsParams(file)).rejects.toThrow(/unsafe shard/);
  });

  it('says when a path is neither a file nor a repo id', async () => {
    await expect(readSafetensorsParams('./nope/not/here.safetensors')).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});

describe('readSafetensorsParams: Hub', () => {
  it('reads headers by range requests from hubUrl with the token', async () => {
    const seen: Request[] = [];
    const fetch = fakeHubFetch(
      {
        'acme/tiny/model.safetensors': buildSafetensors({
          'a.weight': { dtype: 'BF16', shape: [4, 8] },
          'b.weight': { dtype: 'F32', shape: [8] },
        }),
        'acme/tiny/config.json': '{"model_type":"llama"}',
      },
      seen,
    );
    const r = await readSafetensorsParams('acme/tiny', {
      hubUrl: 'http://hub.test',
      fetch,
      accessToken: 'hf_test',
    });
    expect(r.total).toBe(40);
    expect(r.source).toEqual({ kind: 'hub', location: 'http://hub.test/acme/tiny' });
    expect(seen.every((s) => s.url.startsWith('http://hub.test/acme/tiny/'))).toBe(true);
    expect(seen.every((s) => s.headers.get('authorization') === 'Bearer hf_test')).toBe(true);
  });

  it('reports a repo without safetensors', async () => {
    const fetch = fakeHubFetch({});
    await expect(
      readSafetensorsParams('acme/empty', { hubUrl: 'http://hub.test', fetch }),
    ).rejects.toMatchObject({
      code: 'invalid_safetensors',
    });
  });
});
