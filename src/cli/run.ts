import { markOwnProcess } from './batch-priority.ts';
import { main } from './main.ts';

// Entry point of the `omo` command. `serve` keeps running after main() returns; a command may also have set
// process.exitCode itself (e.g. `catalog check --strict` with warnings).
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

markOwnProcess();
const code = await main(process.argv.slice(2));
if (code !== 0) process.exitCode = code;
