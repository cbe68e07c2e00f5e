import { defineConfig } from 'vitest/config';

// The generators are a project of their own: their tests run there.
export default defineConfig({
  test: {
    include: [
      'local-stack/**/*.test.ts',
      'contract/**/*.test.ts',
      'compose/**/*.test.ts',
      'bundle/**/*.test.ts',
      'bench/**/*.test.ts',
      'efs-model/**/*.test.ts',
      'affected/**/*.test.ts',
    ],
    testTimeout: 30_000,
  },
});
