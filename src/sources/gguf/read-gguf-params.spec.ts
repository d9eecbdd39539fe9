import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGguf } from '../../../test/helpers/build-gguf.ts';
import { fakeHubFetch } from '../../../test/helpers/fake-hub.ts';
import { readGgufParams } from './read-gguf-params.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'omo-gguf-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const tiny = () =>
  buildGguf(
    {
      'general.architecture': { type: 'string', value: 'qwen2moe' },
      'general.name': { type: 'string', value: 'Tiny MoE' },
      'general.file_type': { type: 'u32', value: 15 },
      'qwen2moe.context_length': { type: 'u32', value: 32768 },
      'qwen2moe.block_count': { type: 'u32', value: 1 },
      'qwen2moe.embedding_length': { type: 'u32', value: 64 },
      'qwen2moe.expert_count': { type: 'u32', value: 4 },
      'qwen2moe.expert_used_count': { type: 'u32', value: 2 },
      'tokenizer.ggml.tokens': { type: 'strings', value: ['<s>', 'a', 'b'] },
    },
    [
      { name: 'token_embd.weight', shape: [64, 100], type: 8 },
      { name: 'blk.0.ffn_gate_exps.weight', shape: [256, 32, 4], type: 12 },
      { name: 'blk.0.attn_norm.weight', shape: [64], type: 0 },
      { name: 'output.weight', shape: [64, 100], type: 1 },
    ],
  );

describe('readGgufParams', () => {
  it('reads architecture, file type, experts, context and the exact parameter count', async () => {
    const file = path.join(dir, 'tiny.gguf');
    const bytes = tiny();
    await writeFile(file, bytes);
    const r = await readGgufParams(file);
    expect(r.total).toBe(6400 + 256 * 32 * 4 + 64 + 6400);
    expect(r.architecture).toBe('qwen2moe');
    expect(r.name).toBe('Tiny MoE');
    expect(r.fileType).toBe('Q4_K_M');
    expect(r.byTensorType).toEqual({ Q8_0: 6400, Q4_K: 32768, F32: 64, F16: 6400 });
    expect(r.experts).toEqual({ count: 4, usedPerToken: 2, shared: 0 });
    expect(r.contextLength).toBe(32768);
    expect(r.blockCount).toBe(1);
    expect(r.embeddingLength).toBe(64);
    expect(r.tensors).toBe(4);
    expect(r.fileBytes).toBe(bytes.length);
  });

  it('rejects a file that is not GGUF', async () => {
    const file = path.join(dir, 'fake.gguf');
    await writeFile(file, Buffer.alloc(64, 7));
    await expect(readGgufParams(file)).rejects.toThrow(/fake.gguf: not a GGUF file/);
  });

  it('rejects a truncated file', async () => {
    const file = path.join(dir, 'short.gguf');
    await writeFile(file, Buffer.from('GGUF'));
    await expect(readGgufParams(file)).rejects.toMatchObject({ code: 'invalid_gguf' });
    const cut = path.join(dir, 'cut.gguf');
    await writeFile(cut, tiny().subarray(0, 120));
    await expect(readGgufParams(cut)).rejects.toMatchObject({ code: 'invalid_gguf' });
  });

  it('says when the path does not exist', async () => {
    await expect(readGgufParams(path.join(dir, 'missing.gguf'))).rejects.toMatchObject({ code: 'not_found' });
  });

  it('reads owner/name/file.gguf from hubUrl by range requests', async () => {
    const seen: Request[] = [];
    const fetch = fakeHubFetch({ 'acme/tiny-GGUF/tiny-Q4_K_M.gguf': tiny() }, seen);
    const r = await readGgufParams('acme/tiny-GGUF/tiny-Q4_K_M.gguf', {
      hubUrl: 'http://hub.test',
      fetch,
      accessToken: 'hf_g',
    });
    expect(r.total).toBe(45632);
    expect(r.source).toEqual({
      kind: 'url',
      location: 'http://hub.test/acme/tiny-GGUF/resolve/main/tiny-Q4_K_M.gguf',
    });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((s) => s.headers.get('authorization') === 'Bearer hf_g')).toBe(true);
  });
});
