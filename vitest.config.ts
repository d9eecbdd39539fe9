import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.spec.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    globalSetup: ['test/global-setup.ts'],
    // The JSON report lets .ci/run print one plain closing line: 'Tests: N passed, N failed, N skipped'.
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});
