/**
 * An entity's subgraph schema, built at bundle time. `@apollo/subgraph`'s buildSubgraphSchema
 * checks and expands the SDL with `@apollo/federation-internals` (a third of an entity bundle,
 * and about 50 ms of a cold start) to produce the same schema every time for one declaration.
 * The bundle gets the result instead (the expanded schema's AST as text and the `_service`
 * SDL) and subgraph-shim.ts's buildSubgraphSchema over it. It also keeps federation-internals,
 * under the Elastic License, out of the entity functions.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSubgraph, FEDERATION_UNNAMED_SUBGRAPH_NAME, printSchema } from '@apollo/federation-internals';
import { subgraphSdl } from '@egg/entity-runtime';
import type { Plugin } from 'esbuild';
import { parse, print, type DocumentNode } from 'graphql';
import { nameOf } from '@egg/shared-catalog';
import { loadDeclaration } from './supergraph.ts';
import type { PrebuiltSubgraph } from './subgraph-shim.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const SHIM = path.join(here, 'subgraph-shim.ts');

export function prebuildSubgraph(typeDefs: DocumentNode): PrebuiltSubgraph {
  const subgraph = buildSubgraph(FEDERATION_UNNAMED_SUBGRAPH_NAME, '', typeDefs, false);
  const ast = subgraph.schema.toAST();
  // What Schema.toGraphQLJSSchema adds before buildASTSchema; our SDL defines every type it extends.
  const extra = (subgraph.schema as unknown as { emptyASTDefinitionsForExtensionsWithoutDefinition(): [] })
    .emptyASTDefinitionsForExtensionsWithoutDefinition();
  if (extra.length > 0) throw new Error('prebuilt subgraph: extensions without a definition are not supported');
  return {
    source: print(typeDefs),
    schema: print(ast),
    sdl: printSchema(subgraph.schema),
    hasEntities: subgraph.metadata().entityType() !== undefined,
  };
}

/** For the entity runtime's import of `@apollo/subgraph` in the bundle of app folder `folder`. */
export function prebuiltSubgraphPlugin(folder: string): Plugin {
  return {
    name: 'egg-prebuilt-subgraph',
    setup(build) {
      build.onResolve({ filter: /^@apollo\/subgraph$/ }, (args) =>
        args.importer.includes(`${path.sep}libs${path.sep}entity${path.sep}runtime${path.sep}`)
          ? { path: folder, namespace: 'egg-prebuilt-subgraph' }
          : undefined,
      );
      build.onLoad({ filter: /.*/, namespace: 'egg-prebuilt-subgraph' }, async () => {
        const decl = await loadDeclaration(path.join(root, 'apps'), nameOf(folder));
        const prebuilt = prebuildSubgraph(parse(subgraphSdl(decl)));
        return {
          contents: `import { fromPrebuilt } from ${JSON.stringify(SHIM)};\nexport const buildSubgraphSchema = fromPrebuilt(${JSON.stringify(prebuilt)});`,
          loader: 'js',
          resolveDir: root,
        };
      });
    },
  };
}
