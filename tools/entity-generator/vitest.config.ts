import { defineConfig } from 'vitest/config';

// The CLI tests start tsx processes: seconds each on a busy machine.
export default defineConfig({ test: { include: ['src/**/*.test.ts'], testTimeout: 120_000 } });
