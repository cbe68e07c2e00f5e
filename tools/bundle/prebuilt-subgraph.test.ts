import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSubgraphSchema as apolloBuildSubgraphSchema } from '@apollo/subgraph';
import { subgraphSdl } from '@egg/entity-runtime';
import { expandSubgraph, type ExpandedSubgraph } from '@egg/entity-runtime/subgraph-expansion';
import { buildSubgraphSchema } from '@egg/entity-runtime/subgraph-schema';
import { execute, getIntrospectionQuery, parse, printSchema, type GraphQLSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { loadDeclaration } from './supergraph.ts';
import { entityNames } from '@egg/shared-catalog';
import { expansionModule, REFUSAL } from './prebuilt-subgraph.ts';

const appsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../apps');

const run = async (schema: GraphQLSchema, query: string, variables?: Record<string, unknown>) =>
  JSON.parse(JSON.stringify(await execute({ schema, document: parse(query), variableValues: variables })));

describe("the runtime's subgraph schema", () => {
  it.each(entityNames())('%s: same schema, introspection, _service SDL and entity resolution as @apollo/subgraph', async (name) => {
    const sdl = subgraphSdl(await loadDeclaration(appsDir, name));
    const typeName = /^type (\w+) @key/m.exec(sdl)![1];
    const resolvers = { [typeName]: { __resolveReference: (ref: { id: string }) => ({ ...ref, resolved: true }) } };
    const real = apolloBuildSubgraphSchema({ typeDefs: parse(sdl), resolvers: resolvers as never });
    const ours = buildSubgraphSchema(expandSubgraph(sdl), resolvers);
    expect(printSchema(ours)).toBe(printSchema(real));
    expect(await run(ours, getIntrospectionQuery())).toEqual(await run(real, getIntrospectionQuery()));
    const service = '{ _service { sdl } }';
    expect(await run(ours, service)).toEqual(await run(real, service));
    const entities = `query($r: [_Any!]!) { _entities(representations: $r) { __typename ... on ${typeName} { id } } }`;
    const variables = { r: [{ __typename: typeName, id: 'x1', asOf: 1 }] };
    expect(await run(ours, entities, variables)).toEqual(await run(real, entities, variables));
    expect((await run(ours, entities, variables)).data._entities).toEqual([{ __typename: typeName, id: 'x1' }]);
  });
});

describe('the expansion computed at bundle time', () => {
  const load = async (expanded: ExpandedSubgraph) =>
    (await import(`data:text/javascript,${encodeURIComponent(expansionModule(expanded))}`)) as { expandSubgraph: (sdl: string) => ExpandedSubgraph };

  it('answers the expansion of its SDL, as the runtime computes it', async () => {
    const sdl = subgraphSdl(await loadDeclaration(appsDir, 'coop'));
    const { expandSubgraph: prebuilt } = await load(expandSubgraph(sdl));
    expect(prebuilt(sdl)).toEqual(expandSubgraph(sdl));
  });

  it('refuses any other SDL', async () => {
    const { expandSubgraph: prebuilt } = await load(expandSubgraph('type Query { a: Int }'));
    expect(() => prebuilt('type Query { b: Int }')).toThrow(REFUSAL);
  });
});
