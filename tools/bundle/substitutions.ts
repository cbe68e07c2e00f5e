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

/**
 * Packages' ESM builds (their `module` entry) before their CJS `main`, which Node, and so esbuild
 * for platform node, would pick: graphql-js and graphql-armor imported by name are tree-shaken
 * to what a subgraph runs. Only for entity bundles, where nothing `require()`s graphql (checked
 * here): a CJS require of the ESM build would keep all of it.
 */
const esmBuildsPlugin: Plugin = {
  name: 'egg-esm-builds',
  setup(build) {
    build.initialOptions.mainFields = ['module', 'main'];
    build.onResolve({ filter: /^graphql(\/|$)/ }, (args) => {
      if (args.kind === 'require-call') throw new Error(`${args.importer} require()s graphql: entity bundles import it by name (egg-esm-builds)`);
      return undefined;
    });
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
            why: "the runtime's subgraph expansion (federation-internals) is replaced by its result computed at bundle time, which refuses any other SDL; the runtime builds the executable schema from it as it does in the tests",
            parity: ['tools/bundle/prebuilt-subgraph.test.ts', SHIPPED_BUNDLES],
          },
          {
            plugin: esmBuildsPlugin,
            why: "packages' ESM builds (their `module` entry) instead of their CJS main: the same releases, graphql-js and graphql-armor tree-shaken to what a subgraph runs (the tests run graphql-js's ESM build too)",
            parity: [SHIPPED_BUNDLES],
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
