import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSubgraphs, type FakeSubgraphs } from '../test/fake-subgraphs.ts';
import { graphqlEvent, lambdaContext } from '../test/event.ts';
import { loadGraphLimits } from '@egg/graph-limits';
import type { GatewayConfig } from './config.ts';
import { createGatewayHandler } from './handler.ts';
import { subgraphNames } from './server.ts';

let subgraphs: FakeSubgraphs;
let handler: ReturnType<typeof createGatewayHandler>;
let config: GatewayConfig;

beforeAll(async () => {
  subgraphs = await startFakeSubgraphs();
  config = {
    subgraphUrls: subgraphs.urls,
    introspection: false,
    limits: { ...loadGraphLimits({}), maxDepth: 3, maxAliases: 5 },
    maxBodyBytes: 2_000,
    maxResponseBytes: 10_000,
    timeoutMs: 5_000,
    subgraphMaxBodyBytes: 262_144,
  };
  handler = createGatewayHandler(subgraphs.supergraphSdl, config);
});
afterAll(() => subgraphs.close());

const post = async (query: string) => {
  const result = await handler(graphqlEvent(JSON.stringify({ query })), lambdaContext);
  return { status: result.statusCode, body: JSON.parse(result.body ?? '{}') };
};

describe('gateway handler', () => {
  it('lists the subgraphs of the supergraph', () => {
    expect(subgraphNames(subgraphs.supergraphSdl).sort()).toEqual(['coop', 'farm']);
  });

  it('joins across subgraphs and sends one operation instant to all of them', async () => {
    subgraphs.instants.length = 0;
    const { status, body } = await post('{ farm(id: "f1") { name coops { id name } } }');
    expect(status).toBe(200);
    expect(body.data).toEqual({ farm: { name: 'farm f1', coops: [{ id: 'f1-c1', name: 'c1' }] } });
    expect(subgraphs.instants).toHaveLength(2);
    expect(subgraphs.instants[0]).toMatch(/^\d{13}$/);
    expect(subgraphs.instants[1]).toBe(subgraphs.instants[0]);
  });

  it('refuses a too-deep query with a GraphQL error, fragments included', async () => {
    const shallow = createGatewayHandler(subgraphs.supergraphSdl, { ...config, limits: { ...config.limits, maxDepth: 2 } });
    const query = '{ ...F } fragment F on Query { farm(id: "f") { coops { name } } }';
    const result = await shallow(graphqlEvent(JSON.stringify({ query })), lambdaContext);
    expect(result.statusCode).toBe(400);
    const error = JSON.parse(result.body!).errors[0];
    expect(error.message).toMatch(/Query depth limit of 2 exceeded, found 3/);
    expect(error.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('reports aliases over the limit by name', async () => {
    const wide = await post('{ farm(id: "f") { a: id b: id c: id d: id e: id f: id } }');
    expect(wide.status).toBe(400);
    expect(wide.body.errors[0].message).toMatch(/Aliases limit of 5 exceeded, found 6/);
    expect(wide.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('refuses an oversized body and other routes', async () => {
    const big = await handler(graphqlEvent(JSON.stringify({ query: `{ farm(id: "${'x'.repeat(3000)}") { id } }` })), lambdaContext);
    expect(big.statusCode).toBe(413);
    expect(JSON.parse(big.body!).errors[0].extensions.code).toBe('BODY_TOO_LARGE');
    const get = await handler(graphqlEvent('', { method: 'GET' }), lambdaContext);
    expect(get.statusCode).toBe(405);
    const other = await handler(graphqlEvent('{}', { path: '/nope' }), lambdaContext);
    expect(other.statusCode).toBe(404);
  });

  it('answers invalid JSON and a missing query in GraphQL\'s error shape', async () => {
    const bad = await handler(graphqlEvent('{"query": '), lambdaContext);
    expect(bad.statusCode).toBe(400);
    expect(JSON.parse(bad.body!).errors[0]).toEqual({ message: 'request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } });
    const empty = await handler(graphqlEvent('{}'), lambdaContext);
    expect(empty.statusCode).toBe(400);
    expect(JSON.parse(empty.body!).errors[0].message).toEqual(expect.any(String));
  });

  it('refuses an answer over the size limit with an error that names it', async () => {
    const small = createGatewayHandler(subgraphs.supergraphSdl, { ...config, maxResponseBytes: 30 });
    const result = await small(graphqlEvent(JSON.stringify({ query: '{ farm(id: "f1") { name } }' })), lambdaContext);
    expect(result.statusCode).toBe(400);
    expect(JSON.parse(result.body!).errors[0].extensions.code).toBe('RESPONSE_TOO_LARGE');
  });

  it('answers a subgraph that cannot be reached without its URL, and one that hangs within the time limit', async () => {
    const silent = http.createServer(() => undefined); // accepts, never answers
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const hanging = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/farm/graph`;
    try {
      const down = createGatewayHandler(subgraphs.supergraphSdl, { ...config, subgraphUrls: { ...subgraphs.urls, farm: 'http://127.0.0.1:1/farm/graph' } });
      const result = await down(graphqlEvent(JSON.stringify({ query: '{ farm(id: "f1") { name } }' })), lambdaContext);
      expect(result.body).not.toContain('127.0.0.1');
      expect(JSON.parse(result.body!).errors[0]).toMatchObject({ message: 'subgraph farm could not be reached' });

      const slow = createGatewayHandler(subgraphs.supergraphSdl, { ...config, timeoutMs: 300, subgraphUrls: { ...subgraphs.urls, farm: hanging } });
      const late = await slow(graphqlEvent(JSON.stringify({ query: '{ farm(id: "f1") { name } }' })), lambdaContext);
      expect(late.statusCode).toBe(504);
      expect(JSON.parse(late.body!).errors[0]).toEqual({ message: 'the operation exceeded the time limit of 300 ms', extensions: { code: 'GATEWAY_TIMEOUT' } });
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });

  it('keeps introspection off when configured off', async () => {
    const { body } = await post('{ __schema { types { name } } }');
    expect(body.errors[0].message).toMatch(/introspection/i);
  });
});
