import { appendFileSync } from 'node:fs';

// Module hooks that append every module URL a process loads to $OMO_TRACE_FILE: how a test sees what `omo`
// imports at start-up. Registered with `node --import data:…register(…)` (see test/cli-process.test.ts).
export async function load(url, context, next) {
  appendFileSync(process.env.OMO_TRACE_FILE, `${url}\n`);
  return next(url, context);
}
