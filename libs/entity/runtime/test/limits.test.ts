/** The read limits of one subgraph and its REST list (docs/contract.md §4): paging, domains, gateway-only fields, Int bounds. */
import { randomUUID } from 'node:crypto';
import { loadGraphLimits } from '@egg/shared-graph-limits';
import { createRepository, MemoryEventLog } from '@egg/storage-core';
import { describe, expect, it } from 'vitest';
import { createEntityApp } from '../src/index.ts';
import { bed } from './fixtures.ts';
import { clock, fromGateway, gql, send } from './helpers.ts';

const limits = { ...loadGraphLimits({}), listDefault: 3, listMax: 5, joinDefault: 2, joinMax: 3 };
const bedBody = (garden_id: string, capacity = 5) => ({ name: 'b', garden_id, capacity, bed_type: 'raised' });

async function beds(n: number, garden_id = randomUUID()) {
  const time = clock(1_000);
  const log = new MemoryEventLog();
  const app = createEntityApp(bed, createRepository(log, 'bed', { clock: time }), { limits });
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    time.now += 1;
    ids.push((await send(app, 'POST', '/bed/api', bedBody(garden_id))).body.id);
  }
  return { app, ids, garden_id, log, time };
}

describe('paging', () => {
  it('xs and xsByF default to their limit and walk with after at one instant, no gap, no repeat', async () => {
    const { app, ids, garden_id, time } = await beds(7);
    const at = time.now;
    time.now += 1;
    await send(app, 'POST', '/bed/api', bedBody(garden_id)); // later than `at`: on no page
    expect((await gql(app, 'bed', `{ beds(at: ${at}) { id } }`)).body.data.beds).toHaveLength(3);
    for (const field of ['beds', `bedsByGardenId(garden_id: "${garden_id}", `]) {
      const seen: string[] = [];
      let after = '';
      for (;;) {
        const args = `${field === 'beds' ? 'beds(' : field}at: ${at}, limit: 2${after && `, after: "${after}"`})`;
        const page = (await gql(app, 'bed', `{ page: ${args} { id } }`)).body.data.page as { id: string }[];
        if (page.length === 0) break;
        seen.push(...page.map((c) => c.id));
        after = page[page.length - 1].id;
      }
      expect(seen).toEqual(ids);
    }
  });

  it('REST lists page alike: ?limit, ?after, the same default', async () => {
    const { app, ids } = await beds(4);
    expect((await send(app, 'GET', '/bed/api')).body.map((c: { id: string }) => c.id)).toEqual(ids.slice(0, 3));
    expect((await send(app, 'GET', `/bed/api?limit=5&after=${ids[1]}`)).body.map((c: { id: string }) => c.id)).toEqual(ids.slice(2));
    const unknown = await send(app, 'GET', `/bed/api?after=${randomUUID()}`);
    expect(unknown.status).toBe(400);
  });

  it('a list join yields its default, a limit up to the join bound, and refuses one past it', async () => {
    const { app, garden_id } = await beds(4);
    const join = (args: string) =>
      fromGateway(app, '/bed/graph', {
        query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on Garden { beds${args} { id } } } }`,
        variables: { r: [{ __typename: 'Garden', id: garden_id, asOf: Date.now() }] },
      });
    expect((await join('')).body.data._entities[0].beds).toHaveLength(2);
    expect((await join('(limit: 3)')).body.data._entities[0].beds).toHaveLength(3);
    const past = await join('(limit: 4)');
    expect(past.status).toBe(400);
    expect(past.body.errors[0].message).toBe('limit must be an integer from 1 to 3');
  });
});

describe('argument domains', () => {
  it('limit and at outside their domain are 400 with the message REST gives', async () => {
    const { app } = await beds(1);
    for (const [args, param] of [['limit: -1', 'limit=-1'], ['limit: 6', 'limit=6'], ['at: 1e400', 'at=1e400']] as const) {
      const graph = await gql(app, 'bed', `{ beds(${args}) { id } }`);
      const rest = await send(app, 'GET', `/bed/api?${param}`);
      expect(graph.status).toBe(400);
      expect(rest.status).toBe(400);
      expect(graph.body.errors[0].message).toBe(rest.body.error);
    }
    const viaVariable = await send(app, 'POST', '/bed/graph', { query: 'query($n: Int) { beds(limit: $n) { id } }', variables: { n: 0 } });
    expect(viaVariable.status).toBe(400);
    expect(viaVariable.body.errors[0].message).toBe('limit must be an integer from 1 to 5');
  });

  it('an unknown after is a field error naming it', async () => {
    const { app } = await beds(1);
    const missing = randomUUID();
    const res = await gql(app, 'bed', `{ beds(after: "${missing}") { id } }`);
    expect(res.body.errors[0]).toMatchObject({ message: `after: no bed with id ${missing}`, extensions: { code: 'BAD_USER_INPUT' } });
  });
});

describe('gateway-only fields', () => {
  it('_entities and _service refuse any caller but the gateway, through fragments too', async () => {
    const { app } = await beds(1);
    for (const query of ['{ _service { sdl } }', '{ ...F } fragment F on Query { _entities(representations: []) { __typename } }']) {
      const res = await gql(app, 'bed', query);
      expect(res.status).toBe(403);
      expect(res.body.errors[0].extensions.code).toBe('FORBIDDEN');
    }
    expect((await fromGateway(app, '/bed/graph', { query: '{ _service { sdl } }' })).status).toBe(200);
  });
});

describe('integers GraphQL can carry', () => {
  it('a write beyond Int is 400; a stored one (older data) is an error on that field alone', async () => {
    const { app, garden_id, log } = await beds(1);
    const tooBig = await send(app, 'POST', '/bed/api', bedBody(garden_id, 2_147_483_648));
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.details).toEqual([{ path: '/capacity', message: 'must be <= 2147483647' }]);
    // Older data: a writer that did not bound integers (the declaration as it was before).
    const legacy = createRepository(log, 'bed');
    const old = await legacy.create({ name: 'old', garden_id, capacity: 2_147_483_648, bed_type: 'barn' });
    const res = await gql(app, 'bed', `{ beds(limit: 5) { id name capacity } }`);
    expect(res.status).toBe(200);
    expect(res.body.data.beds).toContainEqual({ id: old.id, name: 'old', capacity: null });
    expect(res.body.errors).toEqual([
      expect.objectContaining({ message: 'capacity holds 2147483648, which a GraphQL Int cannot represent', path: ['beds', 1, 'capacity'] }),
    ]);
  });
});
