import type { IncomingMessage, ServerResponse } from 'node:http';

// Node reads every request that has arrived in one pass over the sockets and, by default, starts answering each as it
// is read: with a thousand clients waiting, one pass runs hundreds of answers' synchronous work before the loop comes
// back to read the next requests, so /healthz, however cheap, waits for all of them (a p99 of 250 ms at 1,000
// connections). Taking requests in turns bounds that: a request is only queued when it is read, and each turn of the
// event loop starts a few of the queued ones. A pass over the sockets is then cheap, the work between two passes is
// a few answers' worth, and the requests that must answer at once (/healthz) skip the queue.

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

export interface TurnOptions {
  /** Requests answered as soon as they are read (the path, without the query string, is in this set). */
  immediate: ReadonlySet<string>;
  /** Queued requests started per turn of the event loop (default 4). */
  perTurn?: number;
  /** Requests that may wait; past this a request is answered 503 `overloaded` at once (default 10,000). */
  maxWaiting?: number;
}

const OVERLOADED = JSON.stringify({
  error: { code: 'overloaded', message: 'the server has too many requests waiting; retry in a second' },
});

/**
 * `listener`, taking requests in turns: the paths in `immediate` are answered when read; the rest wait in arrival
 * order and `perTurn` of them start per turn of the event loop (a `setImmediate`, which runs after the loop has read
 * what arrived). A request whose client went away while it waited is not started.
 */
export function takeInTurns(listener: Listener, options: TurnOptions): Listener {
  const perTurn = options.perTurn ?? 4;
  const maxWaiting = options.maxWaiting ?? 10_000;
  let waiting: [IncomingMessage, ServerResponse][] = [];
  let head = 0;
  let scheduled = false;

  const turn = () => {
    scheduled = false;
    let started = 0;
    while (started < perTurn && head < waiting.length) {
      const [req, res] = waiting[head] as [IncomingMessage, ServerResponse];
      waiting[head++] = undefined as never;
      if (req.socket.destroyed || res.writableEnded) continue;
      started++;
      listener(req, res);
    }
    if (head === waiting.length) {
      waiting = [];
      head = 0;
    } else {
      if (head > 1024) {
        waiting = waiting.slice(head);
        head = 0;
      }
      schedule();
    }
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(turn);
  };

  return (req, res) => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    if (options.immediate.has(q < 0 ? url : url.slice(0, q))) {
      listener(req, res);
      return;
    }
    if (waiting.length - head >= maxWaiting) {
      res.writeHead(503, {
        'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(OVERLOADED),
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
        'Retry-After': '1',
      });
      res.end(OVERLOADED);
      return;
    }
    waiting.push([req, res]);
    schedule();
  };
}
