import { randomUUID } from 'node:crypto';
import { captureLogs } from '@egg/shared-logging/testing';
import { MemoryEventLog, type Repository } from '@egg/storage-core';
import { describe, expect, it, vi } from 'vitest';
import { createEntityApp } from '../src/index.ts';
import { coop, farm, hen } from './fixtures.ts';
import { clock, counted, gql, memoryRepository, send } from './helpers.ts';

const farmBody = (name: string) => ({ name, farm_type: 'megafarm', zone: 'north' });
const coopBody = (name: string, farm_id: string) => ({ name, farm_id, capacity: 5, coop_type: 'barn' });

async function create(app: ReturnType<typeof createEntityApp>, name: string, body: object): Promise<{ id: string }> {
  return (await send(app, 'POST', `/${name}/api`, body)).body;
}

describe('subgraph root fields', () => {
  it('x(id), xs(limit) and xsByF answer with snake_case fields, id, created_at and asOf', async () => {
    const time = clock(1_000);
    const app = createEntityApp(farm, memoryRepository('farm', time));
    const a = await create(app, 'farm', farmBody('A'));
    time.now = 1_001;
    await create(app, 'farm', { ...farmBody('B'), zone: 'south' });
    const res = await gql(
      app,
      'farm',
      `{ farm(id: "${a.id}", at: 5000) { id name farm_type zone owner created_at asOf }
         farms(limit: 1, at: 5000) { name } all: farms(at: 5000) { name }
         farmsByZone(zone: "south", at: 5000) { name } missing: farm(id: "${randomUUID()}") { id } }`,
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data).toEqual({
      farm: { id: a.id, name: 'A', farm_type: 'megafarm', zone: 'north', owner: null, created_at: 1_000, asOf: 5_000 },
      farms: [{ name: 'A' }],
      all: [{ name: 'A' }, { name: 'B' }],
      farmsByZone: [{ name: 'B' }],
      missing: null,
    });
  });

  it('travels in time: each root field keeps its own at', async () => {
    const time = clock(1_000);
    const app = createEntityApp(farm, memoryRepository('farm', time));
    const a = await create(app, 'farm', farmBody('Old'));
    time.now = 2_000;
    await send(app, 'PUT', `/farm/api/${a.id}`, farmBody('New'));
    const res = await gql(
      app,
      'farm',
      `{ before: farm(id: "${a.id}", at: 999) { name }
         then: farm(id: "${a.id}", at: 1500) { name asOf }
         now: farm(id: "${a.id}", at: 2000) { name asOf }
         zone: farmsByZone(zone: "north", at: 1999) { name } }`,
    );
    expect(res.body.data).toEqual({
      before: null,
      then: { name: 'Old', asOf: 1_500 },
      now: { name: 'New', asOf: 2_000 },
      zone: [{ name: 'Old' }],
    });
  });

  it('without at, reads at the x-egg-instant header, else at the request start', async () => {
    const time = clock(1_000);
    const app = createEntityApp(farm, memoryRepository('farm', time));
    const a = await create(app, 'farm', farmBody('Old'));
    time.now = 2_000;
    await send(app, 'PUT', `/farm/api/${a.id}`, farmBody('New'));
    const pinned = await gql(app, 'farm', `{ farm(id: "${a.id}") { name asOf } farms { asOf } }`, { 'x-egg-instant': '1500' });
    expect(pinned.body.data).toEqual({ farm: { name: 'Old', asOf: 1_500 }, farms: [{ asOf: 1_500 }] });
    const before = Date.now();
    const live = await gql(app, 'farm', `{ farm(id: "${a.id}") { name asOf } farms { asOf } }`);
    expect(live.body.data.farm.name).toBe('New');
    expect(live.body.data.farm.asOf).toBeGreaterThanOrEqual(before);
    expect(live.body.data.farms[0].asOf).toBe(live.body.data.farm.asOf);
  });
});

describe('federation', () => {
  it('a one-join is resolved by the target: read at the parent asOf, null when absent or without a key', async () => {
    const time = clock(1_000);
    const app = createEntityApp(farm, memoryRepository('farm', time));
    const a = await create(app, 'farm', farmBody('Old'));
    time.now = 2_000;
    await send(app, 'PUT', `/farm/api/${a.id}`, farmBody('New'));
    const coopOf = (farm_id: string | null, asOf: number) => ({ __typename: 'Coop', id: randomUUID(), asOf, farm_id });
    const res = await send(app, 'POST', '/farm/graph', {
      query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Coop { farm { id name asOf } } } }',
      variables: { r: [coopOf(a.id, 1_500), coopOf(a.id, 2_500), coopOf(a.id, 500), coopOf(randomUUID(), 2_500), coopOf(null, 2_500)] },
    });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data._entities).toEqual([
      { farm: { id: a.id, name: 'Old', asOf: 1_500 } },
      { farm: { id: a.id, name: 'New', asOf: 2_500 } },
      { farm: null },
      { farm: null },
      { farm: null },
    ]);
  });

  it('a one-join over 50 parents is one readMany', async () => {
    const time = clock(1_000);
    const { repository, calls } = counted(memoryRepository('farm', time));
    const app = createEntityApp(farm, repository);
    const farms = [];
    for (let i = 0; i < 49; i++) farms.push((await create(app, 'farm', farmBody(`farm ${i}`))).id);
    farms.push(randomUUID());
    calls.readMany = 0;
    const res = await send(app, 'POST', '/farm/graph', {
      query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Coop { farm { name } } } }',
      variables: { r: farms.map((farm_id) => ({ __typename: 'Coop', id: randomUUID(), asOf: 1_000, farm_id })) },
    });
    expect(res.body.errors).toBeUndefined();
    const entities = res.body.data._entities as { farm: { name: string } | null }[];
    expect(entities.slice(0, 49).map((e) => e.farm?.name)).toEqual(farms.slice(0, 49).map((_, i) => `farm ${i}`));
    expect(entities[49]).toEqual({ farm: null });
    expect(calls.readMany).toBe(1);
  });

  it('resolves references at their asOf, null when absent then, batched into one readMany per instant', async () => {
    const time = clock(1_000);
    const { repository, calls } = counted(memoryRepository('farm', time));
    const app = createEntityApp(farm, repository);
    const a = await create(app, 'farm', farmBody('Old'));
    time.now = 2_000;
    await send(app, 'PUT', `/farm/api/${a.id}`, farmBody('New'));
    const reps = [
      { __typename: 'Farm', id: a.id, asOf: 1_500 },
      { __typename: 'Farm', id: a.id, asOf: 2_500 },
      { __typename: 'Farm', id: a.id, asOf: 500 },
      { __typename: 'Farm', id: randomUUID(), asOf: 2_500 },
    ];
    calls.readMany = 0;
    const res = await send(app, 'POST', '/farm/graph', {
      query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Farm { id name asOf } } }',
      variables: { r: reps },
    });
    expect(res.body.data._entities).toEqual([
      { id: a.id, name: 'Old', asOf: 1_500 },
      { id: a.id, name: 'New', asOf: 2_500 },
      null,
      null,
    ]);
    expect(calls.readMany).toBe(3);
  });

  it('a list-join over 50 parents is one findByMany; children carry the parent asOf; none is []', async () => {
    const time = clock(1_000);
    const { repository, calls } = counted(memoryRepository('coop', time));
    const app = createEntityApp(coop, repository);
    const farms = Array.from({ length: 50 }, () => randomUUID());
    for (const [i, farmId] of farms.slice(0, 49).entries()) {
      await create(app, 'coop', coopBody(`coop ${i}a`, farmId));
      await create(app, 'coop', coopBody(`coop ${i}b`, farmId));
    }
    calls.findByMany = 0;
    const res = await send(app, 'POST', '/coop/graph', {
      query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Farm { id coops { name farm_id asOf } } } }',
      variables: { r: farms.map((id) => ({ __typename: 'Farm', id, asOf: 1_000 })) },
    });
    expect(res.body.errors).toBeUndefined();
    const entities = res.body.data._entities as { id: string; coops: { name: string; farm_id: string; asOf: number }[] }[];
    // Both coops were written in the same (frozen) millisecond: their order is the log's, so compare by name.
    expect([...entities[7].coops].sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      { name: 'coop 7a', farm_id: farms[7], asOf: 1_000 },
      { name: 'coop 7b', farm_id: farms[7], asOf: 1_000 },
    ]);
    expect(entities.slice(0, 49).every((e, i) => e.coops.length === 2 && e.coops[0].farm_id === farms[i])).toBe(true);
    expect(entities[49]).toEqual({ id: farms[49], coops: [] });
    expect(calls.findByMany).toBe(1);
  });

  it('a list-join reads at the parent asOf: names and membership as they were then', async () => {
    const time = clock(1_000);
    const app = createEntityApp(hen, memoryRepository('hen', time));
    const coopId = randomUUID();
    const henBody = (name: string, coop_id = coopId) => ({ name, coop_id, breed: 'leghorn' });
    const h1 = await create(app, 'hen', henBody('Hetty'));
    time.now = 2_000;
    await send(app, 'PUT', `/hen/api/${h1.id}`, henBody('Henrietta'));
    await create(app, 'hen', henBody('Late'));
    time.now = 3_000;
    await send(app, 'PUT', `/hen/api/${h1.id}`, henBody('Moved', randomUUID()));
    const at = (asOf: number) =>
      send(app, 'POST', '/hen/graph', {
        query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Coop { hens { name asOf } } } }',
        variables: { r: [{ __typename: 'Coop', id: coopId, asOf }] },
      }).then((r) => r.body.data._entities[0].hens);
    expect(await at(1_500)).toEqual([{ name: 'Hetty', asOf: 1_500 }]);
    expect(await at(2_500)).toEqual([
      { name: 'Henrietta', asOf: 2_500 },
      { name: 'Late', asOf: 2_500 },
    ]);
    expect(await at(3_500)).toEqual([{ name: 'Late', asOf: 3_500 }]);
  });

  it('internal failures reach clients as "internal error", without internals', async () => {
    class BrokenLog extends MemoryEventLog {
      override async highWatermark(): Promise<number> {
        throw new Error('disk on fire at /secret/path');
      }
    }
    const repository: Repository = memoryRepository('farm', clock(), new BrokenLog());
    const app = createEntityApp(farm, repository);
    const logs = captureLogs();
    try {
      const res = await gql(app, 'farm', '{ farms { id } }', { 'x-request-id': 'req-42' });
      expect(JSON.stringify(res.body)).not.toMatch(/secret|fire|at /);
      expect(res.body.errors[0].message).toBe('internal error');
      expect(logs.err()).toEqual([
        expect.objectContaining({ level: 'ERROR', requestId: 'req-42', error: expect.objectContaining({ message: 'disk on fire at /secret/path' }) }),
      ]);
    } finally {
      vi.restoreAllMocks();
    }
  });
});
