/**
 * The join mechanism end to end: garden, bed and plant subgraphs (each its own app over its own
 * repository) behind a real Apollo gateway, whose data sources call the apps in-process.
 */
import { randomUUID } from 'node:crypto';
import { composeServices } from '@apollo/composition';
import { ApolloServer } from '@apollo/server';
import { parse } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { INSTANT_HEADER } from '@egg/shared-contract';
import { createEntityApp, subgraphSdl, type EntityApp } from '../src/index.ts';
import { bed, garden, plant } from './fixtures.ts';
import { clock, memoryRepository, send } from './helpers.ts';

process.env.APOLLO_TELEMETRY_DISABLED = 'true';

interface GatewayContext {
  instant: number;
}

describe('joins through a gateway', () => {
  const time = clock(1_000);
  const apps: Record<string, EntityApp> = {
    garden: createEntityApp(garden, memoryRepository('garden', time)),
    bed: createEntityApp(bed, memoryRepository('bed', time)),
    plant: createEntityApp(plant, memoryRepository('plant', time)),
  };
  let server: ApolloServer<GatewayContext>;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const { ApolloGateway } = await import('@apollo/gateway');
    const { supergraphSdl } = composeServices(
      [garden, bed, plant].map((d) => ({ name: d.name, typeDefs: parse(subgraphSdl(d)), url: `http://in-process/${d.name}` })),
    );
    const gateway = new ApolloGateway({
      supergraphSdl: supergraphSdl!,
      buildService: ({ name }) => ({
        process: async ({ request, context }) => {
          const response = await apps[name!]({
            method: 'POST',
            path: `/${name}/graph`,
            query: {},
            headers: { 'content-type': 'application/json', [INSTANT_HEADER]: String((context as GatewayContext).instant) },
            body: JSON.stringify({ query: request.query, variables: request.variables }),
            fromGateway: true,
          });
          return JSON.parse(response.body);
        },
      }),
    });
    server = new ApolloServer<GatewayContext>({ gateway });
    await server.start();

    const post = async (name: string, body: object) => (await send(apps[name], 'POST', `/${name}/api`, body)).body.id as string;
    ids.garden = await post('garden', { name: 'Garden v1', garden_type: 'botanical', zone: 'north' });
    ids.bed = await post('bed', { name: 'Bed v1', garden_id: ids.garden, capacity: 3, bed_type: 'raised' });
    ids.plant = await post('plant', { name: 'Plant v1', bed_id: ids.bed, variety: 'basil' });
    ids.orphan = await post('bed', { name: 'Orphan', garden_id: randomUUID(), capacity: 1, bed_type: 'sunken' });
    ids.gone = await post('garden', { name: 'Gone', garden_type: 'allotment', zone: 'south' });
    ids.widow = await post('bed', { name: 'Widow', garden_id: ids.gone, capacity: 1, bed_type: 'sunken' });
    ids.stray = await post('plant', { name: 'Stray', bed_id: randomUUID(), variety: 'mint' });
    time.now = 2_000;
    expect((await send(apps.garden, 'DELETE', `/garden/api/${ids.gone}`)).status).toBeLessThan(300);
    await send(apps.bed, 'PUT', `/bed/api/${ids.bed}`, { name: 'Bed v2', garden_id: ids.garden, capacity: 3, bed_type: 'raised' });
    await send(apps.plant, 'PUT', `/plant/api/${ids.plant}`, { name: 'Plant v2', bed_id: ids.bed, variety: 'basil' });
    await post('plant', { name: 'Plant late', bed_id: ids.bed, variety: 'mint' });
  });

  const run = async (query: string, instant = 10_000) => {
    const result = await server.executeOperation({ query }, { contextValue: { instant } });
    if (result.body.kind !== 'single') throw new Error('expected a single result');
    return result.body.singleResult;
  };

  it('holds the root field instant at every depth, across subgraphs', async () => {
    const query = (at: number) =>
      `{ garden(id: "${ids.garden}", at: ${at}) { name asOf beds { name asOf plants { name asOf bed { name garden { name asOf } } } } } }`;
    const then = await run(query(1_500));
    expect(then.errors).toBeUndefined();
    expect(then.data).toEqual({
      garden: {
        name: 'Garden v1',
        asOf: 1_500,
        beds: [
          {
            name: 'Bed v1',
            asOf: 1_500,
            plants: [{ name: 'Plant v1', asOf: 1_500, bed: { name: 'Bed v1', garden: { name: 'Garden v1', asOf: 1_500 } } }],
          },
        ],
      },
    });
    const now = (await run(query(2_500))).data as { garden: { beds: { plants: { name: string; bed: { name: string } }[] }[] } };
    expect(now.garden.beds[0].plants.map((h) => h.name)).toEqual(['Plant v2', 'Plant late']);
    expect(now.garden.beds[0].plants[0].bed.name).toBe('Bed v2');
  });

  it('two root fields with different at keep their own instant; without at, the operation instant holds', async () => {
    const result = await run(
      `{ a: bed(id: "${ids.bed}", at: 1500) { plants { name } } b: bed(id: "${ids.bed}", at: 2500) { plants { name } }
         c: bed(id: "${ids.bed}") { name plants { name asOf } } }`,
      1_800,
    );
    expect(result.data).toEqual({
      a: { plants: [{ name: 'Plant v1' }] },
      b: { plants: [{ name: 'Plant v2' }, { name: 'Plant late' }] },
      c: { name: 'Bed v1', plants: [{ name: 'Plant v1', asOf: 1_800 }] },
    });
  });

  it('a one-join to a missing target is null and a list-join with nothing is [], without errors', async () => {
    const result = await run(`{ bed(id: "${ids.orphan}") { garden { name } plants { name } } garden(id: "${ids.garden}", at: 999) { name } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ bed: { garden: null, plants: [] }, garden: null });
  });

  it('a one-join selecting only key fields still asks the target: missing or deleted is null', async () => {
    const result = await run(
      `{ orphan: bed(id: "${ids.orphan}") { garden { id } } orphanAsOf: bed(id: "${ids.orphan}") { garden { id asOf } }
         widow: bed(id: "${ids.widow}") { garden { id } } stray: plant(id: "${ids.stray}") { bed { id } }
         bed(id: "${ids.bed}") { garden { id } } }`,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      orphan: { garden: null },
      orphanAsOf: { garden: null },
      widow: { garden: null },
      stray: { bed: null },
      bed: { garden: { id: ids.garden } },
    });
  });

  it('a deleted target is there at an instant before the delete, with key and non-key fields', async () => {
    const query = (at: number) => `{ bed(id: "${ids.widow}", at: ${at}) { garden { id asOf } named: garden { name } } }`;
    const before = await run(query(1_500));
    expect(before.errors).toBeUndefined();
    expect(before.data).toEqual({ bed: { garden: { id: ids.gone, asOf: 1_500 }, named: { name: 'Gone' } } });
    const after = await run(query(2_000));
    expect(after.errors).toBeUndefined();
    expect(after.data).toEqual({ bed: { garden: null, named: null } });
  });
});
