import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { env: { APOLLO_TELEMETRY_DISABLED: 'true' }, testTimeout: 20_000 },
});
