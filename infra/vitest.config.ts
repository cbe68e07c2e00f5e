import { defineConfig } from 'vitest/config';

// Whole-app synths copy 14 bundles each: slow on a shared 2-core machine, never a timing assertion.
export default defineConfig({
  test: {
    env: { APOLLO_TELEMETRY_DISABLED: 'true', CDK_DISABLE_CLI_TELEMETRY: 'true' },
    testTimeout: 180_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
