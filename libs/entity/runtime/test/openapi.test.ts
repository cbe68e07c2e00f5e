import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FileEventLog } from '@egg/storage-file-log';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createEntityHandler, mergeOpenApi, openApiDocument, type EntityHandler } from '../src/index.ts';
import { lambdaContext, lambdaEvent } from '../src/testing.ts';
import { coop, farm, hen } from './fixtures.ts';
import { openApiChecker, type Answer } from '../src/openapi-check.ts';

const valid = { name: 'Sunny', farm_type: 'homestead', zone: 'north' };

describe('OpenAPI document of an entity', () => {
  let dir: string;
  let log: FileEventLog | undefined;
  let handler: EntityHandler;
  const answers: Answer[] = [];
  const call = async (method: string, rawPath: string, body?: string | object, headers?: Record<string, string>): Promise<Answer> => {
    const [p, query] = rawPath.split('?');
    const result = await handler(lambdaEvent({ method, path: p, query, body, headers }), lambdaContext());
    const answer = { method, path: p, status: result.statusCode!, headers: result.headers as Record<string, string>, body: JSON.parse(result.body!) };
    answers.push(answer);
    return answer;
  };

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'egg-openapi-'));
    handler = createEntityHandler(farm, { openLog: async () => (log = await FileEventLog.open(dir)) });
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await log?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is valid OpenAPI 3.1, served at /<name>/api/openapi.json, with the declaration as the body schema', async () => {
    const served = await call('GET', '/farm/api/openapi.json');
    expect(served.status).toBe(200);
    expect(served.body).toEqual(openApiDocument(farm));
    const doc = openApiDocument(farm);
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components!.schemas!.FarmInput).toMatchObject({
      required: ['name', 'farm_type', 'zone'],
      additionalProperties: false,
      properties: { farm_type: { enum: ['megafarm', 'local_farm', 'homestead'] }, id: { format: 'uuid' } },
    });
    await openApiChecker(doc);
  });

  it('lists every status the function answers, with bodies that fit their schemas', async () => {
    const created = await call('POST', '/farm/api', valid);
    expect(created.status).toBe(201);
    const id = (created.body as { id: string }).id;
    const statuses = [
      created,
      await call('POST', '/farm/api', { ...valid, id }),
      await call('POST', '/farm/api', { ...valid, farm_type: 'space' }),
      await call('POST', '/farm/api', '{"name":', { 'content-type': 'application/json' }),
      await call('POST', '/farm/api', 'name=x', { 'content-type': 'text/plain' }),
      await call('POST', '/farm/api', { ...valid, owner: 'x'.repeat(300_000) }),
      await call('GET', '/farm/api'),
      await call('GET', '/farm/api?at=soon'),
      await call('GET', `/farm/api/${id}?at=${Date.now()}`),
      await call('GET', `/farm/api/${randomUUID()}`),
      await call('PUT', `/farm/api/${id}`, { ...valid, owner: 'Ann' }),
      await call('PUT', `/farm/api/${randomUUID()}`, valid),
      await call('PUT', `/farm/api/${id}`, { ...valid, id: randomUUID() }),
      await call('DELETE', `/farm/api/${id}`),
      await call('DELETE', `/farm/api/${id}`),
      await call('POST', '/farm/graph', { query: '{ farms { id name created_at asOf } }' }),
      await call('POST', '/farm/graph', { query: '{ farms { nope } }' }),
      await call('GET', '/farm/health'),
      await call('GET', '/farm/ready'),
    ].map((a) => `${a.method} ${a.status}`);
    expect(statuses).toEqual([
      'POST 201', 'POST 409', 'POST 400', 'POST 400', 'POST 415', 'POST 413', 'GET 200', 'GET 400', 'GET 200', 'GET 404',
      'PUT 200', 'PUT 404', 'PUT 400', 'DELETE 200', 'DELETE 404', 'POST 200', 'POST 400', 'GET 200', 'GET 200',
    ]);
    const check = await openApiChecker(openApiDocument(farm));
    for (const answer of answers) check(answer);
  });

  it('would catch an answer the document does not describe', async () => {
    const check = await openApiChecker(openApiDocument(farm));
    const answer = { method: 'GET', path: `/farm/api/${randomUUID()}`, status: 200, headers: {}, body: { id: randomUUID(), name: 'x' } };
    expect(() => check(answer)).toThrow(/does not fit/);
    expect(() => check({ ...answer, status: 418 })).toThrow(/status not listed/);
    expect(() => check({ ...answer, method: 'PATCH' })).toThrow(/has no PATCH/);
  });

  it('merges documents into one valid document, each shared schema once, and refuses a clash', async () => {
    const merged = mergeOpenApi([farm, coop, hen].map(openApiDocument), 'egg economy');
    expect(Object.keys(merged.paths!)).toEqual(expect.arrayContaining(['/farm/api', '/coop/api/{id}', '/hen/ready']));
    expect(Object.keys(merged.components!.schemas!)).toEqual(expect.arrayContaining(['Farm', 'CoopInput', 'Hen', 'Error']));
    await openApiChecker(merged);
    const clash = openApiDocument({ ...hen, name: 'chicken', schema: { ...hen.schema, required: ['name'] } });
    expect(() => mergeOpenApi([openApiDocument(hen), clash], 'x')).toThrow(/schema Hen differs between two functions/);
  });
});

describe('health and readiness', () => {
  it('answers liveness and the document without storage, and readiness 503 while storage cannot open', async () => {
    const errors: string[] = [];
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    vi.spyOn(console, 'error').mockImplementation((line: string) => void errors.push(line));
    let fail = true;
    const handler = createEntityHandler(farm, {
      openLog: async () => {
        if (fail) throw new Error('cannot mount /mnt/secret');
        return FileEventLog.open(mkdtempSync(path.join(tmpdir(), 'egg-ready-')));
      },
    });
    const get = async (p: string, method = 'GET') => {
      const result = await handler(lambdaEvent({ method, path: p }), lambdaContext('req-r'));
      return { status: result.statusCode, body: JSON.parse(result.body!), headers: result.headers };
    };
    expect(await get('/farm/health')).toMatchObject({ status: 200, body: { status: 'ok', function: 'farm' } });
    expect((await get('/farm/api/openapi.json')).status).toBe(200);
    const unready = await get('/farm/ready');
    expect(unready).toMatchObject({ status: 503, body: { error: 'farm is not ready: its storage cannot be opened or read' } });
    expect(JSON.stringify(unready.body)).not.toContain('secret');
    expect(errors.some((l) => l.includes('cannot mount') && l.includes('req-r'))).toBe(true);
    fail = false;
    expect(await get('/farm/ready')).toMatchObject({ status: 200, body: { status: 'ready', function: 'farm' } });
    expect(await get('/farm/health', 'POST')).toMatchObject({ status: 405, headers: { allow: 'GET' } });
    vi.restoreAllMocks();
  });
});
