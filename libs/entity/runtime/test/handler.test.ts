import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { httpApiEvent } from '@egg/shared-contract';
import { captureLogs, type CapturedLogs } from '@egg/shared-testing-logs';
import { MemoryEventLog, StorageUnavailableError, WriteOutcomeUnknownError } from '@egg/storage-core';
import type { Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createEntityHandler } from '../src/index.ts';
import { garden } from './fixtures.ts';

const valid = { name: 'Sunny', garden_type: 'allotment', zone: 'north' };
const json = { 'content-type': 'application/json' };
// This lib's own tests cannot use @egg/shared-testing, which is built on it: events come from the contract's builder.
const lambdaContext = (requestId = 'test-request') => ({ awsRequestId: requestId }) as Context;

describe('Lambda handler', () => {
  let logs: CapturedLogs;
  beforeEach(() => {
    logs = captureLogs();
  });
  afterEach(() => vi.restoreAllMocks());

  it('routes /<name>/api to REST and /<name>/graph to the subgraph, opening storage once', async () => {
    let opened = 0;
    const handler = createEntityHandler(garden, { openLog: async () => (opened++, new MemoryEventLog()) });
    const created = await handler(httpApiEvent({ method: 'POST', path: '/garden/api', headers: json, body: JSON.stringify(valid) }), lambdaContext());
    expect(created.statusCode).toBe(201);
    const id = JSON.parse(created.body!).id as string;
    const graph = await handler(
      httpApiEvent({ method: 'POST', path: '/garden/graph', headers: json, body: JSON.stringify({ query: `{ garden(id: "${id}") { name } }` }) }),
      lambdaContext(),
    );
    expect(JSON.parse(graph.body!)).toEqual({ data: { garden: { name: 'Sunny' } } });
    const elsewhere = await handler(httpApiEvent({ method: 'GET', path: '/bed/api' }), lambdaContext());
    expect(elsewhere.statusCode).toBe(404);
    expect(JSON.parse(elsewhere.body!)).toEqual({ error: 'no route for /bed/api' });
    expect(opened).toBe(1);
  });

  it('normalises the event: mixed-case headers, base64 bodies, query strings', async () => {
    const handler = createEntityHandler(garden, { openLog: async () => new MemoryEventLog() });
    const created = await handler(
      httpApiEvent({
        method: 'POST',
        path: '/garden/api',
        headers: { 'Content-Type': 'application/json' },
        body: Buffer.from(JSON.stringify(valid)).toString('base64'),
        isBase64Encoded: true,
      }),
      lambdaContext(),
    );
    expect(created.statusCode).toBe(201);
    const past = await handler(httpApiEvent({ method: 'GET', path: '/garden/api', query: 'at=1' }), lambdaContext());
    expect(JSON.parse(past.body!)).toEqual([]);
  });

  it('logs one JSON line per request with method, path, status, ms, its function and request id', async () => {
    const handler = createEntityHandler(garden, { openLog: async () => new MemoryEventLog() });
    await handler(httpApiEvent({ method: 'GET', path: '/garden/api/nope' }), lambdaContext('req-7'));
    const lines = logs.out();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'INFO',
      message: 'request',
      service: 'garden',
      method: 'GET',
      path: '/garden/api/nope',
      status: 404,
      function_request_id: 'req-7',
    });
    expect(typeof lines[0].ms).toBe('number');
  });

  it('answers failures with a bare 500, logging the cause with the request id', async () => {
    const handler = createEntityHandler(garden, {
      openLog: async () => {
        throw new Error('cannot mount /mnt/secret');
      },
    });
    const res = await handler(httpApiEvent({ method: 'GET', path: '/garden/api' }), lambdaContext('req-9'));
    expect(res.statusCode).toBe(500);
    expect(JSON.parse(res.body!)).toEqual({ error: 'internal error' });
    const [error] = logs.err();
    expect(error).toMatchObject({ level: 'ERROR', message: 'internal error', function_request_id: 'req-9' });
    expect(error.error).toMatchObject({ message: 'cannot mount /mnt/secret', stack: expect.stringContaining('handler.test.ts') });
    expect(logs.out()[0]).toMatchObject({ status: 500, function_request_id: 'req-9' });
  });

  it('answers storage outages with 503 and their message: unreachable, and a write that may have happened', async () => {
    class FlakyLog extends MemoryEventLog {
      override async appendBatch(): Promise<never> {
        throw new WriteOutcomeUnknownError('the write may have happened: Kafka did not confirm a write to topic garden (no answer within 5000 ms)');
      }
      override async highWatermark(): Promise<never> {
        throw new StorageUnavailableError('Kafka unavailable: cannot fetch the high watermarks of topic garden');
      }
    }
    const handler = createEntityHandler(garden, { openLog: async () => new FlakyLog() });
    const post = await handler(httpApiEvent({ method: 'POST', path: '/garden/api', headers: json, body: JSON.stringify(valid) }), lambdaContext('req-1'));
    expect(post.statusCode).toBe(503);
    expect(JSON.parse(post.body!).error).toMatch(/^the write may have happened/);
    const list = await handler(httpApiEvent({ method: 'GET', path: '/garden/api' }), lambdaContext('req-2'));
    expect(list.statusCode).toBe(503);
    expect(JSON.parse(list.body!)).toEqual({ error: 'Kafka unavailable: cannot fetch the high watermarks of topic garden' });
    const graph = await handler(
      httpApiEvent({ method: 'POST', path: '/garden/graph', headers: json, body: JSON.stringify({ query: '{ gardens { id } }' }) }),
      lambdaContext('req-3'),
    );
    expect(JSON.parse(graph.body!).errors).toEqual([
      expect.objectContaining({ message: 'Kafka unavailable: cannot fetch the high watermarks of topic garden', extensions: { code: 'SERVICE_UNAVAILABLE' } }),
    ]);
    // Outages are warnings, not errors: nothing is broken in the function itself.
    const levels = logs.err().map((line) => line.level);
    expect(levels.length).toBeGreaterThan(0);
    expect(levels.every((level) => level === 'WARN')).toBe(true);
  });

  it('answers HEAD wherever GET is, and CORS as configured', async () => {
    const handler = createEntityHandler(garden, {
      env: { EGG_CORS_ORIGINS: 'https://app.example' },
      openLog: async () => new MemoryEventLog(),
    });
    const head = await handler(httpApiEvent({ method: 'HEAD', path: '/garden/api' }), lambdaContext());
    expect(head).toMatchObject({ statusCode: 200, body: '', headers: { 'content-length': '2' } });
    expect((await handler(httpApiEvent({ method: 'HEAD', path: '/garden/api/nope' }), lambdaContext())).statusCode).toBe(404);
    const options = await handler(httpApiEvent({ method: 'OPTIONS', path: '/garden/api' }), lambdaContext());
    expect(options.statusCode).toBe(405);
    expect(options.headers?.allow).toBe('GET, HEAD, POST');
    const preflight = await handler(
      httpApiEvent({
        method: 'OPTIONS',
        path: '/garden/api',
        headers: { Origin: 'https://app.example', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'idempotency-key' },
      }),
      lambdaContext(),
    );
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers).toMatchObject({ 'access-control-allow-headers': 'content-type, idempotency-key' });
    const created = await handler(
      httpApiEvent({ method: 'POST', path: '/garden/api', headers: { ...json, origin: 'https://app.example' }, body: JSON.stringify(valid) }),
      lambdaContext(),
    );
    expect(created.headers).toMatchObject({ 'access-control-allow-origin': 'https://app.example', 'access-control-expose-headers': 'location, idempotent-replayed' });
  });

  it('keeps Idempotency-Key answers in the log: a second instance replays the first one’s', async () => {
    const log = new MemoryEventLog();
    const keyed = httpApiEvent({ method: 'POST', path: '/garden/api', headers: { ...json, 'idempotency-key': 'once' }, body: JSON.stringify(valid) });
    const first = await createEntityHandler(garden, { openLog: async () => log })(keyed, lambdaContext());
    const second = await createEntityHandler(garden, { openLog: async () => log })(keyed, lambdaContext());
    expect(second).toMatchObject({ statusCode: 201, body: first.body, headers: { 'idempotent-replayed': 'true' } });
  });

  it('refuses bad configuration when created, naming the variable', () => {
    expect(() => createEntityHandler(garden, { env: { EGG_IDEMPOTENCY_WINDOW_SECONDS: '1.5' } })).toThrow(/EGG_IDEMPOTENCY_WINDOW_SECONDS/);
    expect(() => createEntityHandler(garden, { env: { EGG_CORS_ORIGINS: 'app.example' } })).toThrow(/EGG_CORS_ORIGINS/);
  });

  it('uses @egg/storage-config configuration by default: a file log under DATA_DIR, durable across instances', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'egg-handler-'));
    try {
      const env = { EGG_STORAGE: 'file', DATA_DIR: dir };
      const first = createEntityHandler(garden, { env });
      const created = await first(httpApiEvent({ method: 'POST', path: '/garden/api', headers: json, body: JSON.stringify(valid) }), lambdaContext());
      const id = JSON.parse(created.body!).id as string;
      const second = createEntityHandler(garden, { env });
      const read = await second(httpApiEvent({ method: 'GET', path: `/garden/api/${id}` }), lambdaContext());
      expect(read.statusCode).toBe(200);
      expect(JSON.parse(read.body!)).toMatchObject(valid);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
