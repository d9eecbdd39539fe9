import { isIP } from 'node:net';
import type { MiddlewareHandler } from 'hono';
import { OmoError } from '../domain/errors.ts';

// DNS rebinding: a page on attacker.example whose name then resolves to 127.0.0.1 can make the browser call a
// server on the loopback address as if it were the attacker's own origin, and read its answers. The browser still
// sends `Host: attacker.example`, so a server bound to loopback answers only the names that mean this machine, and
// those its operator adds with `omo serve --allowed-host`.

/** The names a loopback address goes by. */
const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

function isLoopback(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '');
  return bare === 'localhost' || bare === '::1' || (isIP(bare) === 4 && bare.startsWith('127.'));
}

/** The host name of a Host header, without its port (`[::1]:8787` → `[::1]`). */
function hostName(host: string): string {
  const m = /^(\[[^\]]*\]|[^:]*)(:\d*)?$/.exec(host.trim());
  return (m?.[1] ?? host).toLowerCase();
}

/**
 * The Host names a server bound to `bindAddress` answers, or null for any: loopback binds answer the loopback names
 * and `extra`; other binds answer only `extra` when given (any Host otherwise, as a server on 0.0.0.0 is meant to
 * be reached by whatever name points at it).
 */
export function allowedHostsFor(bindAddress: string, extra: readonly string[] = []): string[] | null {
  const named = extra.map(hostName);
  if (isLoopback(bindAddress)) return [...new Set([...LOOPBACK_NAMES, bindAddress.toLowerCase(), ...named])];
  return named.length > 0 ? named : null;
}

/** Refuses requests whose Host is not one of `allowed`: 421 `host_not_allowed` in the error shape. */
export function hostCheck(allowed: readonly string[]): MiddlewareHandler {
  const names = new Set(allowed.map((h) => h.toLowerCase()));
  return async (c, next) => {
    const host = c.req.header('host') ?? new URL(c.req.url).host;
    const name = hostName(host);
    if (!names.has(name))
      throw new OmoError(
        'host_not_allowed',
        `this server does not answer for Host "${name.slice(0, 255)}"; \`omo serve --allowed-host ${name.slice(0, 255)}\` lets it`,
      );
    await next();
  };
}
