import { randomUUID } from 'node:crypto';
import { captureLogs } from '@egg/shared-logging/testing';
import { MemoryEventLog, type Repository } from '@egg/storage-core';
import { describe, expect, it, vi } from 'vitest';
import { createEntityApp } from '../src/index.ts';
import { bed, garden, plant } from './fixtures.ts';
import { clock, counted, fromGateway, gql, memoryRepository, send } from './helpers.ts';

const gardenBody = (name: string) => ({ name, garden_type: 'botanical', zone: 'north' });
const bedBody = (name: string, garden_id: string) => ({ name, garden_id, capacity: 5, bed_type: 'raised' });

async function create(app: ReturnType<typeof createEntityApp>, name: string, body: object): Promise<{ id: string }> {
  return (await send(app, 'POST', `/${name}/api`, body)).body;
}

describe('subgraph root fields', () => {
  it('x(id), xs(limit) and xsByF answer with snake_case fields, id, created_at and asOf', async () => {
    const time = clock(1_000);
    const app = createEntityApp(garden, memoryRepository('garden', time));
    const a = await create(app, 'garden', gardenBody('A'));
    time.now = 1_001;
    await create(app, 'garden', { ...gardenBody('B'), zone: 'south' });
    const res = await gql(
      app,
      'garden',
      `{ garden(id: "${a.id}", at: 5000) { id name garden_type zone owner created_at asOf }
         gardens(limit: 1, at: 5000) { name } all: gardens(at: 5000) { name }
         gardensByZone(zone: "south", at: 5000) { name } missing: garden(id: "${randomUUID()}") { id } }`,
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data).toEqual({
      garden: { id: a.id, name: 'A', garden_type: 'botanical', zone: 'north', owner: null, created_at: 1_000, asOf: 5_000 },
      gardens: [{ name: 'A' }],
      all: [{ name: 'A' }, { name: 'B' }],
      gardensByZone: [{ name: 'B' }],
      missing: null,
    });
  });

  it('travels in time: each root field keeps its own at', async () => {
    const time = clock(1_000);
    const app = createEntityApp(garden, memoryRepository('garden', time));
    const a = await create(app, 'garden', gardenBody('Old'));
    time.now = 2_000;
    await send(app, 'PUT', `/garden/api/${a.id}`, gardenBody('New'));
    const res = await gql(
      app,
      'garden',
      `{ before: garden(id: "${a.id}", at: 999) { name }
         then: garden(id: "${a.id}", at: 1500) { name asOf }
         now: garden(id: "${a.id}", at: 2000) { name asOf }
         zone: gardensByZone(zone: "north", at: 1999) { name } }`,
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
    const app = createEntityApp(garden, memoryRepository('garden', time));
    const a = await create(app, 'garden', gardenBody('Old'));
    time.now = 2_000;
    await send(app, 'PUT', `/garden/api/${a.id}`, gardenBody('New'));
    const pinned = await gql(app, 'garden', `{ garden(id: "${a.id}") { name asOf } gardens { asOf } }`, { 'x-egg-instant': '1500' });
    expect(pinned.body.data).toEqual({ garden: { name: 'Old', asOf: 1_500 }, gardens: [{ asOf: 1_500 }] });
    const before = Date.now();
    const live = await gql(app, 'garden', `{ garden(id: "${a.id}") { name asOf } gardens { asOf } }`);
    expect(live.body.data.garden.name).toBe('New');
    expect(live.body.data.garden.asOf).toBeGreaterThanOrEqual(before);
    expect(live.body.data.gardens[0].asOf).toBe(live.body.data.garden.asOf);
  });
});

describe('federation', () => {
  it('a one-join is resolved by the target: read at the parent asOf, null when absent or without a key', async () => {
    const time = clock(1_000);
    const app = createEntityApp(garden, memoryRepository('garden', time));
    const a = await create(app, 'garden', gardenBody('Old'));
    time.now = 2_000;
    await send(app, 'PUT', `/garden/api/${a.id}`, gardenBody('New'));
    const bedOf = (garden_id: string | null, asOf: number) => ({ __typename: 'Bed', id: randomUUID(), asOf, garden_id });
    const res = await fromGateway(app, '/garden/graph', {
      query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Bed { garden { id name asOf } } } }',
      variables: { r: [bedOf(a.id, 1_500), bedOf(a.id, 2_500), bedOf(a.id, 500), bedOf(randomUUID(), 2_500), bedOf(null, 2_500)] },
    });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data._entities).toEqual([
      { garden: { id: a.id, name: 'Old', asOf: 1_500 } },
      { garden: { id: a.id, name: 'New', asOf: 2_500 } },
      { garden: null },
      { garden: null },
      { garden: null },
    ]);
  });

  it('a one-join over 50 parents is one readMany', async () => {
    const time = clock(1_000);
    const { repository, calls } = counted(memoryRepository('garden', time));
    const app = createEntityApp(garden, repository);
    const gardens = [];
    for (let i = 0; i < 49; i++) gardens.push((await create(app, 'garden', gardenBody(`garden ${i}`))).id);
    gardens.push(randomUUID());
    calls.readMany = 0;
    const res = await fromGateway(app, '/garden/graph', {
      query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Bed { garden { name } } } }',
      variables: { r: gardens.map((garden_id) => ({ __typename: 'Bed', id: randomUUID(), asOf: 1_000, garden_id })) },
    });
    expect(res.body.errors).toBeUndefined();
    const entities = res.body.data._entities as { garden: { name: string } | null }[];
    expect(entities.slice(0, 49).map((e) => e.garden?.name)).toEqual(gardens.slice(0, 49).map((_, i) => `garden ${i}`));
    expect(entities[49]).toEqual({ garden: null });
    expect(calls.readMany).toBe(1);
  });

  it('resolves references at their asOf, null when absent then, batched into one readMany per instant', async () => {
    const time = clock(1_000);
    const { repository, calls } = counted(memoryRepository('garden', time));
    const app = createEntityApp(garden, repository);
    const a = await create(app, 'garden', gardenBody('Old'));
    time.now = 2_000;
    await send(app, 'PUT', `/garden/api/${a.id}`, gardenBody('New'));
    const reps = [
      { __typename: 'Garden', id: a.id, asOf: 1_500 },
      { __typename: 'Garden', id: a.id, asOf: 2_500 },
      { __typename: 'Garden', id: a.id, asOf: 500 },
      { __typename: 'Garden', id: randomUUID(), asOf: 2_500 },
    ];
    calls.readMany = 0;
    const res = await fromGateway(app, '/garden/graph', {
      query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Garden { id name asOf } } }',
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
    const { repository, calls } = counted(memoryRepository('bed', time));
    const app = createEntityApp(bed, repository);
    const gardens = Array.from({ length: 50 }, () => randomUUID());
    for (const [i, gardenId] of gardens.slice(0, 49).entries()) {
      await create(app, 'bed', bedBody(`bed ${i}a`, gardenId));
      await create(app, 'bed', bedBody(`bed ${i}b`, gardenId));
    }
    calls.findByMany = 0;
    const res = await fromGateway(app, '/bed/graph', {
      query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Garden { id beds { name garden_id asOf } } } }',
      variables: { r: gardens.map((id) => ({ __typename: 'Garden', id, asOf: 1_000 })) },
    });
    expect(res.body.errors).toBeUndefined();
    const entities = res.body.data._entities as { id: string; beds: { name: string; garden_id: string; asOf: number }[] }[];
    // Both beds were written in the same (frozen) millisecond: their order is the log's, so compare by name.
    expect([...entities[7].beds].sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      { name: 'bed 7a', garden_id: gardens[7], asOf: 1_000 },
      { name: 'bed 7b', garden_id: gardens[7], asOf: 1_000 },
    ]);
    expect(entities).toHaveLength(50);
    expect(entities.slice(0, 49).filter((e, i) => e.beds.length !== 2 || e.beds[0].garden_id !== gardens[i])).toEqual([]);
    expect(entities[49]).toEqual({ id: gardens[49], beds: [] });
    expect(calls.findByMany).toBe(1);
  });

  it('a list-join reads at the parent asOf: names and membership as they were then', async () => {
    const time = clock(1_000);
    const app = createEntityApp(plant, memoryRepository('plant', time));
    const bedId = randomUUID();
    const plantBody = (name: string, bed_id = bedId) => ({ name, bed_id, variety: 'basil' });
    const h1 = await create(app, 'plant', plantBody('Hetty'));
    time.now = 2_000;
    await send(app, 'PUT', `/plant/api/${h1.id}`, plantBody('Rosemary'));
    await create(app, 'plant', plantBody('Late'));
    time.now = 3_000;
    await send(app, 'PUT', `/plant/api/${h1.id}`, plantBody('Moved', randomUUID()));
    const at = (asOf: number) =>
      fromGateway(app, '/plant/graph', {
        query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Bed { plants { name asOf } } } }',
        variables: { r: [{ __typename: 'Bed', id: bedId, asOf }] },
      }).then((r) => r.body.data._entities[0].plants);
    expect(await at(1_500)).toEqual([{ name: 'Hetty', asOf: 1_500 }]);
    expect(await at(2_500)).toEqual([
      { name: 'Rosemary', asOf: 2_500 },
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
    const repository: Repository = memoryRepository('garden', clock(), new BrokenLog());
    const app = createEntityApp(garden, repository);
    const logs = captureLogs();
    try {
      const res = await gql(app, 'garden', '{ gardens { id } }', { 'x-request-id': 'req-42' });
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
