import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { APIGatewayProxyEventV2WithLambdaAuthorizer } from 'aws-lambda';
import { startFakeSubgraphs, type FakeSubgraphs } from '../test/fake-subgraphs.ts';
import { loadGatewayConfig } from './config.ts';
import { CALLER_MARKER, GATEWAY_CALLER } from '@egg/shared-contract';
import type { Invoke } from './lambda-data-source.ts';
import { createGatewayServer } from './server.ts';

type Event = APIGatewayProxyEventV2WithLambdaAuthorizer<Record<string, string>>;

let subgraphs: FakeSubgraphs;
const invoked: { functionName: string; event: Event }[] = [];

/** Stands in for Lambda: hands the event to the fake subgraph over HTTP, as the entity function would answer it. */
const invoke: Invoke = async (functionName, event) => {
  const e = event as Event;
  invoked.push({ functionName, event: e });
  const base = new URL(Object.values(subgraphs.urls)[0]).origin;
  const res = await fetch(base + e.rawPath, { method: e.requestContext.http.method, headers: e.headers as Record<string, string>, body: e.body });
  return { statusCode: res.status, headers: { 'content-type': res.headers.get('content-type') ?? '' }, body: await res.text() };
};

beforeAll(async () => {
  subgraphs = await startFakeSubgraphs();
});
afterAll(() => subgraphs.close());

describe('lambda transport', () => {
  const env = { SUBGRAPH_TRANSPORT: 'lambda', SUBGRAPH_FUNCTION_FARM: 'egg-farm', SUBGRAPH_FUNCTION_COOP: 'arn:aws:lambda:eu-west-1:1:function:egg-coop' };

  it('is chosen by configuration and needs a function, not a URL, per subgraph', () => {
    expect(loadGatewayConfig(['farm', 'coop'], env).subgraphFunctions).toEqual({
      farm: 'egg-farm',
      coop: 'arn:aws:lambda:eu-west-1:1:function:egg-coop',
    });
    expect(() => loadGatewayConfig(['farm', 'coop'], { SUBGRAPH_TRANSPORT: 'lambda', SUBGRAPH_FUNCTION_FARM: 'f' })).toThrow(
      /SUBGRAPH_FUNCTION_COOP/,
    );
    expect(() => loadGatewayConfig(['farm'], { SUBGRAPH_TRANSPORT: 'grpc' })).toThrow(/SUBGRAPH_TRANSPORT/);
    expect(loadGatewayConfig(['farm'], { SUBGRAPH_URL_TEMPLATE: 'http://h/{name}' }).subgraphFunctions).toBeUndefined();
  });

  it('joins across subgraphs by invoking each function with the gateway marker and the instant', async () => {
    const config = { ...loadGatewayConfig(['farm', 'coop'], env), introspection: false };
    const server = createGatewayServer(subgraphs.supergraphSdl, config, invoke);
    await server.start();
    try {
      const response = await server.executeOperation(
        { query: '{ farm(id: "f1") { name coops { name } } }' },
        { contextValue: { instant: 1_700_000_000_000 } },
      );
      expect(response.body.kind === 'single' && response.body.singleResult).toMatchObject({
        data: { farm: { name: 'farm f1', coops: [{ name: 'c1' }] } },
      });
    } finally {
      await server.stop();
    }
    expect(invoked.map((i) => [i.functionName, i.event.rawPath])).toEqual([
      ['egg-farm', '/farm/graph'],
      ['arn:aws:lambda:eu-west-1:1:function:egg-coop', '/coop/graph'],
    ]);
    for (const { event } of invoked) {
      expect(event.requestContext.authorizer.lambda[CALLER_MARKER]).toBe(GATEWAY_CALLER);
      expect(event.headers['x-egg-instant']).toBe('1700000000000');
      expect(event.requestContext.http.method).toBe('POST');
    }
    expect(subgraphs.instants.slice(-2)).toEqual(['1700000000000', '1700000000000']);
  });

  it('reports a failed subgraph function as a GraphQL error', async () => {
    const failing: Invoke = async () => ({ statusCode: 500, headers: { 'content-type': 'application/json' }, body: '{"error":"internal error"}' });
    const server = createGatewayServer(subgraphs.supergraphSdl, { ...loadGatewayConfig(['farm', 'coop'], env), introspection: false }, failing);
    await server.start();
    try {
      const response = await server.executeOperation({ query: '{ farm(id: "f1") { name } }' }, { contextValue: { instant: 1 } });
      const result = response.body.kind === 'single' ? response.body.singleResult : undefined;
      expect(result?.data).toEqual({ farm: null });
      expect(result?.errors?.[0].message).toMatch(/500/);
    } finally {
      await server.stop();
    }
  });
});
