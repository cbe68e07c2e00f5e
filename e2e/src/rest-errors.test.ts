import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { create, request } from './client.ts';

const farm = { name: 'F', farm_type: 'local_farm', zone: 'z' };

describe('REST errors (docs/contract.md §6)', () => {
  it('400 for invalid JSON', async () => {
    const reply = await request('POST', '/farm/api', '{"name": ', { 'content-type': 'application/json' });
    expect(reply.status).toBe(400);
    expect(reply.body.error).toMatch(/json/i);
  });

  it('400 for a schema violation, naming the field', async () => {
    const reply = await request('POST', '/farm/api', { ...farm, farm_type: 'space_farm' });
    expect(reply.status).toBe(400);
    expect(reply.body.details.map((d: { path: string }) => d.path)).toContain('/farm_type');
    const missing = await request('POST', '/coop/api', { name: 'c', farm_id: randomUUID(), coop_type: 'x' });
    expect(missing.status).toBe(400);
    expect(JSON.stringify(missing.body.details)).toContain('capacity');
    const unknown = await request('POST', '/farm/api', { ...farm, colour: 'red' });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body.details)).toContain('colour');
    const fractional = await request('POST', '/coop/api', { name: 'c', farm_id: randomUUID(), capacity: 1.5, coop_type: 'x' });
    expect(fractional.status).toBe(400);
    expect(fractional.body.details.map((d: { path: string }) => d.path)).toContain('/capacity');
  });

  it('201 with Location, then 409 for an id that exists', async () => {
    const id = randomUUID();
    const created = await request('POST', '/farm/api', { ...farm, id });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/farm/api/${id}`);
    const again = await request('POST', '/farm/api', { ...farm, id });
    expect(again.status).toBe(409);
    expect(again.body.error).toEqual(expect.any(String));
  });

  it('413 for a body over 256 KiB', async () => {
    const reply = await request('POST', '/farm/api', { ...farm, owner: 'x'.repeat(270_000) });
    expect(reply.status).toBe(413);
    expect(reply.body.error).toEqual(expect.any(String));
  });

  it('415 for a body that is not JSON', async () => {
    const reply = await request('POST', '/farm/api', 'name=F', { 'content-type': 'text/plain' });
    expect(reply.status).toBe(415);
    expect(reply.body.error).toEqual(expect.any(String));
  });

  it('404 for unknown or deleted ids, on GET, PUT and DELETE', async () => {
    const unknown = randomUUID();
    for (const [method, body] of [['GET'], ['PUT', farm], ['DELETE']] as const) {
      const reply = await request(method, `/farm/api/${unknown}`, body);
      expect(reply.status, method).toBe(404);
      expect(reply.body.error).toEqual(expect.any(String));
    }
    const gone = await create('farm', farm);
    expect((await request('DELETE', `/farm/api/${gone.id}`)).status).toBe(200);
    expect((await request('PUT', `/farm/api/${gone.id}`, farm)).status).toBe(404);
  });

  it('405 for a method the resource does not have', async () => {
    const reply = await request('PATCH', '/farm/api', farm);
    expect(reply.status).toBe(405);
    expect(reply.body.error).toEqual(expect.any(String));
  });

  it('404 JSON for a route nothing serves', async () => {
    const reply = await request('GET', '/nowhere/api');
    expect(reply.status).toBe(404);
    expect(typeof reply.body).toBe('object');
  });
});

describe('gateway defences', () => {
  it('refuses an over-deep query with a GraphQL error', async () => {
    let selection = 'id';
    for (let i = 0; i < 8; i++) selection = `coops { farm { ${selection} } }`;
    const reply = await request('POST', '/graphql', { query: `{ farms { ${selection} } }` });
    expect(reply.status).toBe(400);
    expect(reply.body.errors[0].message).toMatch(/Query depth limit of \d+ exceeded, found \d+/);
  });

  it('refuses an over-wide query with a GraphQL error', async () => {
    const fields = Array.from({ length: 400 }, (_, i) => `f${i}: id`).join(' ');
    const reply = await request('POST', '/graphql', { query: `{ farms { ${fields} } }` });
    expect(reply.status).toBe(400);
    expect(reply.body.errors[0].message).toMatch(/Aliases limit of \d+ exceeded, found 400/);
  });

  it('refuses an oversized document', async () => {
    const reply = await request('POST', '/graphql', { query: `{ farms { id } } # ${'x'.repeat(40_000)}` });
    expect(reply.status).toBe(413);
    expect(reply.body).toEqual({ error: expect.stringMatching(/request body exceeds \d+ bytes/) });
  });
});
