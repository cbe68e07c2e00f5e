/**
 * Hostile reads, one by one, through the real stack: each is a clear 4xx in
 * GraphQL's (or REST's) error shape, or a bounded answer (docs/contract.md, limits and paging).
 */
import { randomUUID } from 'node:crypto';
import { createRepository } from '@egg/storage-core';
import { loadStorageConfig, openEventLog } from '@egg/storage-config';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { create, gql, pause, request } from './client.ts';
import { E2E_SUBGRAPH_BODY_BYTES } from './stack.ts';

const graphql = (query: string, variables?: Record<string, unknown>) => request('POST', '/graphql', { query, variables });
const noInternals = (body: unknown) => expect(JSON.stringify(body)).not.toMatch(/127\.0\.0\.1|localhost|https?:\/\//);

describe('cost, not just shape', () => {
  it('a fragment bomb (each spreading the next twice, 26 deep) is refused before it runs', async () => {
    let fragments = 'fragment F26 on Farm { name }';
    for (let i = 25; i >= 0; i--) fragments += ` fragment F${i} on Farm { coops { farm { ...F${i + 1} ...F${i + 1} } } }`;
    const reply = await graphql(`{ farms { ...F0 } } ${fragments}`);
    expect(reply.status).toBe(400);
    expect(reply.body.errors[0].message).toMatch(/limit of \d+ exceeded/);
  });

  it('150 aliased root lists are refused by the alias limit', async () => {
    const aliases = Array.from({ length: 150 }, (_, i) => `a${i}: farms { name }`).join(' ');
    const reply = await graphql(`{ ${aliases} }`);
    expect(reply.status).toBe(400);
    expect(reply.body.errors[0].message).toMatch(/Aliases limit of 30 exceeded, found 150/);
  });

  it('a root list without limit answers the default page, and limit reaches past it', async () => {
    await Promise.all(Array.from({ length: 101 }, () => create('farm', { name: 'many', farm_type: 'homestead', zone: 'bulk' })));
    const data = await gql('{ farmsByZone(zone: "bulk") { id } all: farmsByZone(zone: "bulk", limit: 1000) { id } }');
    expect(data.farmsByZone).toHaveLength(100);
    expect(data.all).toHaveLength(101);
  });

  it('list joins under maximal limits are refused by cost, naming the budget', async () => {
    const aliases = Array.from({ length: 30 }, (_, i) => `h${i}: hens(limit: 1000) { id coop { name } }`).join(' ');
    const reply = await graphql(`{ ${aliases} }`);
    expect(reply.status).toBe(400);
    expect(reply.body.errors[0]).toMatchObject({ message: 'Query cost limit of 50000 exceeded, found 60000.', extensions: { maxCost: 50_000 } });
  });
});

describe('subgraphs are no side door', () => {
  it('an 82 KB query straight to a subgraph is refused by its token limit', async () => {
    const fields = Array.from({ length: 8_000 }, (_, i) => `f${i}: name`).join(' ');
    const reply = await request('POST', '/farm/graph', { query: `{ farms { ${fields} } }` });
    expect(reply.status).toBe(400);
    expect(reply.body.errors[0]).toMatchObject({ message: "Syntax Error: Document contains more that 4000 tokens. Parsing aborted.", extensions: { code: "GRAPHQL_PARSE_FAILED" } });
  });

  it('a subgraph applies the same alias and argument limits as the gateway', async () => {
    const aliases = Array.from({ length: 150 }, (_, i) => `a${i}: farms { name }`).join(' ');
    const wide = await request('POST', '/farm/graph', { query: `{ ${aliases} }` });
    expect(wide.status).toBe(400);
    expect(wide.body.errors[0].message).toMatch(/Aliases limit of 30 exceeded, found 150/);
    const negative = await request('POST', '/coop/graph', { query: '{ coops(limit: -1) { id } }' });
    expect(negative.status).toBe(400);
    expect(negative.body.errors[0].message).toBe('limit must be an integer from 1 to 1000');
  });

  it('_entities and _service refuse strangers, a forged internal header too', async () => {
    const farm = await create('farm', { name: 'Secret', farm_type: 'homestead', zone: 'z' });
    const query = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Farm { name } } }';
    const variables = { r: [{ __typename: 'Farm', id: farm.id, asOf: Date.now() }] };
    for (const headers of [{}, { 'x-egg-internal': 'guess' }] as Record<string, string>[]) {
      const reply = await request('POST', '/farm/graph', { query, variables }, headers);
      expect(reply.status).toBe(403);
      expect(reply.body.errors[0]).toMatchObject({ message: '_entities answers only the gateway', extensions: { code: 'FORBIDDEN' } });
    }
    expect((await request('POST', '/farm/graph', { query: '{ _service { sdl } }' })).status).toBe(403);
    // Root fields stay reachable (docs/contract.md §4).
    expect((await request('POST', '/farm/graph', { query: `{ farm(id: "${farm.id}") { name } }` })).body.data.farm.name).toBe('Secret');
  });

  it('a parent list whose keys exceed the subgraph body limit is split into batches: every join resolves', async () => {
    const farm = await create('farm', { name: 'Big', farm_type: 'megafarm', zone: 'z' });
    const coop = await create('coop', { name: 'Crowded', farm_id: farm.id, capacity: 1000, coop_type: 'barn' });
    const hens = 600;
    for (let i = 0; i < hens; i += 20) {
      await Promise.all(Array.from({ length: 20 }, (_, j) => create('hen', { name: `hen ${i + j}`, coop_id: coop.id, breed: 'leghorn' })));
    }
    // Hen.productivity resolves in the hen_productivity subgraph by _entities, one representation per hen.
    const reply = await graphql('query($c: String!) { hensByCoopId(coop_id: $c, limit: 1000) { id asOf productivity { hen_id } } }', { c: coop.id });
    expect(reply.body.errors).toBeUndefined();
    const found = reply.body.data.hensByCoopId as { id: string; asOf: number; productivity: { hen_id: string }[] }[];
    expect(found).toHaveLength(hens);
    // The premise: those representations are more than twice what one subgraph request may carry.
    const representations = found.map((h) => ({ __typename: 'Hen', id: h.id, asOf: h.asOf }));
    expect(Buffer.byteLength(JSON.stringify(representations))).toBeGreaterThan(2 * E2E_SUBGRAPH_BODY_BYTES);
    expect(found.filter((h) => h.productivity.length !== 1 || h.productivity[0].hen_id !== h.id)).toEqual([]);
  });
});

describe('values GraphQL can carry', () => {
  let farmId: string;
  beforeAll(async () => {
    farmId = (await create('farm', { name: 'Ints', farm_type: 'homestead', zone: 'z' })).id;
  });

  it('REST refuses integers beyond GraphQL Int, naming the field', async () => {
    const coop = await request('POST', '/coop/api', { name: 'c', farm_id: farmId, capacity: 2_147_483_648, coop_type: 'barn' });
    expect(coop.status).toBe(400);
    expect(coop.body.details).toEqual([{ path: '/capacity', message: 'must be <= 2147483647' }]);
    const ts = '2026-11-22T08:00:00Z';
    const lay = await request('POST', '/lay_report/api', { hen_id: randomUUID(), coop_id: randomUUID(), farm_id: farmId, eggs: 9_999_999_999, timestamp: ts });
    expect(lay.status).toBe(400);
    expect(lay.body.details.map((d: { path: string }) => d.path)).toEqual(['/eggs']);
  });

  it('a stored value beyond Int (older data) is an error on that field alone', async () => {
    const log = await openEventLog(loadStorageConfig({ ...process.env, DATA_DIR: inject('dataDir') }));
    const old = await createRepository(log, 'coop').create({ name: 'Legacy', farm_id: farmId, capacity: 2_147_483_648, coop_type: 'barn' });
    await log.close();
    const fine = await create('coop', { name: 'Fine', farm_id: farmId, capacity: 7, coop_type: 'barn' });
    const reply = await graphql('query($f: String!) { coopsByFarmId(farm_id: $f) { id name capacity } }', { f: farmId });
    expect(reply.status).toBe(200);
    expect(reply.body.data.coopsByFarmId).toEqual([
      { id: old.id, name: 'Legacy', capacity: null },
      { id: fine.id, name: 'Fine', capacity: 7 },
    ]);
    expect(reply.body.errors).toHaveLength(1);
    expect(reply.body.errors[0]).toMatchObject({ message: 'capacity holds 2147483648, which a GraphQL Int cannot represent', path: ['coopsByFarmId', 0, 'capacity'] });
  });

  it('at and limit outside their domain are 400 with one message on REST and GraphQL', async () => {
    for (const [arg, param] of [['at: 1e400', 'at=1e400'], ['limit: -1', 'limit=-1'], ['limit: 1001', 'limit=1001']]) {
      const graph = await graphql(`{ farms(${arg}) { id } }`);
      const rest = await request('GET', `/farm/api?${param}`);
      expect([graph.status, rest.status]).toEqual([400, 400]);
      expect(graph.body.errors[0].message).toBe(rest.body.error);
    }
  });
});

describe('one error contract on /graphql', () => {
  it('invalid JSON is a 400 with a JSON error body (docs/contract.md §6)', async () => {
    const reply = await request('POST', '/graphql', '{"query": ', { 'content-type': 'application/json' });
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({ error: 'body is not valid JSON' });
  });

  it('a JSON body without a query is a GraphQL-shaped 400', async () => {
    const reply = await request('POST', '/graphql', { variables: {} });
    expect(reply.status).toBe(400);
    expect(reply.body.errors[0].message).toEqual(expect.any(String));
  });

  it('a GraphQL syntax error is a GraphQL-shaped 400 without internals', async () => {
    const reply = await graphql('{ farms { ');
    expect(reply.status).toBe(400);
    expect(reply.body.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    noInternals(reply.body);
  });
});

describe('paging', () => {
  it('walks xsByF with limit and after at one instant, no gaps, no repeats, despite writes meanwhile', async () => {
    const zone = `zone-${randomUUID()}`;
    const made: string[] = [];
    for (let i = 0; i < 7; i++) made.push((await create('farm', { name: `p${i}`, farm_type: 'homestead', zone })).id);
    const at = Date.now();
    await pause(2); // the farms written below are stamped after `at`
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const data = await gql('query($z: String!, $t: Float!, $a: ID) { page: farmsByZone(zone: $z, at: $t, limit: 3, after: $a) { id } }', { z: zone, t: at, a: after });
      if (data.page.length === 0) break;
      seen.push(...data.page.map((f: { id: string }) => f.id));
      after = seen[seen.length - 1];
      await create('farm', { name: 'later', farm_type: 'homestead', zone }); // after the instant: on no page
    }
    expect(seen).toEqual(made);
  });
});
