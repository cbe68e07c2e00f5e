import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  // graphql as Node resolves it (its CJS main) for our files too: Vite would pick its ESM
  // `module` copy, a second realm whose schemas the CJS Apollo packages reject.
  resolve: { alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }] },
  // Each test composes or builds every entity's schema: seconds on a busy machine.
  test: { testTimeout: 30_000 },
});
