/**
 * The bundles' `@apollo/subgraph` buildSubgraphSchema: the executable schema rebuilt by
 * graphql-js from a schema prebuilt at bundle time (prebuilt-subgraph.ts), resolvers wired as
 * `@apollo/subgraph` 2.14's buildSubgraphSchema wires them. It runs only inside bundles.
 */
import { addResolversToSchema, modulesFromSDL, type GraphQLSchemaModule } from '@apollo/subgraph/dist/schema-helper/index.js';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { entitiesResolver } from '@apollo/subgraph/dist/types.js';
import { buildASTSchema, concatAST, parse, print, type DocumentNode, type GraphQLSchema } from 'graphql';

export interface PrebuiltSubgraph {
  /** The typeDefs it was built from, printed: any other SDL is refused. */
  source: string;
  /** The document graphql-js builds the executable schema from (what federation-internals hands it). */
  schema: string;
  /** The `_service { sdl }` answer. */
  sdl: string;
  hasEntities: boolean;
}

type Input = { typeDefs: DocumentNode | DocumentNode[]; resolvers?: GraphQLResolverMap<unknown> } | GraphQLSchemaModule[] | DocumentNode;

export function fromPrebuilt(prebuilt: PrebuiltSubgraph): (input: Input) => GraphQLSchema {
  return (input) => {
    let shaped: GraphQLSchemaModule[] | DocumentNode;
    if ('typeDefs' in input) {
      const { typeDefs, resolvers } = input;
      shaped = (Array.isArray(typeDefs) ? typeDefs : [typeDefs]).map((defs, i) => (i === 0 && resolvers ? { typeDefs: defs, resolvers } : { typeDefs: defs }));
    } else shaped = input;
    const modules = modulesFromSDL(shaped);
    if (print(concatAST(modules.map((m) => m.typeDefs))) !== prebuilt.source) {
      throw new Error(
        'this subgraph SDL is not the one prebuilt into the bundle (tools/bundle/prebuilt-subgraph.ts builds it from ' +
          "subgraphSdl(declaration) with the build's GRAPH_* limits, as the supergraph is composed): build with the limits the functions run with",
      );
    }
    const schema = buildASTSchema(parse(prebuilt.schema));
    const query = schema.getQueryType()!.name;
    addResolversToSchema(schema, { [query]: { _service: () => ({ sdl: prebuilt.sdl }) } });
    if (prebuilt.hasEntities) {
      addResolversToSchema(schema, {
        [query]: {
          _entities: (_source, { representations }, context, info) => entitiesResolver({ representations, context, info }),
        },
        _Entity: { __resolveType: (parent: { __typename: string }) => parent.__typename },
      });
    }
    for (const module of modules) if (module.resolvers) addResolversToSchema(schema, module.resolvers);
    return schema;
  };
}
