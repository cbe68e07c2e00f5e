import { describe, expect, it } from 'vitest';
import { httpApiEvent, isGatewayEvent } from './index.ts';

describe('httpApiEvent', () => {
  it('builds a v2 event as API Gateway does: query parameters joined, cookies apart, an id per request', () => {
    const event = httpApiEvent({ method: 'POST', path: '/farm/api', query: 'at=5&x=1&x=2', cookies: ['a=1'], body: '{}', headers: { host: 'api.example.com' } });
    expect(event).toMatchObject({
      version: '2.0',
      rawPath: '/farm/api',
      rawQueryString: 'at=5&x=1&x=2',
      queryStringParameters: { at: '5', x: '1,2' },
      cookies: ['a=1'],
      body: '{}',
      isBase64Encoded: false,
      requestContext: { domainName: 'api.example.com', domainPrefix: 'api', http: { method: 'POST', path: '/farm/api' } },
    });
    expect(httpApiEvent({ method: 'GET', path: '/' }).requestContext.requestId).not.toBe(event.requestContext.requestId);
    expect('body' in httpApiEvent({ method: 'GET', path: '/' })).toBe(false);
  });

  it('carries the caller marker only when asked, and only the marker makes an event the gateway’s', () => {
    expect(isGatewayEvent(httpApiEvent({ method: 'POST', path: '/farm/graph', fromGateway: true }))).toBe(true);
    expect(isGatewayEvent(httpApiEvent({ method: 'POST', path: '/farm/graph', headers: { 'x-egg-internal': 'guess' } }))).toBe(false);
  });
});
