/** The read limits of one subgraph and its REST list (SPEC §4): paging, domains, gateway-only fields, Int bounds. */
import { randomUUID } from 'node:crypto';
import { loadGraphLimits } from '@egg/graph-limits';
import { createRepository, MemoryEventLog } from '@egg/storage-core';
import { describe, expect, it } from 'vitest';
import { createEntityApp } from '../src/index.ts';
import { coop } from './fixtures.ts';
import { clock, fromGateway, gql, send } from './helpers.ts';

const limits = { ...loadGraphLimits({}), listDefault: 3, listMax: 5, joinDefault: 2, joinMax: 3 };
const coopBody = (farm_id: string, capacity = 5) => ({ name: 'c', farm_id, capacity, coop_type: 'barn' });

async function coops(n: number, farm_id = randomUUID()) {
  const time = clock(1_000);
  const log = new MemoryEventLog();
  const app = createEntityApp(coop, createRepository(log, 'coop', { clock: time }), limits);
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    time.now += 1;
    ids.push((await send(app, 'POST', '/coop/api', coopBody(farm_id))).body.id);
  }
  return { app, ids, farm_id, log, time };
}

describe('paging', () => {
  it('xs and xsByF default to their limit and walk with after at one instant, no gap, no repeat', async () => {
    const { app, ids, farm_id, time } = await coops(7);
    const at = time.now;
    time.now += 1;
    await send(app, 'POST', '/coop/api', coopBody(farm_id)); // later than `at`: on no page
    expect((await gql(app, 'coop', `{ coops(at: ${at}) { id } }`)).body.data.coops).toHaveLength(3);
    for (const field of ['coops', `coopsByFarmId(farm_id: "${farm_id}", `]) {
      const seen: string[] = [];
      let after = '';
      for (;;) {
        const args = `${field === 'coops' ? 'coops(' : field}at: ${at}, limit: 2${after && `, after: "${after}"`})`;
        const page = (await gql(app, 'coop', `{ page: ${args} { id } }`)).body.data.page as { id: string }[];
        if (page.length === 0) break;
        seen.push(...page.map((c) => c.id));
        after = page[page.length - 1].id;
      }
      expect(seen).toEqual(ids);
    }
  });

  it('REST lists page alike: ?limit, ?after, the same default', async () => {
    const { app, ids } = await coops(4);
    expect((await send(app, 'GET', '/coop/api')).body.map((c: { id: string }) => c.id)).toEqual(ids.slice(0, 3));
    expect((await send(app, 'GET', `/coop/api?limit=5&after=${ids[1]}`)).body.map((c: { id: string }) => c.id)).toEqual(ids.slice(2));
    const unknown = await send(app, 'GET', `/coop/api?after=${randomUUID()}`);
    expect(unknown.status).toBe(400);
  });

  it('a list join yields its default, a limit up to the join bound, and refuses one past it', async () => {
    const { app, farm_id } = await coops(4);
    const join = (args: string) =>
      fromGateway(app, '/coop/graph', {
        query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on Farm { coops${args} { id } } } }`,
        variables: { r: [{ __typename: 'Farm', id: farm_id, asOf: Date.now() }] },
      });
    expect((await join('')).body.data._entities[0].coops).toHaveLength(2);
    expect((await join('(limit: 3)')).body.data._entities[0].coops).toHaveLength(3);
    const past = await join('(limit: 4)');
    expect(past.status).toBe(400);
    expect(past.body.errors[0].message).toBe('limit must be an integer from 1 to 3');
  });
});

describe('argument domains', () => {
  it('limit and at outside their domain are 400 with the message REST gives', async () => {
    const { app } = await coops(1);
    for (const [args, param] of [['limit: -1', 'limit=-1'], ['limit: 6', 'limit=6'], ['at: 1e400', 'at=1e400']] as const) {
      const graph = await gql(app, 'coop', `{ coops(${args}) { id } }`);
      const rest = await send(app, 'GET', `/coop/api?${param}`);
      expect(graph.status).toBe(400);
      expect(rest.status).toBe(400);
      expect(graph.body.errors[0].message).toBe(rest.body.error);
    }
    const viaVariable = await send(app, 'POST', '/coop/graph', { query: 'query($n: Int) { coops(limit: $n) { id } }', variables: { n: 0 } });
    expect(viaVariable.status).toBe(400);
    expect(viaVariable.body.errors[0].message).toBe('limit must be an integer from 1 to 5');
  });

  it('an unknown after is a field error naming it', async () => {
    const { app } = await coops(1);
    const missing = randomUUID();
    const res = await gql(app, 'coop', `{ coops(after: "${missing}") { id } }`);
    expect(res.body.errors[0]).toMatchObject({ message: `after: no coop with id ${missing}`, extensions: { code: 'BAD_USER_INPUT' } });
  });
});

describe('gateway-only fields', () => {
  it('_entities and _service refuse any caller but the gateway, through fragments too', async () => {
    const { app } = await coops(1);
    for (const query of ['{ _service { sdl } }', '{ ...F } fragment F on Query { _entities(representations: []) { __typename } }']) {
      const res = await gql(app, 'coop', query);
      expect(res.status).toBe(403);
      expect(res.body.errors[0].extensions.code).toBe('FORBIDDEN');
    }
    expect((await fromGateway(app, '/coop/graph', { query: '{ _service { sdl } }' })).status).toBe(200);
  });
});

describe('integers GraphQL can carry', () => {
  it('a write beyond Int is 400; a stored one (older data) is an error on that field alone', async () => {
    const { app, farm_id, log } = await coops(1);
    const tooBig = await send(app, 'POST', '/coop/api', coopBody(farm_id, 2_147_483_648));
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.details).toEqual([{ path: '/capacity', message: 'must be <= 2147483647' }]);
    // Older data: a writer that did not bound integers (the declaration as it was before).
    const legacy = createRepository(log, 'coop');
    const old = await legacy.create({ name: 'old', farm_id, capacity: 2_147_483_648, coop_type: 'barn' });
    const res = await gql(app, 'coop', `{ coops(limit: 5) { id name capacity } }`);
    expect(res.status).toBe(200);
    expect(res.body.data.coops).toContainEqual({ id: old.id, name: 'old', capacity: null });
    expect(res.body.errors).toEqual([
      expect.objectContaining({ message: 'capacity holds 2147483648, which a GraphQL Int cannot represent', path: ['coops', 1, 'capacity'] }),
    ]);
  });
});
