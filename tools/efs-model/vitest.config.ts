import { defineConfig } from 'vitest/config';

// Tests start real processes (and mounts): seconds each on a busy machine.
export default defineConfig({ test: { testTimeout: 30_000 } });
