import { httpApiEvent } from '@egg/shared-contract';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { httpEdge, loadCorsConfig, type EdgeHandler } from './index.ts';

const context = {} as Context;
const seen: string[] = [];
const inner: EdgeHandler = async (event): Promise<APIGatewayProxyStructuredResultV2> => {
  seen.push(event.requestContext.http.method);
  if (event.rawPath === '/text-error') return { statusCode: 400, headers: { 'Content-Type': 'text/plain' }, body: 'Operation batching disabled.' };
  if (event.rawPath === '/empty-error') return { statusCode: 502 };
  return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' };
};
const policy = { methods: ['GET', 'HEAD', 'POST'], allowHeaders: ['content-type', 'idempotency-key'], exposeHeaders: ['location'] };
const off = httpEdge({ cors: { origins: [], ...policy } }, inner);
const on = httpEdge({ cors: { origins: ['https://app.example'], ...policy } }, inner);
const call = (handler: EdgeHandler, method: string, path = '/x', headers: Record<string, string> = {}) =>
  handler(httpApiEvent({ method, path, headers }), context);

describe('httpEdge', () => {
  it('answers HEAD as GET without the body, with its length', async () => {
    const head = await call(off, 'HEAD');
    expect(seen.at(-1)).toBe('GET');
    expect(head).toMatchObject({ statusCode: 200, body: '', headers: { 'content-length': '11', 'content-type': 'application/json' } });
  });

  it('turns error bodies that are not JSON into the JSON error body', async () => {
    const text = await call(off, 'POST', '/text-error');
    expect(text.headers).toEqual({ 'content-type': 'application/json; charset=utf-8' });
    expect(JSON.parse(text.body!)).toEqual({ error: 'Operation batching disabled.' });
    expect(JSON.parse((await call(off, 'GET', '/empty-error')).body!)).toEqual({ error: 'Bad Gateway' });
    expect((await call(off, 'GET')).body).toBe('{"ok":true}');
  });

  it('with CORS off, adds no CORS headers and passes OPTIONS on to the function', async () => {
    const before = seen.length;
    const preflight = await call(off, 'OPTIONS', '/x', { origin: 'https://app.example', 'access-control-request-method': 'POST' });
    expect(seen.length).toBe(before + 1);
    expect(Object.keys(preflight.headers ?? {}).some((h) => h.startsWith('access-control'))).toBe(false);
  });

  it('answers an allowed origin’s preflight with 204 and the policy, without calling the function', async () => {
    const before = seen.length;
    const preflight = await call(on, 'OPTIONS', '/x', {
      origin: 'https://app.example',
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type',
    });
    expect(seen.length).toBe(before);
    expect(preflight).toMatchObject({
      statusCode: 204,
      headers: {
        'access-control-allow-origin': 'https://app.example',
        'access-control-allow-methods': 'GET, HEAD, POST',
        'access-control-allow-headers': 'content-type, idempotency-key',
        'access-control-max-age': '600',
        vary: 'origin',
      },
    });
  });

  it('refuses another origin’s preflight with a JSON 403, and gives its requests no CORS headers', async () => {
    const preflight = await call(on, 'OPTIONS', '/x', { origin: 'https://evil.example', 'access-control-request-method': 'POST' });
    expect(preflight.statusCode).toBe(403);
    expect(JSON.parse(preflight.body!)).toEqual({ error: 'origin https://evil.example is not allowed' });
    const get = await call(on, 'GET', '/x', { origin: 'https://evil.example' });
    expect(get.headers).toEqual({ 'content-type': 'application/json', vary: 'origin' });
  });

  it('adds origin to a Vary the function set', async () => {
    const varying = httpEdge({ cors: { origins: ['https://app.example'], ...policy } }, async () => ({ statusCode: 200, headers: { Vary: 'accept' }, body: '' }));
    expect((await call(varying, 'GET')).headers).toEqual({ vary: 'accept, origin' });
  });

  it('gives an allowed origin’s requests its origin and the exposed headers', async () => {
    const get = await call(on, 'GET', '/x', { origin: 'https://app.example' });
    expect(get.headers).toMatchObject({ 'access-control-allow-origin': 'https://app.example', 'access-control-expose-headers': 'location', vary: 'origin' });
  });
});

describe('loadCorsConfig', () => {
  it('is off by default and reads a comma-separated list of origins', () => {
    expect(loadCorsConfig({})).toEqual({ origins: [] });
    expect(loadCorsConfig({ EGG_CORS_ORIGINS: 'https://a.example, http://localhost:5173' })).toEqual({
      origins: ['https://a.example', 'http://localhost:5173'],
    });
  });

  it('names a value that is not an origin', () => {
    expect(() => loadCorsConfig({ EGG_CORS_ORIGINS: 'https://a.example/' })).toThrow(/"https:\/\/a.example\/" is not an origin/);
    expect(() => loadCorsConfig({ EGG_CORS_ORIGINS: '*' })).toThrow(/EGG_CORS_ORIGINS: "\*" is not an origin/);
  });
});
