import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { fakeHubFetch } from '../../../test/helpers/fake-hub.ts';
import { computeParams } from '../../params/compute-params.ts';
import { readHfConfig } from './read-hf-config.ts';

const llama = {
  model_type: 'llama',
  hidden_size: 4096,
  intermediate_size: 11008,
  num_hidden_layers: 32,
  num_attention_heads: 32,
  num_key_value_heads: 32,
  vocab_size: 32000,
};

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'omo-config-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => {
  vi.unstubAllEnvs();
});

describe('readHfConfig: local', () => {
  it('reads a config file and a model directory', async () => {
    const model = path.join(dir, 'llama');
    await mkdir(model);
    await writeFile(path.join(model, 'config.json'), JSON.stringify(llama));
    const fromDir = await readHfConfig(model);
    expect(fromDir.source).toEqual({ kind: 'file', location: path.join(model, 'config.json') });
    expect(computeParams(fromDir.config).total).toBe(6_738_415_616);
    const fromFile = await readHfConfig(path.join(model, 'config.json'));
    expect(fromFile.config).toEqual(llama);
  });

  it('names the file when it is not JSON', async () => {
    const file = path.join(dir, 'broken.json');
    await writeFile(file, '{"model_type": "llama",');
    await expect(readHfConfig(file)).rejects.toThrow(/broken.json: not valid JSON/);
    await expect(readHfConfig(file)).rejects.toMatchObject({ code: 'config_unreadable' });
  });

  it('names the file and field when a size is missing, negative or absurd', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ ...llama, hidden_size: undefined }, /missing.json: config is missing required field "hidden_size"/],
      [{ ...llama, num_hidden_layers: -2 }, /"num_hidden_layers" must be positive, got -2/],
      [{ ...llama, hidden_size: 5_000_000 }, /"hidden_size" is absurdly large/],
      [{ ...llama, num_hidden_layers: 50_000 }, /"num_hidden_layers" is absurdly large/],
    ];
    for (const [config, message] of cases) {
      const file = path.join(dir, 'missing.json');
      await writeFile(file, JSON.stringify(config));
      await expect(readHfConfig(file)).rejects.toThrow(message);
      await expect(readHfConfig(file)).rejects.toMatchObject({ code: 'invalid_config' });
    }
  });

  it('accepts configs of architectures it cannot count', async () => {
    const file = path.join(dir, 'rwkv.json');
    await writeFile(file, JSON.stringify({ model_type: 'rwkv7' }));
    expect((await readHfConfig(file)).config.model_type).toBe('rwkv7');
  });

  it('rejects a JSON value that is not an object', async () => {
    const file = path.join(dir, 'array.json');
    await writeFile(file, '[1, 2, 3]');
    await expect(readHfConfig(file)).rejects.toThrow(/array.json: config must be a JSON object/);
  });

  it('says when a path is neither a file nor a repo id', async () => {
    await expect(readHfConfig('./no/such/config.json')).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('readHfConfig: Hub', () => {
  it('fetches resolve/main/config.json from hubUrl with the access token', async () => {
    const seen: Request[] = [];
    const fetch = fakeHubFetch({ 'meta-llama/Llama-2-7b-hf/config.json': JSON.stringify(llama) }, seen);
    const r = await readHfConfig('meta-llama/Llama-2-7b-hf', {
      hubUrl: 'http://hub.test/',
      fetch,
      accessToken: 'hf_x',
    });
    expect(r.source).toEqual({
      kind: 'hub',
      location: 'http://hub.test/meta-llama/Llama-2-7b-hf/resolve/main/config.json',
      repo: 'meta-llama/Llama-2-7b-hf',
    });
    expect(seen[0]?.headers.get('authorization')).toBe('Bearer hf_x');
  });

  it('honours HF_ENDPOINT and HF_TOKEN', async () => {
    vi.stubEnv('HF_ENDPOINT', 'http://mirror.test');
    vi.stubEnv('HF_TOKEN', 'hf_env');
    const seen: Request[] = [];
    const fetch = fakeHubFetch({ 'a/b/config.json': JSON.stringify(llama) }, seen);
    await readHfConfig('a/b', { fetch });
    expect(seen[0]?.url).toBe('http://mirror.test/a/b/resolve/main/config.json');
    expect(seen[0]?.headers.get('authorization')).toBe('Bearer hf_env');
  });

  it('reports missing repos and gated repos clearly', async () => {
    await expect(
      readHfConfig('a/missing', { hubUrl: 'http://hub.test', fetch: fakeHubFetch({}) }),
    ).rejects.toThrow(/a\/missing: no config.json on the Hub/);
    const gated: typeof fetch = async () => new Response('', { status: 401 });
    await expect(readHfConfig('a/gated', { hubUrl: 'http://hub.test', fetch: gated })).rejects.toThrow(
      /set HF_TOKEN/,
    );
  });

  it('names the URL when the Hub returns non-JSON', async () => {
    const fetch = fakeHubFetch({ 'a/html/config.json': '<html>' });
    await expect(readHfConfig('a/html', { hubUrl: 'http://hub.test', fetch })).rejects.toThrow(
      /http:\/\/hub.test\/a\/html\/resolve\/main\/config.json: not valid JSON/,
    );
  });
});
