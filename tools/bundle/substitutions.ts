/**
 * Every place where the code Lambda runs differs from the code the tests run: the bundler applies
 * exactly these (bundle.ts), each with why it is safe and the test that holds the two to the same
 * answers. A substitution not listed here is not applied; one listed without a test fails
 * substitutions.test.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';
import { prebuiltSubgraphPlugin } from './prebuilt-subgraph.ts';
import { prebuiltValidatorsPlugin } from './prebuilt-validators.ts';
import { unusedModulesPlugin } from './unused-modules.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SUPERGRAPH_FILE = path.join(root, 'dist/supergraph/supergraph.graphql');

export interface Substitution {
  plugin: Plugin;
  /** What Lambda runs instead of what the tests run, and why that is safe. */
  why: string;
  /** Workspace paths of the tests that hold the bundle and the tested code to the same answers. */
  parity: string[];
}

/**
 * Packages shipped as both CJS and ESM are bundled once, as ESM: a CJS dependency that
 * require()s @apollo/server (the Lambda integration) otherwise drags in a second copy.
 */
const DUAL_PACKAGES = /^(@apollo\/server|lru-cache)(\/|$)/;
const esmOnlyPlugin: Plugin = {
  name: 'egg-esm-only',
  setup(build) {
    build.onResolve({ filter: DUAL_PACKAGES }, (args) =>
      args.kind === 'require-call' && !args.pluginData
        ? build.resolve(args.path, { kind: 'import-statement', resolveDir: args.resolveDir, pluginData: true })
        : undefined,
    );
  },
};

/** `import sdl from 'egg:supergraph'` → the composed supergraph, inlined as a string. */
const supergraphPlugin: Plugin = {
  name: 'egg-supergraph',
  setup(build) {
    build.onResolve({ filter: /^egg:supergraph$/ }, () => ({ path: SUPERGRAPH_FILE, namespace: 'egg-supergraph' }));
    build.onLoad({ filter: /.*/, namespace: 'egg-supergraph' }, (args) => ({
      contents: fs.readFileSync(args.path, 'utf8'),
      loader: 'text',
      watchFiles: [args.path],
    }));
  },
};

const SHIPPED_BUNDLES = 'infra/test/bundles-node24.test.ts';

/** The substitutions the bundle of `folder` gets, in the order esbuild applies them. */
export function substitutionsFor(folder: string): Substitution[] {
  const own: Substitution[] =
    folder === 'gateway'
      ? [
          {
            plugin: supergraphPlugin,
            why: 'the supergraph is composed at build time from the declarations and inlined; the tests compose the same declarations',
            parity: ['tools/bundle/supergraph.test.ts', 'tools/bundle/graphs.test.ts', SHIPPED_BUNDLES],
          },
        ]
      : [
          {
            plugin: prebuiltSubgraphPlugin(folder),
            why: "@apollo/subgraph's schema building (federation-internals) is replaced by the schema built at bundle time, rebuilt by subgraph-shim.ts with graphql-js; the shim refuses any other SDL",
            parity: ['tools/bundle/prebuilt-subgraph.test.ts', SHIPPED_BUNDLES],
          },
          {
            plugin: prebuiltValidatorsPlugin(folder),
            why: "Ajv's compiler at cold start is replaced by each entity's validator generated at bundle time (ajv-shim.ts hands it out for exactly its schema and options; anything else loads real Ajv from ajv-compiler.cjs)",
            parity: ['tools/bundle/prebuilt-validators.test.ts', SHIPPED_BUNDLES],
          },
        ];
  return [
    ...own,
    {
      plugin: esmOnlyPlugin,
      why: 'a require() of a dual CJS/ESM package resolves to its ESM copy, so one copy of @apollo/server and lru-cache is bundled',
      parity: [SHIPPED_BUNDLES],
    },
    {
      plugin: unusedModulesPlugin,
      why: 'modules the functions import but never run are stubs that throw naming the cut; a few are replaced by Node built-ins (unused-modules.ts lists each with why)',
      parity: [SHIPPED_BUNDLES],
    },
  ];
}
