import { defineConfig } from 'vitest/config';

// This project also owns the build tools beside it (tools/compose, tools/bundle), which have no project of their own.
export default defineConfig({
  test: { dir: '..', include: ['local-stack/**/*.test.ts', 'compose/**/*.test.ts', 'bundle/**/*.test.ts'], testTimeout: 30_000 },
});
