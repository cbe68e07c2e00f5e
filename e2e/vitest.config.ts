import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // Outage tests drive a test broker of their own: they belong to the Kafka pass.
    exclude: process.env.EGG_STORAGE === 'kafka' ? [] : ['src/kafka-*.test.ts'],
    globalSetup: ['src/global-setup.ts'],
    // One stack, one shared data set: files run one after another.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 240_000,
  },
});
