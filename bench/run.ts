import { runHubBench } from './hub-bench.ts';
import { runLoadBench } from './load-bench.ts';
import { runPackCheck } from './pack-check.ts';
import { runParamsBench } from './params-bench.ts';
import { runStartupBench } from './startup-bench.ts';
import { runVerifyBench } from './verify-bench.ts';
import { runVerifySpeedBench } from './verify-speed-bench.ts';
import { runWebBench } from './web-bench.ts';

// `npm run bench [name…]`: runs the named benchmarks, or all of them. Each prints its own table.
const benches: Record<string, () => Promise<void>> = {
  hub: runHubBench,
  load: runLoadBench,
  pack: runPackCheck,
  params: runParamsBench,
  startup: runStartupBench,
  verify: runVerifyBench,
  'verify-speed': runVerifySpeedBench,
  web: runWebBench,
};

const wanted = process.argv.slice(2);
for (const name of wanted) {
  if (!benches[name]) {
    console.error(`unknown benchmark "${name}"; benchmarks: ${Object.keys(benches).join(', ')}`);
    process.exit(2);
  }
}
for (const [name, run] of Object.entries(benches)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  console.log(`\n== ${name} ==`);
  await run();
}
