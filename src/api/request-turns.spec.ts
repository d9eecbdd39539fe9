import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { takeInTurns } from './request-turns.ts';

// Node calls a server's listener once per request it reads, all the requests of one pass over the sockets in a row;
// these tests call the listener the same way and look at which requests have been started, turn by turn.

interface Fake {
  req: IncomingMessage;
  res: ServerResponse & { status?: number; body?: string };
  destroy(): void;
}

function request(url: string): Fake {
  const socket = { destroyed: false };
  const res: {
    writableEnded: boolean;
    status?: number;
    body?: string;
    writeHead(s: number): unknown;
    end(b: string): void;
  } = {
    writableEnded: false,
    writeHead(status: number) {
      res.status = status;
      return res;
    },
    end(body: string) {
      res.body = body;
      res.writableEnded = true;
    },
  };
  return {
    req: { url, socket } as unknown as IncomingMessage,
    res: res as unknown as Fake['res'],
    destroy: () => {
      socket.destroyed = true;
    },
  };
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

function recorder() {
  const started: string[] = [];
  return { started, listener: (req: IncomingMessage) => void started.push(req.url ?? '') };
}

describe('takeInTurns', () => {
  it('answers /healthz when it is read while the requests read before it wait for their turns', async () => {
    const r = recorder();
    const listen = takeInTurns(r.listener, { immediate: new Set(['/healthz']), perTurn: 2 });
    for (let i = 0; i < 10; i++) listen(request(`/api/models?i=${i}`).req, request('').res);
    listen(request('/healthz?x=1').req, request('').res);
    expect(r.started).toEqual(['/healthz?x=1']);

    await nextTurn();
    expect(r.started).toEqual(['/healthz?x=1', '/api/models?i=0', '/api/models?i=1']);
    // A /healthz read now is still answered before the eight that wait.
    listen(request('/healthz').req, request('').res);
    expect(r.started.at(-1)).toBe('/healthz');
    for (let turn = 0; turn < 4; turn++) await nextTurn();
    expect(r.started.filter((u) => u.startsWith('/api/'))).toEqual(
      Array.from({ length: 10 }, (_, i) => `/api/models?i=${i}`),
    );
  });

  it('does not start a request whose client went away while it waited', async () => {
    const r = recorder();
    const listen = takeInTurns(r.listener, { immediate: new Set(), perTurn: 4 });
    const gone = request('/gone');
    listen(request('/a').req, request('').res);
    listen(gone.req, gone.res);
    listen(request('/b').req, request('').res);
    gone.destroy();
    await nextTurn();
    expect(r.started).toEqual(['/a', '/b']);
  });

  it('answers 503 overloaded at once when too many requests wait, and takes requests again once they have gone', async () => {
    const r = recorder();
    const listen = takeInTurns(r.listener, { immediate: new Set(), perTurn: 1, maxWaiting: 3 });
    for (const u of ['/1', '/2', '/3']) listen(request(u).req, request('').res);
    const refused = request('/4');
    listen(refused.req, refused.res);
    expect(refused.res.status).toBe(503);
    expect(JSON.parse(refused.res.body ?? '')).toEqual({
      error: { code: 'overloaded', message: expect.stringContaining('retry') },
    });
    await nextTurn();
    const later = request('/5');
    listen(later.req, later.res);
    expect(later.res.status).toBeUndefined();
    for (let turn = 0; turn < 4; turn++) await nextTurn();
    expect(r.started).toEqual(['/1', '/2', '/3', '/5']);
  });
});
