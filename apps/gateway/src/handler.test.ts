import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startFakeSubgraphs, type FakeSubgraphs } from '../test/fake-subgraphs.ts';
import { graphqlEvent, lambdaContext } from '../test/event.ts';
import type { GatewayConfig } from './config.ts';
import { createGatewayHandler } from './handler.ts';
import { subgraphNames } from './server.ts';

let subgraphs: FakeSubgraphs;
let handler: ReturnType<typeof createGatewayHandler>;
let config: GatewayConfig;

beforeAll(async () => {
  subgraphs = await startFakeSubgraphs();
  config = { subgraphUrls: subgraphs.urls, introspection: false, maxDepth: 3, maxFields: 6, maxBodyBytes: 2_000 };
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
    const shallow = createGatewayHandler(subgraphs.supergraphSdl, { ...config, maxDepth: 2 });
    const query = '{ ...F } fragment F on Query { farm(id: "f") { coops { name } } }';
    const result = await shallow(graphqlEvent(JSON.stringify({ query })), lambdaContext);
    expect(result.statusCode).toBe(400);
    const error = JSON.parse(result.body!).errors[0];
    expect(error.message).toBe('query depth 3 exceeds the maximum of 2');
    expect(error.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('reports depth and width over the limits by name', async () => {
    const wide = await post('{ farm(id: "f") { a: id b: id c: id d: id e: id f: id } }');
    expect(wide.status).toBe(400);
    expect(wide.body.errors[0].message).toMatch(/selects 7 fields, more than the maximum of 6/);
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

  it('answers liveness and readiness under its path', async () => {
    const probe = async (path: string, method = 'GET') => {
      const result = await handler(graphqlEvent('', { path, method }), lambdaContext);
      return { status: result.statusCode, body: JSON.parse(result.body!) };
    };
    expect(await probe('/graphql/health')).toEqual({ status: 200, body: { status: 'ok', function: 'gateway' } });
    expect(await probe('/graphql/ready')).toEqual({ status: 200, body: { status: 'ready', function: 'gateway' } });
    expect((await probe('/graphql/ready', 'POST')).status).toBe(405);
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const broken = createGatewayHandler('not a supergraph', config);
    const unready = await broken(graphqlEvent('', { path: '/graphql/ready', method: 'GET' }), lambdaContext);
    errors.mockRestore();
    expect(unready.statusCode).toBe(503);
    expect(JSON.parse(unready.body!)).toEqual({ error: 'gateway is not ready: its supergraph did not load' });
  });

  it('keeps introspection off when configured off', async () => {
    const { body } = await post('{ __schema { types { name } } }');
    expect(body.errors[0].message).toMatch(/introspection/i);
  });
});
