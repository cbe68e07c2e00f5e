import { defineConfig } from 'vitest/config';

// Its own config, so vitest does not take tools/vitest.config.ts (the workspace tools' tests) from the folder above.
// The CLI tests start tsx processes: seconds each on a busy machine.
export default defineConfig({ test: { include: ['src/**/*.test.ts'], testTimeout: 120_000 } });
