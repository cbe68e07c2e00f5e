import { loadGraphLimits } from '@egg/shared-graph-limits';
import { lambdaContext, lambdaEvent } from '@egg/shared-testing';
import { getIntrospectionQuery } from 'graphql';
import { describe, expect, it } from 'vitest';
import { startFakeSubgraphs } from '../test/fake-subgraphs.ts';
import { loadGatewayConfig, type GatewayConfig } from './config.ts';
import { explorerHtml } from './explorer.ts';
import { createGatewayHandler } from './handler.ts';

const browserGet = (method = 'GET', accept = 'text/html,application/xhtml+xml,*/*;q=0.8') =>
  lambdaEvent({ method, path: '/graphql', headers: { host: 'localhost', accept } });
const post = (query: string) =>
  lambdaEvent({ method: 'POST', path: '/graphql', body: JSON.stringify({ query }), headers: { 'content-type': 'application/json', host: 'localhost' } });

describe('the explorer page', () => {
  it('is served for a browser GET when on, and refused as before when off', async () => {
    const subgraphs = await startFakeSubgraphs();
    try {
      const base: GatewayConfig = {
        subgraphUrls: subgraphs.urls,
        introspection: true,
        limits: loadGraphLimits({}),
        maxBodyBytes: 32_768,
        maxResponseBytes: 1_000_000,
        timeoutMs: 5_000,
        subgraphMaxBodyBytes: 262_144,
        maxHeaderBytes: 8_192,
        cors: { origins: [] },
      };
      const on = createGatewayHandler(subgraphs.supergraphSdl, { ...base, explorer: { assetsUrl: '/explorer' } });
      const page = await on(browserGet(), lambdaContext());
      expect(page.statusCode).toBe(200);
      expect(page.headers?.['content-type']).toBe('text/html; charset=utf-8');
      expect(page.body).toContain('<script type="module" src="/explorer/explorer.js"></script>');
      const head = await on(browserGet('HEAD'), lambdaContext());
      expect([head.statusCode, head.body, head.headers?.['content-type']]).toEqual([200, '', 'text/html; charset=utf-8']);
      // A GET that asks for JSON is an API call, not a browser: still 405.
      expect((await on(browserGet('GET', 'application/json'), lambdaContext())).statusCode).toBe(405);
      const off = createGatewayHandler(subgraphs.supergraphSdl, base);
      expect((await off(browserGet(), lambdaContext())).statusCode).toBe(405);
      // The docs pane's introspection is 15 deep: the depth limit (armor's) leaves `__schema` out.
      const docs = await on(post(getIntrospectionQuery()), lambdaContext());
      expect(docs.statusCode).toBe(200);
      expect(JSON.parse(docs.body!).data.__schema.queryType.name).toBe('Query');
    } finally {
      await subgraphs.close();
    }
  });

  it('loads its assets from the configured place, escaped', () => {
    const html = explorerHtml({ assetsUrl: 'https://assets.example/x"y/' });
    expect(html).toContain('href="https://assets.example/x&quot;y/explorer.css"');
    expect(html).toContain('src="https://assets.example/x&quot;y/explorer.js"');
  });
});

describe('explorer configuration', () => {
  const local = { SUBGRAPH_URL_TEMPLATE: 'http://h/{name}' };
  const lambda = { ...local, AWS_LAMBDA_FUNCTION_NAME: 'gw' };

  it('is on locally with the local stack assets, off in Lambda unless asked for with a place for the assets', () => {
    expect(loadGatewayConfig(['farm'], local).explorer).toEqual({ assetsUrl: '/explorer' });
    expect(loadGatewayConfig(['farm'], { ...local, GATEWAY_EXPLORER: 'false' }).explorer).toBeUndefined();
    expect(loadGatewayConfig(['farm'], lambda).explorer).toBeUndefined();
    expect(() => loadGatewayConfig(['farm'], { ...lambda, GATEWAY_EXPLORER: 'true' })).toThrow(/GATEWAY_EXPLORER_ASSETS_URL/);
    const configured = { ...lambda, GATEWAY_EXPLORER: 'true', GATEWAY_EXPLORER_ASSETS_URL: 'https://cdn.internal/explorer' };
    expect(loadGatewayConfig(['farm'], configured).explorer).toEqual({ assetsUrl: 'https://cdn.internal/explorer' });
    expect(() => loadGatewayConfig(['farm'], { ...local, GATEWAY_EXPLORER: 'yes' })).toThrow(/GATEWAY_EXPLORER must be true or false/);
  });
});
