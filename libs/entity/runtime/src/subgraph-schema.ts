/**
 * The subgraph's executable schema: its expansion (subgraph-expansion.ts) built by graphql-js,
 * resolvers wired as `@apollo/subgraph` 2.14's buildSubgraphSchema wires them, for the shapes
 * resolvers.ts gives (fields and `__resolveReference` of object types); test/subgraph-schema.test.ts
 * holds the two to the same schema and answers. Built with the graphql-js this code imports, the
 * schema and the executor are always one copy of it, and the bundler keeps only what runs.
 */
import { buildASTSchema, isObjectType, type GraphQLFieldResolver, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import type { ResolverMap } from './resolvers.ts';
import type { ExpandedSubgraph } from './subgraph-expansion.ts';

type Resolver = GraphQLFieldResolver<unknown, unknown>;
type Reference = { __typename: string } & Record<string, unknown>;
type ResolveReference = (reference: Reference, context: unknown, info: GraphQLResolveInfo) => unknown;

const resolveReferenceOf = (extensions: Record<string, unknown>): ResolveReference | undefined =>
  (extensions as { apollo?: { subgraph?: { resolveReference?: ResolveReference } } }).apollo?.subgraph?.resolveReference;

/** As @apollo/subgraph's addResolversToSchema for object types; resolvers of other kinds are refused. */
function addResolvers(schema: GraphQLSchema, resolvers: ResolverMap): void {
  for (const [typeName, fields] of Object.entries(resolvers)) {
    const type = schema.getType(typeName);
    if (!isObjectType(type)) throw new Error(`subgraph schema: resolvers for ${typeName}, which is not an object type of the schema`);
    const fieldMap = type.getFields();
    for (const [fieldName, resolver] of Object.entries(fields)) {
      if (fieldName === '__resolveReference') {
        const apollo = (type.extensions as { apollo?: { subgraph?: object } }).apollo;
        type.extensions = { ...type.extensions, apollo: { ...apollo, subgraph: { ...apollo?.subgraph, resolveReference: resolver } } };
      } else if (fieldMap[fieldName]) fieldMap[fieldName].resolve = resolver as Resolver;
    }
  }
}

/** The object with its `__typename`, as @apollo/subgraph's maybeAddTypeNameToPossibleReturn gives it. */
async function withTypename(value: unknown, typename: string): Promise<unknown> {
  const object = await value;
  if (object === null || typeof object !== 'object') return object;
  if ('__typename' in object && object.__typename !== typename) return { ...object, __typename: typename };
  return Object.defineProperty(object, '__typename', { value: typename });
}

/** As @apollo/subgraph's entitiesResolver, for object types. */
const entities: Resolver = (_source, args, context, info) =>
  (args as { representations: Reference[] }).representations.map((reference) => {
    const type = info.schema.getType(reference.__typename);
    if (!isObjectType(type)) {
      throw new Error(`The _entities resolver tried to load an entity for type "${reference.__typename}", but no object or interface type of that name was found in the schema`);
    }
    const resolveReference = resolveReferenceOf(type.extensions as Record<string, unknown>);
    return withTypename(resolveReference ? resolveReference(reference, context, info) : reference, reference.__typename);
  });

export function buildSubgraphSchema(expanded: ExpandedSubgraph, resolvers: ResolverMap): GraphQLSchema {
  // federation-internals validated the expansion (at bundle time, in the bundles).
  const schema = buildASTSchema(expanded.schema, { assumeValid: true, assumeValidSDL: true });
  const query = schema.getQueryType()!.name;
  addResolvers(schema, { [query]: { _service: () => ({ sdl: expanded.sdl }) } });
  if (expanded.hasEntities) {
    addResolvers(schema, { [query]: { _entities: entities } });
    const entityUnion = schema.getType('_Entity') as { resolveType?: (parent: { __typename: string }) => string };
    entityUnion.resolveType = (parent) => parent.__typename;
  }
  addResolvers(schema, resolvers);
  return schema;
}
