import { defineConfig } from 'vitest/config';

// Its own config, so vitest does not take tools/vitest.config.ts (the workspace tools' tests) from the folder above.
export default defineConfig({ test: { include: ['src/**/*.test.ts'] } });
