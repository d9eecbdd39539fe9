import { serve } from '@hono/node-server';
import { Command } from 'commander';
import { createApp } from '../../api/app.ts';
import { ensureWebBuild } from '../../api/web-build.ts';
import { BadRequestError } from '../../domain/errors.ts';
import { createDeps, ensureCatalog } from '../../store/deps.ts';
import { globalOptions } from '../context.ts';

export function serveCommand(): Command {
  return new Command('serve')
    .description('Serve the API (and dashboard) after building or refreshing the store from the catalog')
    .option('--port <n>', 'port (default $PORT or 8787)')
    .option('--host <h>', 'address to listen on', '127.0.0.1')
    .action(async (o: { port?: string; host: string }, cmd: Command) => {
      const portText = o.port ?? process.env.PORT ?? '8787';
      const port = Number(portText);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new BadRequestError('invalid_parameter', `--port takes a port number, got "${portText}"`);
      }
      const g = globalOptions(cmd);
      const deps = createDeps({ url: g.db, catalogDir: g.catalog });
      const loaded = await ensureCatalog(deps);
      process.stderr.write(
        `${loaded.changed ? 'loaded' : 'catalog up to date:'} ${loaded.organizations} organisations, ${loaded.models} models (${deps.store.dialect} ${deps.store.location})\n`,
      );
      await ensureWebBuild((line) => process.stderr.write(`${line}\n`));
      const app = createApp(deps);
      const server = serve({ fetch: app.fetch, port, hostname: o.host }, (info) => {
        const host = info.address.includes(':') ? `[${info.address}]` : info.address;
        process.stdout.write(`omo serving on http://${host}:${info.port}/\n`);
      });
      const stop = () => {
        server.close();
        void deps.store.close().finally(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
