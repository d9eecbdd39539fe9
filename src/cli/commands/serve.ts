import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { Command } from 'commander';
import { createApp } from '../../api/app.ts';
import { answerClientErrors } from '../../api/client-errors.ts';
import { allowedHostsFor } from '../../api/host-check.ts';
import { takeInTurns } from '../../api/request-turns.ts';
import { ensureWebBuild } from '../../api/web-build.ts';
import { BadRequestError, OmoError } from '../../domain/errors.ts';
import { ensureHubListing } from '../../store/bundled-hub-listing.ts';
import { createDeps, ensureCatalog } from '../../store/deps.ts';
import { globalOptions } from '../context.ts';
import { writeErr, writeOut } from '../output.ts';

export function serveCommand(): Command {
  return new Command('serve')
    .description('Serve the API (and dashboard) after building or refreshing the store from the catalog')
    .option('--port <n>', 'port (default $PORT or 8787)')
    .option('--host <h>', 'address to listen on', '127.0.0.1')
    .option('--cors <origin>', 'let pages from this origin call the API (`*` for any)')
    .option(
      '--allowed-host <name>',
      'also answer requests for this Host name (repeatable); on a loopback --host only localhost, 127.0.0.1 and [::1] are answered, on another --host any name unless this is given',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .action(
      async (o: { port?: string; host: string; cors?: string; allowedHost: string[] }, cmd: Command) => {
        const portText = o.port ?? process.env.PORT ?? '8787';
        const port = Number(portText);
        if (!Number.isInteger(port) || port < 0 || port > 65535) {
          throw new BadRequestError('invalid_parameter', `--port takes a port number, got "${portText}"`);
        }
        const g = globalOptions(cmd);
        const deps = createDeps({ url: g.db, catalogDir: g.catalog, create: false });
        let server: ServerType;
        try {
          const loaded = await ensureCatalog(deps);
          writeErr(
            `${loaded.changed ? 'loaded' : 'catalog up to date:'} ${loaded.organizations} organisations, ${loaded.models} models (${deps.store.dialect} ${deps.store.location})\n`,
          );
          if (loaded.boards.changed) {
            writeErr(
              `loaded ${loaded.boards.snapshots} leaderboard snapshots of ${loaded.boards.boards} boards (${deps.boardsDir})\n`,
            );
          }
          // A store without Hub snapshots starts with the bundled listing, so the dashboard's adoption panel has data.
          const listing = await ensureHubListing(deps, deps.boardsDir);
          if (listing) {
            writeErr(
              `loaded the bundled Hub listing of ${listing.date} (${listing.models} models, partial) as the first Hub snapshot\n`,
            );
          }
          await ensureWebBuild((line) => writeErr(`${line}\n`));
          const allowedHosts = allowedHostsFor(o.host, o.allowedHost);
          server = await listen(createApp(deps, { cors: o.cors, allowedHosts }), port, o.host);
        } catch (e) {
          await deps.store.close();
          throw e;
        }
        const stop = () => {
          server.close();
          void deps.store.close().finally(() => process.exit(0));
        };
        // Before the URL is printed: a supervisor that signals as soon as it reads the URL (stdout to a pipe is
        // written synchronously) must find the handlers in place, not the default action that kills at once.
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        const address = server.address() as AddressInfo;
        const host = address.address.includes(':') ? `[${address.address}]` : address.address;
        writeOut(`omo serving on http://${host}:${address.port}/\n`);
      },
    );
}

/** Paths answered as soon as they are read, ahead of the waiting requests. */
const IMMEDIATE = new Set(['/healthz']);

/**
 * Resolves once the server listens; a port that is taken or not ours to use is an OmoError naming it (the listen error
 * would otherwise surface as an uncaught exception with a stack trace).
 */
function listen(app: ReturnType<typeof createApp>, port: number, hostname: string): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({
      fetch: app.fetch,
      port,
      hostname,
      // Requests are taken in turns so that a crowd of clients cannot delay /healthz (src/api/request-turns.ts).
      createServer: ((options, listener) =>
        createServer(
          options,
          takeInTurns(listener as Parameters<typeof takeInTurns>[0], { immediate: IMMEDIATE }),
        )) as typeof createServer,
    });
    answerClientErrors(server);
    server.once('listening', () => resolve(server));
    server.once('error', (e: NodeJS.ErrnoException) => {
      server.close();
      if (e.code === 'EADDRINUSE') {
        reject(
          new OmoError(
            'port_in_use',
            `port ${port} on ${hostname} is in use (another omo serve?); choose another with --port, or --port 0 for any free one`,
          ),
        );
      } else if (e.code === 'EACCES' || e.code === 'EADDRNOTAVAIL') {
        reject(
          new OmoError('cannot_listen', `cannot listen on ${hostname}:${port}: ${e.code} (${e.message})`),
        );
      } else reject(e);
    });
  });
}
