import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

// The generators are a project of their own: their tests run there.
export default defineConfig({
  // graphql as Node resolves it (its CJS main) for our files too: Vite would pick its ESM
  // `module` copy, a second realm whose schemas the CJS Apollo packages reject.
  resolve: { alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }] },
  test: {
    include: [
      'local-stack/**/*.test.ts',
      'contract/**/*.test.ts',
      'compose/**/*.test.ts',
      'bundle/**/*.test.ts',
      'bench/**/*.test.ts',
      'efs-model/**/*.test.ts',
      'affected/**/*.test.ts',
      'system-packages/**/*.test.ts',
    ],
    testTimeout: 30_000,
  },
});
