/** docs/contract.md §6 at the edge, through the local router: JSON error bodies everywhere, HEAD, CORS. */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { create, request, type Reply } from './client.ts';
import { ALLOWED_ORIGIN } from './stack.ts';

const farm = { name: 'Edge Farm', farm_type: 'local_farm', zone: 'edge' };

const expectJsonError = (reply: Reply, status: number): void => {
  expect(reply.status).toBe(status);
  expect(reply.headers.get('content-type')).toMatch(/^application\/json/);
  expect(reply.body).toEqual({ error: expect.any(String) });
};

describe('every error body is JSON (docs/contract.md §6)', () => {
  it('the gateway’s own refusals: route, method, media type, JSON, size, headers', async () => {
    expectJsonError(await request('GET', '/graphql'), 405);
    expectJsonError(await request('POST', '/graphql', 'query=x', { 'content-type': 'text/plain' }), 415);
    expectJsonError(await request('POST', '/graphql', '{"query": ', { 'content-type': 'application/json' }), 400);
    expectJsonError(await request('POST', '/graphql', { query: `{ farms { id } } # ${'x'.repeat(40_000)}` }), 413);
    expectJsonError(await request('POST', '/graphql', { query: '{ farms { id } }' }, { 'x-big': 'x'.repeat(10_000) }), 431);
  });

  it('the router’s: unknown routes and headers over what it reads', async () => {
    expectJsonError(await request('GET', '/nowhere'), 404);
    expectJsonError(await request('GET', '/farm/api', undefined, { 'x-big': 'x'.repeat(20_000) }), 431);
  });

  it('an entity’s: 405 with Allow, 413, 415', async () => {
    const patch = await request('PATCH', '/farm/api', farm);
    expectJsonError(patch, 405);
    expect(patch.headers.get('allow')).toBe('GET, HEAD, POST');
    expectJsonError(await request('POST', '/farm/api', { ...farm, owner: 'x'.repeat(270_000) }), 413);
    expectJsonError(await request('POST', '/farm/api', 'name=F', { 'content-type': 'text/plain' }), 415);
  });
});

describe('HEAD wherever GET is', () => {
  it('answers with GET’s status and length, without a body', async () => {
    const created = await create('farm', farm);
    const get = await request('GET', `/farm/api/${created.id}`);
    const head = await request('HEAD', `/farm/api/${created.id}`);
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(Buffer.byteLength(JSON.stringify(get.body))));
    expect(head.body).toBe('');
    expect((await request('HEAD', '/farm/api')).status).toBe(200);
    expect((await request('HEAD', `/farm/api/${randomUUID()}`)).status).toBe(404);
  });
});

describe('CORS (EGG_CORS_ORIGINS on this stack)', () => {
  const preflight = (path: string, origin: string, method = 'POST') =>
    request('OPTIONS', path, undefined, { origin, 'access-control-request-method': method, 'access-control-request-headers': 'content-type' });

  it('answers an allowed origin’s preflight on REST and on the gateway', async () => {
    for (const path of ['/farm/api', '/graphql']) {
      const reply = await preflight(path, ALLOWED_ORIGIN);
      expect(reply.status, path).toBe(204);
      expect(reply.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
      expect(reply.headers.get('access-control-allow-methods')).toContain('POST');
      expect(reply.headers.get('access-control-allow-headers')).toContain('content-type');
      expect(reply.headers.get('vary')).toBe('origin');
    }
  });

  it('refuses another origin’s preflight, and its requests carry no CORS headers', async () => {
    expectJsonError(await preflight('/farm/api', 'http://evil.example'), 403);
    const reply = await request('GET', '/farm/api', undefined, { origin: 'http://evil.example' });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('lets the allowed origin read answers and their Location', async () => {
    const reply = await request('POST', '/farm/api', farm, { origin: ALLOWED_ORIGIN });
    expect(reply.status).toBe(201);
    expect(reply.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
    expect(reply.headers.get('access-control-expose-headers')).toContain('location');
    const graph = await request('POST', '/graphql', { query: '{ farms(limit: 1) { id } }' }, { origin: ALLOWED_ORIGIN });
    expect(graph.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
  });
});
