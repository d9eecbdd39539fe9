import os from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.spec.ts', 'test/**/*.test.ts'],
    // Bounds for a test that hangs, not for how fast the code is: seven people share this 2-core machine, and a
    // test that needs 10 s alone took 20 s at a load of 15.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: a single worker on a 2-core machine, files one after
    // another. Most of this suite's time is spent waiting (for child processes, PostgreSQL, Chromium, worker
    // threads), so two files at a time finish sooner even on two cores.
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
    globalSetup: ['test/global-setup.ts'],
    // The JSON report lets .ci/run print one plain closing line: 'Tests: N passed, N failed, N skipped'.
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});
