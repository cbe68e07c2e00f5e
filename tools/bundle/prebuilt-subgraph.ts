/**
 * An entity's subgraph expansion, computed at bundle time: the bundle gets the runtime's
 * `expandSubgraph` answered from the result (one declaration always expands alike) instead of
 * `@apollo/federation-internals`, a third of an entity bundle and ~50 ms of its first GraphQL
 * request, under the Elastic License. The answer is refused for any other SDL.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { subgraphSdl } from '@egg/entity-runtime';
import { expandSubgraph, type ExpandedSubgraph } from '@egg/entity-runtime/subgraph-expansion';
import type { Plugin } from 'esbuild';
import { nameOf } from '@egg/shared-catalog';
import { loadDeclaration } from './supergraph.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const RUNTIME_SRC = path.join(root, 'libs/entity/runtime/src') + path.sep;

export const REFUSAL =
  'this subgraph SDL is not the one expanded into the bundle (tools/bundle/prebuilt-subgraph.ts expands ' +
  "subgraphSdl(declaration) with the build's GRAPH_* limits, as the supergraph is composed): build with the limits the functions run with";

/** The module the bundle imports in place of subgraph-expansion.ts. */
export const expansionModule = (expanded: ExpandedSubgraph): string =>
  // JSON.parse of a string: faster for V8 than the same data as an object literal.
  `const expanded = JSON.parse(${JSON.stringify(JSON.stringify(expanded))});\n` +
  `export function expandSubgraph(source) {\n` +
  `  if (source !== expanded.source) throw new Error(${JSON.stringify(REFUSAL)});\n` +
  `  return expanded;\n}\n`;

/** For the entity runtime's import of subgraph-expansion.ts in the bundle of app folder `folder`. */
export function prebuiltSubgraphPlugin(folder: string): Plugin {
  return {
    name: 'egg-prebuilt-subgraph',
    setup(build) {
      build.onResolve({ filter: /\/subgraph-expansion\.ts$/ }, (args) =>
        args.importer.startsWith(RUNTIME_SRC) ? { path: folder, namespace: 'egg-subgraph-expansion' } : undefined,
      );
      build.onLoad({ filter: /.*/, namespace: 'egg-subgraph-expansion' }, async () => {
        const decl = await loadDeclaration(path.join(root, 'apps'), nameOf(folder));
        return { contents: expansionModule(expandSubgraph(subgraphSdl(decl))), loader: 'js', resolveDir: root };
      });
    },
  };
}
