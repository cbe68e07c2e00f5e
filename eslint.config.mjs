import nx from '@nx/eslint-plugin';

const testFiles = ['**/*.test.ts', '**/test/**/*.ts', '**/vitest.config.ts'];

/** What only tests may import: a production lib or app that imports a test runner ships it. */
const testOnlyPackages = ['vitest', '@vitest/*', 'fast-check'];

/** Module boundaries; `inTests` adds the test-only libs (type:testing, scope:testing) to what may be imported. */
function boundaries(inTests) {
  const testing = (tags) => (inTests ? [...tags, 'type:testing', 'scope:testing'] : tags);
  return {
    enforceBuildableLibDependency: true,
    allow: [],
    depConstraints: [
      // Layers: deployables sit on libs; libs never reach up.
      { sourceTag: 'type:app', onlyDependOnLibsWithTags: testing(['type:lib']) },
      { sourceTag: 'type:lib', onlyDependOnLibsWithTags: testing(['type:lib']) },
      // Production code of libs and apps imports no test runner (test helpers live in type:testing libs).
      ...(inTests ? [] : ['type:app', 'type:lib'].map((sourceTag) => ({ sourceTag, bannedExternalImports: testOnlyPackages }))),
      { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:lib', 'type:testing'] },
      // Tools: commands and checks (type:tool) and the tools they build on (type:tool-lib, e.g. the
      // bundler, the local stack); nothing outside tools/ imports either.
      { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:lib', 'type:testing', 'type:tool-lib', 'type:catalog'] },
      { sourceTag: 'type:tool-lib', onlyDependOnLibsWithTags: ['type:lib', 'type:testing', 'type:tool-lib', 'type:catalog'] },
      { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:lib', 'type:testing'] },
      { sourceTag: 'type:infra', onlyDependOnLibsWithTags: testing(['type:lib', 'type:catalog']) },
      // The catalog of deployables (which entities exist, every form of their names) reads the
      // apps folder: tools and infra use it; no function does, so it never reaches a Lambda bundle.
      { sourceTag: 'type:catalog', onlyDependOnLibsWithTags: [] },
      // Scopes: storage knows nothing of entities or GraphQL; the gateway knows nothing of storage.
      { sourceTag: 'scope:storage', onlyDependOnLibsWithTags: testing(['scope:storage', 'scope:shared']) },
      { sourceTag: 'scope:entity', onlyDependOnLibsWithTags: testing(['scope:entity', 'scope:storage', 'scope:shared']) },
      { sourceTag: 'scope:gateway', onlyDependOnLibsWithTags: testing(['scope:gateway', 'scope:shared']) },
      { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
      // The test helpers drive every kind of project: entity apps over real storage, the gateway, the contract.
      { sourceTag: 'scope:testing', onlyDependOnLibsWithTags: ['scope:shared', 'scope:entity', 'scope:storage', 'scope:testing'] }
    ]
  };
}

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  { ignores: ['**/dist/**', '**/node_modules/**', 'data/**', '**/.nx/**', 'tmp/**'] },
  {
    files: ['**/*.ts', '**/*.mts', '**/*.js', '**/*.mjs'],
    rules: { '@nx/enforce-module-boundaries': ['error', boundaries(false)] }
  },
  {
    // Test files may use the test-only libs (type:testing); production code never can.
    files: testFiles,
    rules: { '@nx/enforce-module-boundaries': ['error', boundaries(true)] }
  },
  {
    // Index lookups whose presence the data structure guarantees read better with `!` than with dead branches.
    files: ['**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' }
  }
];
