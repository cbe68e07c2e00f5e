import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadGraphLimits } from '@egg/shared-graph-limits';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startFakeSubgraphs, type FakeSubgraphs } from '../test/fake-subgraphs.ts';
import { lambdaContext, lambdaEvent } from '@egg/shared-testing';
import type { GatewayConfig } from './config.ts';
import { createGatewayHandler } from './handler.ts';
import { subgraphNames } from './server.ts';

const graphql = (body: string, method = 'POST', path = '/graphql', headers: Record<string, string> = {}) =>
  lambdaEvent({ method, path, body, headers: { 'content-type': 'application/json', host: 'localhost', ...headers } });

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
    maxHeaderBytes: 1_000,
    cors: { origins: [] },
  };
  handler = createGatewayHandler(subgraphs.supergraphSdl, config);
});
afterAll(() => subgraphs.close());

const post = async (query: string) => {
  const result = await handler(graphql(JSON.stringify({ query })), lambdaContext());
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
    const result = await shallow(graphql(JSON.stringify({ query })), lambdaContext());
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

  it('answers a JSON body without a query in GraphQL\'s error shape', async () => {
    const empty = await handler(graphql('{}'), lambdaContext());
    expect(empty.statusCode).toBe(400);
    expect(JSON.parse(empty.body!).errors[0].message).toEqual(expect.any(String));
  });

  it('refuses an answer over the size limit with an error that names it', async () => {
    const small = createGatewayHandler(subgraphs.supergraphSdl, { ...config, maxResponseBytes: 30 });
    const result = await small(graphql(JSON.stringify({ query: '{ farm(id: "f1") { name } }' })), lambdaContext());
    expect(result.statusCode).toBe(400);
    expect(JSON.parse(result.body!).errors[0].extensions.code).toBe('RESPONSE_TOO_LARGE');
  });

  it('answers a subgraph that cannot be reached without its URL, and one that hangs within the time limit', async () => {
    const silent = http.createServer(() => undefined); // accepts, never answers
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const hanging = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/farm/graph`;
    const query = graphql(JSON.stringify({ query: '{ farm(id: "f1") { name } }' }));
    try {
      const down = createGatewayHandler(subgraphs.supergraphSdl, { ...config, subgraphUrls: { ...subgraphs.urls, farm: 'http://127.0.0.1:1/farm/graph' } });
      const result = await down(query, lambdaContext());
      expect(result.body).not.toContain('127.0.0.1');
      expect(JSON.parse(result.body!).errors[0]).toMatchObject({ message: 'subgraph farm could not be reached' });

      const slow = createGatewayHandler(subgraphs.supergraphSdl, { ...config, timeoutMs: 300, subgraphUrls: { ...subgraphs.urls, farm: hanging } });
      const late = await slow(query, lambdaContext());
      expect(late.statusCode).toBe(504);
      expect(JSON.parse(late.body!).errors[0]).toEqual({ message: 'the operation exceeded the time limit of 300 ms', extensions: { code: 'GATEWAY_TIMEOUT' } });
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });

  it('refuses what is not a GraphQL request with the JSON error body of docs/contract.md §6', async () => {
    const refused = async (event: ReturnType<typeof graphql>) => {
      const result = await handler(event, lambdaContext());
      expect(result.headers?.['content-type']).toBe('application/json; charset=utf-8');
      return { status: result.statusCode, body: JSON.parse(result.body!) };
    };
    const big = JSON.stringify({ query: `{ farm(id: "${'x'.repeat(3000)}") { id } }` });
    expect(await refused(graphql(big))).toEqual({ status: 413, body: { error: 'request body exceeds 2000 bytes' } });
    expect(await refused(graphql('', 'GET'))).toEqual({ status: 405, body: { error: 'use POST /graphql' } });
    const head = await handler(graphql('', 'HEAD'), lambdaContext());
    expect(head).toMatchObject({ statusCode: 405, body: '', headers: { allow: 'POST' } });
    expect(await refused(graphql('{}', 'POST', '/nope'))).toEqual({ status: 404, body: { error: 'no route for /nope' } });
    expect(await refused(graphql('{"query": ', 'POST'))).toEqual({ status: 400, body: { error: 'body is not valid JSON' } });
    expect(await refused(graphql('query=x', 'POST', '/graphql', { 'content-type': 'text/plain' }))).toEqual({
      status: 415,
      body: { error: 'content-type must be application/json' },
    });
    expect(await refused(graphql('{}', 'POST', '/graphql', { cookie: 'x'.repeat(1_000) }))).toEqual({
      status: 431,
      body: { error: 'request headers exceed 1000 bytes' },
    });
  });

  it('answers CORS preflights for configured origins only', async () => {
    const cors = createGatewayHandler(subgraphs.supergraphSdl, { ...config, cors: { origins: ['https://app.example'] } });
    const preflight = (origin: string) =>
      cors(graphql('', 'OPTIONS', '/graphql', { origin, 'access-control-request-method': 'POST' }), lambdaContext());
    expect(await preflight('https://app.example')).toMatchObject({
      statusCode: 204,
      headers: { 'access-control-allow-origin': 'https://app.example', 'access-control-allow-methods': 'POST' },
    });
    expect((await preflight('https://evil.example')).statusCode).toBe(403);
    const answer = await cors(graphql(JSON.stringify({ query: '{ farm(id: "f1") { name } }' }), 'POST', '/graphql', { origin: 'https://app.example' }), lambdaContext());
    expect(answer.statusCode).toBe(200);
    expect(answer.headers?.['access-control-allow-origin']).toBe('https://app.example');
  });

  it('answers liveness and readiness under its path', async () => {
    const probe = async (path: string, method = 'GET') => {
      const result = await handler(graphql('', method, path), lambdaContext());
      return { status: result.statusCode, body: JSON.parse(result.body!) };
    };
    expect(await probe('/graphql/health')).toEqual({ status: 200, body: { status: 'ok', function: 'gateway' } });
    expect(await probe('/graphql/ready')).toEqual({ status: 200, body: { status: 'ready', function: 'gateway' } });
    expect((await probe('/graphql/ready', 'POST')).status).toBe(405);
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const broken = createGatewayHandler('not a supergraph', config);
    const unready = await broken(graphql('', 'GET', '/graphql/ready'), lambdaContext());
    errors.mockRestore();
    expect(unready.statusCode).toBe(503);
    expect(JSON.parse(unready.body!)).toEqual({ error: 'gateway is not ready: its supergraph did not load' });
  });

  it('keeps introspection off when configured off', async () => {
    const { body } = await post('{ __schema { types { name } } }');
    expect(body.errors[0].message).toMatch(/introspection/i);
  });
});
