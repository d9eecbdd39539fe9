#!/usr/bin/env node
// The `omo` command runs the compiled JavaScript in dist/ (`npm run build`; `npm install` in a source checkout
// builds it through `prepare`, `npm start` and the tests rebuild it when stale). `npm run omo -- …` runs the
// TypeScript sources through tsx instead, for development.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/run.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write(
    'omo: not built yet: run `npm run build` (or `npm run omo -- …` to run the sources)\n',
  );
  process.exit(1);
}
await import(entry.href);
