import { describe, expect, it } from 'vitest';
import { loadGatewayConfig } from './config.ts';

describe('loadGatewayConfig', () => {
  it('fills the template, lets a per-subgraph variable win, and defaults introspection on locally', () => {
    const config = loadGatewayConfig(['farm', 'lay_report'], {
      SUBGRAPH_URL_TEMPLATE: 'http://127.0.0.1:4000/{name}/graph',
      SUBGRAPH_URL_FARM: 'http://farm.example/graph',
    });
    expect(config.subgraphUrls).toEqual({
      farm: 'http://farm.example/graph',
      lay_report: 'http://127.0.0.1:4000/lay_report/graph',
    });
    expect(config.introspection).toBe(true);
  });

  it('names every subgraph without a URL', () => {
    expect(() => loadGatewayConfig(['farm', 'lay_report'], { SUBGRAPH_URL_FARM: 'http://x' })).toThrow(
      /SUBGRAPH_URL_LAY_REPORT/,
    );
  });

  it('switches introspection off in Lambda unless asked for, and rejects bad numbers', () => {
    const env = { SUBGRAPH_URL_TEMPLATE: 'http://h/{name}', AWS_LAMBDA_FUNCTION_NAME: 'gw' };
    expect(loadGatewayConfig(['farm'], env).introspection).toBe(false);
    expect(loadGatewayConfig(['farm'], { ...env, GATEWAY_INTROSPECTION: 'true' }).introspection).toBe(true);
    expect(() => loadGatewayConfig(['farm'], { ...env, GATEWAY_TIMEOUT_MS: '0' })).toThrow(/GATEWAY_TIMEOUT_MS/);
    expect(() => loadGatewayConfig(['farm'], { ...env, GRAPH_MAX_DEPTH: '0' })).toThrow(/GRAPH_MAX_DEPTH/);
  });
});
