/**
 * A subgraph SDL as federation expands it: checked, with `_Entity`, `_Any`, `_Service`, the
 * `_entities` and `_service` fields and the link and federation definitions added, as
 * `@apollo/subgraph` 2.14's buildSubgraphSchema has `@apollo/federation-internals` do. One
 * declaration always expands alike, so the bundles get the expansion computed at bundle time
 * (tools/bundle/prebuilt-subgraph.ts) instead of this module and federation-internals (a third
 * of an entity bundle and ~50 ms of a cold start, under the Elastic License). Only plain data
 * leaves here: federation-internals' own copy of graphql-js never meets the schema that runs.
 */
import { buildSubgraph, FEDERATION_UNNAMED_SUBGRAPH_NAME, printSchema } from '@apollo/federation-internals';
import { parse, print, type DocumentNode } from 'graphql';

export interface ExpandedSubgraph {
  /** The SDL it was expanded from. */
  source: string;
  /**
   * The document graphql-js builds the executable schema from (what federation-internals hands
   * it), without source locations: plain data, which a bundle carries as JSON instead of parsing.
   */
  schema: DocumentNode;
  /** The `_service { sdl }` answer. */
  sdl: string;
  hasEntities: boolean;
}

export function expandSubgraph(source: string): ExpandedSubgraph {
  const subgraph = buildSubgraph(FEDERATION_UNNAMED_SUBGRAPH_NAME, '', source, false);
  // What federation-internals' Schema.toGraphQLJSSchema adds before buildASTSchema; our SDL defines every type it extends.
  const extra = (subgraph.schema as unknown as { emptyASTDefinitionsForExtensionsWithoutDefinition(): [] }).emptyASTDefinitionsForExtensionsWithoutDefinition();
  if (extra.length > 0) throw new Error('subgraph expansion: extensions without a definition are not supported');
  return {
    source,
    schema: parse(print(subgraph.schema.toAST()), { noLocation: true }),
    sdl: printSchema(subgraph.schema),
    hasEntities: subgraph.metadata().entityType() !== undefined,
  };
}
