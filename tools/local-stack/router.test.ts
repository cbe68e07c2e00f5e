import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRouter, markGatewayCalls, OPENAPI_TARGET, routeOf, type Invoke } from './router.ts';

const seen: { target: string; event: APIGatewayProxyEventV2 }[] = [];
let reply: APIGatewayProxyResultV2 | Error = { statusCode: 200, body: '' };
let base: string;

const recorder =
  (target: string): Invoke =>
  async (event) => {
    seen.push({ target, event });
    if (reply instanceof Error) throw reply;
    return reply;
  };

const server = createRouter(new Map(['farm', 'lay_report', 'gateway'].map((n) => [n, recorder(n)])));

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const last = () => seen[seen.length - 1];

describe('routeOf', () => {
  it('routes like the API Gateway routes', () => {
    const names = new Set(['farm', 'lay_report', 'gateway']);
    expect(routeOf('/graphql', names)).toBe('gateway');
    expect(routeOf('/graphql/ready', names)).toBe('gateway');
    expect(routeOf('/graphqlx', names)).toBeUndefined();
    expect(routeOf('/openapi.json', names)).toBeUndefined();
    expect(routeOf('/openapi.json', new Set([...names, OPENAPI_TARGET]))).toBe(OPENAPI_TARGET);
    expect(routeOf('/farm/api/123', names)).toBe('farm');
    expect(routeOf('/lay_report/graph', names)).toBe('lay_report');
    expect(routeOf('/farm', names)).toBe('farm');
    expect(routeOf('/farmer/api', names)).toBeUndefined();
    expect(routeOf('/gateway/graphql', names)).toBeUndefined();
    expect(routeOf('/', names)).toBeUndefined();
  });
});

describe('router', () => {
  it('turns a JSON request into a v2 event for the right function', async () => {
    reply = { statusCode: 201, headers: { Location: '/farm/api/1' }, body: '{"id":"1"}' };
    const res = await fetch(`${base}/farm/api?at=5&x=1&x=2`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Thing': 'Yes', Cookie: 'a=1; b=2' },
      body: '{"name":"é"}',
    });
    const { target, event } = last();
    expect(target).toBe('farm');
    expect(event.version).toBe('2.0');
    expect(event.rawPath).toBe('/farm/api');
    expect(event.rawQueryString).toBe('at=5&x=1&x=2');
    expect(event.queryStringParameters).toEqual({ at: '5', x: '1,2' });
    expect(event.headers['content-type']).toBe('application/json');
    expect(event.headers['x-thing']).toBe('Yes');
    expect(event.cookies).toEqual(['a=1', 'b=2']);
    expect(event.body).toBe('{"name":"é"}');
    expect(event.isBase64Encoded).toBe(false);
    expect(event.requestContext.http.method).toBe('POST');
    expect(event.requestContext.http.sourceIp).toBe('127.0.0.1');
    expect(event.requestContext.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(Math.abs(event.requestContext.timeEpoch - Date.now())).toBeLessThan(60_000);
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe('/farm/api/1');
    expect(await res.text()).toBe('{"id":"1"}');
  });

  it('base64-encodes a binary body and gives each request its own id', async () => {
    const bytes = Buffer.from([0, 255, 254, 1, 2]);
    await fetch(`${base}/lay_report/api`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: bytes });
    const first = last().event;
    expect(first.isBase64Encoded).toBe(true);
    expect(Buffer.from(first.body!, 'base64')).toEqual(bytes);
    await fetch(`${base}/lay_report/api`);
    expect(last().event.body).toBeUndefined();
    expect(last().event.requestContext.http.method).toBe('GET');
    expect(last().event.requestContext.requestId).not.toBe(first.requestContext.requestId);
  });

  it('sends /graphql to the gateway and translates cookies and base64 results', async () => {
    reply = { statusCode: 202, cookies: ['s=1; Path=/', 't=2'], body: Buffer.from('hi there').toString('base64'), isBase64Encoded: true };
    const res = await fetch(`${base}/graphql`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(last().target).toBe('gateway');
    expect(res.status).toBe(202);
    expect(res.headers.getSetCookie()).toEqual(['s=1; Path=/', 't=2']);
    expect(await res.text()).toBe('hi there');
  });

  it('answers a result without statusCode as 200 JSON', async () => {
    reply = { ok: true } as unknown as APIGatewayProxyResultV2;
    const res = await fetch(`${base}/farm/api`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it('answers 404 JSON for unknown routes without invoking anything, and 502 when the function fails', async () => {
    const before = seen.length;
    const res = await fetch(`${base}/unknown/api`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: expect.stringMatching(/^no route for \//) });
    expect(seen.length).toBe(before);
    const huge = await fetch(`${base}/farm/api`, { headers: { 'x-big': 'x'.repeat(20_000) } });
    expect(huge.status).toBe(431);
    expect(await huge.json()).toEqual({ error: 'request headers too large' });
    reply = new Error('boom');
    const failed = await fetch(`${base}/farm/api`);
    expect(failed.status).toBe(502);
    expect(await failed.json()).toEqual({ error: 'bad gateway' });
  });
});

describe('markGatewayCalls', () => {
  const event = (headers: Record<string, string>) => ({ headers, requestContext: { requestId: 'r' } }) as unknown as APIGatewayProxyEventV2;
  const marker = (e: APIGatewayProxyEventV2) => (e.requestContext as { authorizer?: unknown }).authorizer;

  it('marks a request with the stack token as the gateway\'s and never forwards the token', () => {
    const marked = markGatewayCalls(event({ 'x-egg-internal': 's3cret', a: '1' }), 's3cret');
    expect(marker(marked)).toEqual({ lambda: { egg_caller: 'gateway' } });
    expect(marked.headers).toEqual({ a: '1' });
  });

  it('marks nothing for a wrong, missing or unconfigured token, and still strips it', () => {
    for (const [headers, token] of [[{ 'x-egg-internal': 'guess' }, 's3cret'], [{}, 's3cret'], [{ 'x-egg-internal': 'x' }, undefined]] as const) {
      const marked = markGatewayCalls(event({ ...headers }), token);
      expect(marker(marked)).toBeUndefined();
      expect(marked.headers).toEqual({});
    }
  });
});
