import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { subgraphSdl } from '@egg/entity-runtime';
import { execute, getIntrospectionQuery, parse, printSchema, type GraphQLSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { loadDeclaration } from './supergraph.ts';
import { entityNames } from '@egg/shared-catalog';
import { prebuildSubgraph } from './prebuilt-subgraph.ts';
import { fromPrebuilt } from './subgraph-shim.ts';

const appsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../apps');

const run = async (schema: GraphQLSchema, query: string, variables?: Record<string, unknown>) =>
  JSON.parse(JSON.stringify(await execute({ schema, document: parse(query), variableValues: variables })));

describe('the prebuilt subgraph schema', () => {
  it.each(entityNames())('%s: same schema, introspection, _service SDL and entity resolution as @apollo/subgraph', async (name) => {
    const typeDefs = parse(subgraphSdl(await loadDeclaration(appsDir, name)));
    const typeName = /^type (\w+) @key/m.exec(subgraphSdl(await loadDeclaration(appsDir, name)))![1];
    const resolvers = { [typeName]: { __resolveReference: (ref: { id: string }) => ({ ...ref, resolved: true }) } };
    const real = buildSubgraphSchema({ typeDefs, resolvers: resolvers as never });
    const shimmed = fromPrebuilt(prebuildSubgraph(typeDefs))({ typeDefs, resolvers: resolvers as never });
    expect(printSchema(shimmed)).toBe(printSchema(real));
    expect(await run(shimmed, getIntrospectionQuery())).toEqual(await run(real, getIntrospectionQuery()));
    const service = '{ _service { sdl } }';
    expect(await run(shimmed, service)).toEqual(await run(real, service));
    const entities = `query($r: [_Any!]!) { _entities(representations: $r) { __typename ... on ${typeName} { id } } }`;
    const variables = { r: [{ __typename: typeName, id: 'x1', asOf: 1 }] };
    expect(await run(shimmed, entities, variables)).toEqual(await run(real, entities, variables));
    expect((await run(shimmed, entities, variables)).data._entities).toEqual([{ __typename: typeName, id: 'x1' }]);
  });

  it('refuses an SDL other than the one it was built from', () => {
    const build = fromPrebuilt(prebuildSubgraph(parse('type Query { a: Int }')));
    expect(() => build({ typeDefs: parse('type Query { b: Int }') })).toThrow(/not the one prebuilt into the bundle/);
  });
});
