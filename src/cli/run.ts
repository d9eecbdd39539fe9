import { main } from './main.ts';

// Entry point of the `omo` command. `serve` keeps running after main() returns; everything else sets the exit code.
process.exitCode = await main(process.argv.slice(2));
