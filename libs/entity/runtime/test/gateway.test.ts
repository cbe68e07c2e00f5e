/**
 * The join mechanism end to end: farm, coop and hen subgraphs (each its own app over its own
 * repository) behind a real Apollo gateway, whose data sources call the apps in-process.
 */
import { randomUUID } from 'node:crypto';
import { composeServices } from '@apollo/composition';
import { ApolloServer } from '@apollo/server';
import { parse } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEntityApp, INSTANT_HEADER, subgraphSdl, type EntityApp } from '../src/index.ts';
import { coop, farm, hen } from './fixtures.ts';
import { clock, memoryRepository, send } from './helpers.ts';

process.env.APOLLO_TELEMETRY_DISABLED = 'true';

interface GatewayContext {
  instant: number;
}

describe('joins through a gateway', () => {
  const time = clock(1_000);
  const apps: Record<string, EntityApp> = {
    farm: createEntityApp(farm, memoryRepository('farm', time)),
    coop: createEntityApp(coop, memoryRepository('coop', time)),
    hen: createEntityApp(hen, memoryRepository('hen', time)),
  };
  let server: ApolloServer<GatewayContext>;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const { ApolloGateway } = await import('@apollo/gateway');
    const { supergraphSdl } = composeServices(
      [farm, coop, hen].map((d) => ({ name: d.name, typeDefs: parse(subgraphSdl(d)), url: `http://in-process/${d.name}` })),
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
    ids.farm = await post('farm', { name: 'Farm v1', farm_type: 'megafarm', zone: 'north' });
    ids.coop = await post('coop', { name: 'Coop v1', farm_id: ids.farm, capacity: 3, coop_type: 'barn' });
    ids.hen = await post('hen', { name: 'Hen v1', coop_id: ids.coop, breed: 'leghorn' });
    ids.orphan = await post('coop', { name: 'Orphan', farm_id: randomUUID(), capacity: 1, coop_type: 'shed' });
    ids.gone = await post('farm', { name: 'Gone', farm_type: 'homestead', zone: 'south' });
    ids.widow = await post('coop', { name: 'Widow', farm_id: ids.gone, capacity: 1, coop_type: 'shed' });
    ids.stray = await post('hen', { name: 'Stray', coop_id: randomUUID(), breed: 'silkie' });
    time.now = 2_000;
    expect((await send(apps.farm, 'DELETE', `/farm/api/${ids.gone}`)).status).toBeLessThan(300);
    await send(apps.coop, 'PUT', `/coop/api/${ids.coop}`, { name: 'Coop v2', farm_id: ids.farm, capacity: 3, coop_type: 'barn' });
    await send(apps.hen, 'PUT', `/hen/api/${ids.hen}`, { name: 'Hen v2', coop_id: ids.coop, breed: 'leghorn' });
    await post('hen', { name: 'Hen late', coop_id: ids.coop, breed: 'silkie' });
  });

  const run = async (query: string, instant = 10_000) => {
    const result = await server.executeOperation({ query }, { contextValue: { instant } });
    if (result.body.kind !== 'single') throw new Error('expected a single result');
    return result.body.singleResult;
  };

  it('holds the root field instant at every depth, across subgraphs', async () => {
    const query = (at: number) =>
      `{ farm(id: "${ids.farm}", at: ${at}) { name asOf coops { name asOf hens { name asOf coop { name farm { name asOf } } } } } }`;
    const then = await run(query(1_500));
    expect(then.errors).toBeUndefined();
    expect(then.data).toEqual({
      farm: {
        name: 'Farm v1',
        asOf: 1_500,
        coops: [
          {
            name: 'Coop v1',
            asOf: 1_500,
            hens: [{ name: 'Hen v1', asOf: 1_500, coop: { name: 'Coop v1', farm: { name: 'Farm v1', asOf: 1_500 } } }],
          },
        ],
      },
    });
    const now = (await run(query(2_500))).data as { farm: { coops: { hens: { name: string; coop: { name: string } }[] }[] } };
    expect(now.farm.coops[0].hens.map((h) => h.name)).toEqual(['Hen v2', 'Hen late']);
    expect(now.farm.coops[0].hens[0].coop.name).toBe('Coop v2');
  });

  it('two root fields with different at keep their own instant; without at, the operation instant holds', async () => {
    const result = await run(
      `{ a: coop(id: "${ids.coop}", at: 1500) { hens { name } } b: coop(id: "${ids.coop}", at: 2500) { hens { name } }
         c: coop(id: "${ids.coop}") { name hens { name asOf } } }`,
      1_800,
    );
    expect(result.data).toEqual({
      a: { hens: [{ name: 'Hen v1' }] },
      b: { hens: [{ name: 'Hen v2' }, { name: 'Hen late' }] },
      c: { name: 'Coop v1', hens: [{ name: 'Hen v1', asOf: 1_800 }] },
    });
  });

  it('a one-join to a missing target is null and a list-join with nothing is [], without errors', async () => {
    const result = await run(`{ coop(id: "${ids.orphan}") { farm { name } hens { name } } farm(id: "${ids.farm}", at: 999) { name } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ coop: { farm: null, hens: [] }, farm: null });
  });

  it('a one-join selecting only key fields still asks the target: missing or deleted is null', async () => {
    const result = await run(
      `{ orphan: coop(id: "${ids.orphan}") { farm { id } } orphanAsOf: coop(id: "${ids.orphan}") { farm { id asOf } }
         widow: coop(id: "${ids.widow}") { farm { id } } stray: hen(id: "${ids.stray}") { coop { id } }
         coop(id: "${ids.coop}") { farm { id } } }`,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      orphan: { farm: null },
      orphanAsOf: { farm: null },
      widow: { farm: null },
      stray: { coop: null },
      coop: { farm: { id: ids.farm } },
    });
  });

  it('a deleted target is there at an instant before the delete, with key and non-key fields', async () => {
    const query = (at: number) => `{ coop(id: "${ids.widow}", at: ${at}) { farm { id asOf } named: farm { name } } }`;
    const before = await run(query(1_500));
    expect(before.errors).toBeUndefined();
    expect(before.data).toEqual({ coop: { farm: { id: ids.gone, asOf: 1_500 }, named: { name: 'Gone' } } });
    const after = await run(query(2_000));
    expect(after.errors).toBeUndefined();
    expect(after.data).toEqual({ coop: { farm: null, named: null } });
  });
});
