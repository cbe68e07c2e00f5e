import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { createEntityApp, type EntityApp } from '../src/index.ts';
import { bed, garden } from './fixtures.ts';
import { clock, memoryRepository, send, type Clock } from './helpers.ts';

const valid = { name: 'Sunny', garden_type: 'allotment', zone: 'north' };

describe('REST', () => {
  let app: EntityApp;
  let time: Clock;
  beforeEach(() => {
    time = clock(5_000);
    app = createEntityApp(garden, memoryRepository('garden', time));
  });

  it('POST creates: 201, Location, the stored entity with id and created_at', async () => {
    const res = await send(app, 'POST', '/garden/api', valid);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.any(String), ...valid, created_at: 5_000 });
    expect(res.headers.location).toBe(`/garden/api/${res.body.id}`);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect((await send(app, 'GET', res.headers.location)).body).toEqual(res.body);
  });

  it('POST with a client UUID uses it; the same id again is 409; a non-UUID id is 400', async () => {
    const id = randomUUID();
    expect((await send(app, 'POST', '/garden/api', { id, ...valid })).body.id).toBe(id);
    const again = await send(app, 'POST', '/garden/api', { id, ...valid });
    expect(again.status).toBe(409);
    expect(again.body.error).toContain(id);
    const bad = await send(app, 'POST', '/garden/api', { id: 'garden-1', ...valid });
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual([{ path: '/id', message: 'must be a UUID' }]);
  });

  it('POST invalid is 400 naming each field and reason, and stores nothing', async () => {
    const res = await send(app, 'POST', '/garden/api', { name: 'x', garden_type: 'castle', extra: 1 });
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual(
      expect.arrayContaining([
        { path: '/zone', message: 'is required' },
        { path: '/garden_type', message: 'must be one of: botanical, community, allotment' },
        { path: '/extra', message: 'is not a known field' },
      ]),
    );
    expect(res.body.error).toContain('/zone is required');
    expect((await send(app, 'GET', '/garden/api')).body).toEqual([]);
  });

  it('rejects created_at on writes: it is server time', async () => {
    const res = await send(app, 'POST', '/garden/api', { ...valid, created_at: 1 });
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([{ path: '/created_at', message: 'is not a known field' }]);
  });

  it('invalid JSON is 400', async () => {
    const res = await send(app, 'POST', '/garden/api', '{"name": ', { 'content-type': 'application/json' });
    expect(res).toMatchObject({ status: 400, body: { error: 'body is not valid JSON' } });
  });

  it('415 unless the content type is JSON (charset and +json accepted)', async () => {
    const body = JSON.stringify(valid);
    expect((await send(app, 'POST', '/garden/api', body, { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await send(app, 'POST', '/garden/api', body, {})).status).toBe(415);
    expect((await send(app, 'POST', '/garden/api', body, { 'content-type': 'application/json; charset=utf-8' })).status).toBe(201);
    expect((await send(app, 'POST', '/garden/api', body, { 'content-type': 'application/vnd.egg+json' })).status).toBe(201);
    const put = await send(app, 'PUT', `/garden/api/${randomUUID()}`, body, { 'content-type': 'text/plain' });
    expect(put.status).toBe(415);
    expect(put.body.error).toMatch(/application\/json/);
  });

  it('413 over 262,144 bytes of raw body; exactly that many is accepted', async () => {
    const sized = (bytes: number) => {
      const shell = JSON.stringify({ ...valid, name: '' });
      return JSON.stringify({ ...valid, name: 'x'.repeat(bytes - Buffer.byteLength(shell)) });
    };
    const json = { 'content-type': 'application/json' };
    expect(Buffer.byteLength(sized(262_144))).toBe(262_144);
    expect((await send(app, 'POST', '/garden/api', sized(262_144), json)).status).toBe(201);
    const over = await send(app, 'POST', '/garden/api', sized(262_145), json);
    expect(over.status).toBe(413);
    expect(over.body.error).toMatch(/262144/);
    // Multi-byte characters count as bytes, not characters.
    const wide = JSON.stringify({ ...valid, name: 'é'.repeat(131_070) });
    expect((await send(app, 'POST', '/garden/api', wide, json)).status).toBe(413);
  });

  it('GET list returns current entities in creation order, without deleted ones', async () => {
    const a = (await send(app, 'POST', '/garden/api', { ...valid, name: 'A' })).body;
    time.now += 1;
    const b = (await send(app, 'POST', '/garden/api', { ...valid, name: 'B' })).body;
    await send(app, 'DELETE', `/garden/api/${a.id}`);
    const res = await send(app, 'GET', '/garden/api');
    expect(res.status).toBe(200);
    expect(res.body).toEqual([b]);
  });

  it('GET one: 200, 404 unknown, 404 deleted', async () => {
    const a = (await send(app, 'POST', '/garden/api', valid)).body;
    expect(await send(app, 'GET', `/garden/api/${a.id}`)).toMatchObject({ status: 200, body: a });
    const unknown = await send(app, 'GET', `/garden/api/${randomUUID()}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatch(/no garden with id/);
    await send(app, 'DELETE', `/garden/api/${a.id}`);
    expect((await send(app, 'GET', `/garden/api/${a.id}`)).status).toBe(404);
  });

  it('PUT replaces fully (200), validates like create (400, unchanged), 404 when unknown or deleted', async () => {
    const a = (await send(app, 'POST', '/garden/api', { ...valid, owner: 'Ann' })).body;
    time.now = 6_000;
    const put = await send(app, 'PUT', `/garden/api/${a.id}`, { ...valid, name: 'Renamed' });
    expect(put).toMatchObject({ status: 200, body: { id: a.id, ...valid, name: 'Renamed', created_at: 6_000 } });
    expect(put.body).not.toHaveProperty('owner');
    const invalid = await send(app, 'PUT', `/garden/api/${a.id}`, { name: 'only' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.details).toContainEqual({ path: '/zone', message: 'is required' });
    const mismatch = await send(app, 'PUT', `/garden/api/${a.id}`, { ...valid, id: randomUUID() });
    expect(mismatch.body.details).toEqual([{ path: '/id', message: 'must match the id in the path' }]);
    expect((await send(app, 'PUT', `/garden/api/${a.id}`, { ...valid, id: a.id, name: 'Same id' })).status).toBe(200);
    expect((await send(app, 'GET', `/garden/api/${a.id}`)).body.name).toBe('Same id');
    expect((await send(app, 'PUT', `/garden/api/${randomUUID()}`, valid)).status).toBe(404);
    await send(app, 'DELETE', `/garden/api/${a.id}`);
    expect((await send(app, 'PUT', `/garden/api/${a.id}`, valid)).status).toBe(404);
  });

  it('DELETE: 200 {id, deleted: true}, then 404', async () => {
    const a = (await send(app, 'POST', '/garden/api', valid)).body;
    expect(await send(app, 'DELETE', `/garden/api/${a.id}`)).toMatchObject({ status: 200, body: { id: a.id, deleted: true } });
    expect((await send(app, 'DELETE', `/garden/api/${a.id}`)).status).toBe(404);
  });

  it('?at reads the past; a non-numeric at is 400', async () => {
    const a = (await send(app, 'POST', '/garden/api', { ...valid, name: 'Old' })).body;
    time.now = 7_000;
    await send(app, 'PUT', `/garden/api/${a.id}`, { ...valid, name: 'New' });
    time.now = 8_000;
    await send(app, 'DELETE', `/garden/api/${a.id}`);
    expect((await send(app, 'GET', `/garden/api/${a.id}?at=6999`)).body.name).toBe('Old');
    expect((await send(app, 'GET', `/garden/api/${a.id}?at=7000`)).body.name).toBe('New');
    expect((await send(app, 'GET', `/garden/api/${a.id}?at=4999`)).status).toBe(404);
    expect((await send(app, 'GET', `/garden/api/${a.id}?at=8000`)).status).toBe(404);
    expect((await send(app, 'GET', '/garden/api?at=7500')).body.map((f: { name: string }) => f.name)).toEqual(['New']);
    expect((await send(app, 'GET', '/garden/api?at=4000')).body).toEqual([]);
    for (const at of ['yesterday', '', '12abc', '1e400', '-1']) {
      const res = await send(app, 'GET', `/garden/api?at=${at}`);
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('at must be ms since the epoch, a number from 0 to 8640000000000000');
      expect(res.body.details).toEqual([{ path: 'at', message: 'must be ms since the epoch, a number from 0 to 8640000000000000' }]);
    }
    expect((await send(app, 'GET', `/garden/api/${a.id}?at=x`)).status).toBe(400);
  });

  it('unknown routes are 404 JSON; known routes with a wrong method are 405 with Allow', async () => {
    for (const path of ['/garden/api/a/b', '/garden/apis', '/garden', '/bed/api', '/']) {
      const res = await send(app, 'GET', path);
      expect(res.status, path).toBe(404);
      expect(res.body.error).toMatch(/no route/);
    }
    const patch = await send(app, 'PATCH', '/garden/api');
    expect(patch).toMatchObject({ status: 405, headers: { allow: 'GET, HEAD, POST' }, body: { error: 'method PATCH not allowed' } });
    const post = await send(app, 'POST', `/garden/api/${randomUUID()}`, valid);
    expect(post).toMatchObject({ status: 405, headers: { allow: 'GET, HEAD, PUT, DELETE' } });
  });

  it('serves any declaration: bed validates its own schema', async () => {
    const bedApp = createEntityApp(bed, memoryRepository('bed'));
    const res = await send(bedApp, 'POST', '/bed/api', { name: 'C', garden_id: 'nope', capacity: 0, bed_type: 'raised' });
    expect(res.body.details).toEqual([
      { path: '/garden_id', message: 'must match format "uuid"' },
      { path: '/capacity', message: 'must be >= 1' },
    ]);
  });
});
