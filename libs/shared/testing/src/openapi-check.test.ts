import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createEntityHandler, defineEntity, openApiDocument, type EntityHandler } from '@egg/entity-runtime';
import { FileEventLog } from '@egg/storage-file-log';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { lambdaContext, lambdaEvent, openApiChecker, type Answer } from './index.ts';

const pond = defineEntity({
  name: 'pond',
  typeName: 'Pond',
  schema: {
    type: 'object',
    properties: {
      name: { type: 'string' },
      kind: { type: 'string', enum: ['pond', 'lake'] },
      farm_id: { type: 'string', format: 'uuid' },
      ducks: { type: 'integer', minimum: 0 },
    },
    required: ['name', 'kind'],
  },
  lookups: ['kind'],
  joins: [],
});
const valid = { name: 'Mill pond', kind: 'pond' };

describe('openApiChecker against a real entity function (file log)', () => {
  let dir: string;
  let log: FileEventLog | undefined;
  let handler: EntityHandler;
  const call = async (method: string, rawPath: string, body?: string | object, headers?: Record<string, string>): Promise<Answer> => {
    const [p, query] = rawPath.split('?');
    const result = await handler(lambdaEvent({ method, path: p, query, body, headers }), lambdaContext());
    return { method, path: p, status: result.statusCode!, headers: result.headers as Record<string, string>, body: result.body ? JSON.parse(result.body) : undefined };
  };

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'egg-openapi-'));
    handler = createEntityHandler(pond, { openLog: async () => (log = await FileEventLog.open(dir)) });
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await log?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds every status the function answers listed, with a body that fits its schema', async () => {
    const created = await call('POST', '/pond/api', valid, { 'idempotency-key': 'k1' });
    const id = (created.body as { id: string }).id;
    const answers = [
      created,
      await call('POST', '/pond/api', valid, { 'idempotency-key': 'k1' }),
      await call('POST', '/pond/api', { ...valid, name: 'other' }, { 'idempotency-key': 'k1' }),
      await call('POST', '/pond/api', { ...valid, id }),
      await call('POST', '/pond/api', { ...valid, kind: 'sea' }),
      await call('POST', '/pond/api', '{"name":', { 'content-type': 'application/json' }),
      await call('POST', '/pond/api', 'name=x', { 'content-type': 'text/plain' }),
      await call('POST', '/pond/api', { ...valid, name: 'x'.repeat(300_000) }),
      await call('GET', '/pond/api'),
      await call('HEAD', '/pond/api'),
      await call('GET', '/pond/api?at=soon'),
      await call('GET', `/pond/api/${id}?at=${Date.now()}`),
      await call('GET', `/pond/api/${randomUUID()}`),
      await call('PUT', `/pond/api/${id}`, { ...valid, ducks: 3 }),
      await call('PUT', `/pond/api/${randomUUID()}`, valid),
      await call('PUT', `/pond/api/${id}`, { ...valid, id: randomUUID() }),
      await call('DELETE', `/pond/api/${id}`),
      await call('DELETE', `/pond/api/${id}`),
      await call('POST', '/pond/graph', { query: '{ ponds { id name created_at asOf } }' }),
      await call('POST', '/pond/graph', { query: '{ ponds { nope } }' }),
      await call('GET', '/pond/api/openapi.json'),
      await call('GET', '/pond/health'),
      await call('GET', '/pond/ready'),
    ];
    expect(answers.map((a) => `${a.method} ${a.status}`)).toEqual([
      'POST 201', 'POST 201', 'POST 422', 'POST 409', 'POST 400', 'POST 400', 'POST 415', 'POST 413', 'GET 200', 'HEAD 200',
      'GET 400', 'GET 200', 'GET 404', 'PUT 200', 'PUT 404', 'PUT 400', 'DELETE 200', 'DELETE 404', 'POST 200', 'POST 400',
      'GET 200', 'GET 200', 'GET 200',
    ]);
    expect(answers[1].headers['idempotent-replayed']).toBe('true');
    const check = await openApiChecker(openApiDocument(pond));
    for (const answer of answers) check(answer);
  });

  it('throws, naming what does not fit, for an answer the document does not describe', async () => {
    const check = await openApiChecker(openApiDocument(pond));
    const answer = { method: 'GET', path: `/pond/api/${randomUUID()}`, status: 200, headers: {}, body: { id: randomUUID(), name: 'x' } };
    expect(() => check(answer)).toThrow(/GET \/pond\/api\/.* → 200: body .* does not fit/);
    expect(() => check({ ...answer, status: 418 })).toThrow(/status not listed/);
    expect(() => check({ ...answer, method: 'PATCH' })).toThrow(/has no PATCH/);
    expect(() => check({ ...answer, path: '/lake/api' })).toThrow(/no path of the document matches/);
    expect(() => check({ method: 'POST', path: '/pond/api', status: 201, headers: {}, body: { id: randomUUID(), ...valid, created_at: 1 } })).toThrow(
      /header location missing/,
    );
  });
});
