import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINI_CATALOG } from './helpers/catalog-fixture.ts';
import { startServe } from './helpers/run-omo.ts';
import { stopProcess } from './helpers/stop-process.ts';

// The wiring of the real `omo serve` process: its --allowed-host flag reaches the Host check, and its server answers
// what Node's HTTP parser refuses (a URL over 16 KB) in the error shape. The checks themselves are tested in-process
// (test/strict-input.test.ts); this shows the process puts them in place.

/** GET `url` with the Host header given, reading the whole answer. */
function get(url: string, host?: string): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: host ? { Host: host } : {} }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => {
        body += d;
      });
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'] ?? '', body }),
      );
    });
    req.on('error', reject);
  });
}

describe('omo serve over a real socket', () => {
  let home: string;
  let child: ChildProcess;
  let base: string;

  beforeAll(async () => {
    home = mkdtempSync(path.join(os.tmpdir(), 'omo-serve-wiring-'));
    ({ child, url: base } = await startServe(['--allowed-host', 'omo.lan'], {
      OMO_HOME: home,
      OMO_CATALOG: MINI_CATALOG,
    }));
  }, 90_000);
  afterAll(async () => {
    if (child) await stopProcess(child);
    rmSync(home, { recursive: true, force: true });
  });

  it('answers the Host named by --allowed-host and this machine’s names, refuses another with 421', async () => {
    const port = new URL(base).port;
    for (const host of [`omo.lan:${port}`, 'OMO.LAN', `localhost:${port}`, `127.0.0.1:${port}`]) {
      const res = await get(`${base}healthz`, host);
      expect(res.status, host).toBe(200);
    }
    const refused = await get(`${base}api/models`, `attacker.example:${port}`);
    expect(refused.status).toBe(421);
    expect(refused.type).toContain('application/json');
    expect(JSON.parse(refused.body)).toEqual({
      error: {
        code: 'host_not_allowed',
        message:
          'this server does not answer for Host "attacker.example"; `omo serve --allowed-host attacker.example` lets it',
      },
    });
    // A name that merely contains an allowed one is another name.
    expect((await get(`${base}healthz`, 'omo.lan.attacker.example')).status).toBe(421);
  });

  it('answers a URL over 16 KB with the JSON 431, and keeps serving', async () => {
    const res = await get(`${base}api/models?q=${'a'.repeat(17 * 1024)}`);
    expect(res.status).toBe(431);
    expect(res.type).toContain('application/json');
    expect(JSON.parse(res.body)).toEqual({
      error: { code: 'request_too_large', message: expect.stringContaining('16 KB') },
    });
    // Just under the limit the app itself answers: its own cap on a search's length.
    const under = await get(`${base}api/models?q=${'a'.repeat(15 * 1024)}`);
    expect(under.status).toBe(400);
    expect(JSON.parse(under.body).error).toEqual({
      code: 'invalid_parameter',
      message: expect.stringContaining('longer than 200 characters'),
    });
    expect((await get(`${base}healthz`)).status).toBe(200);
  });
});
