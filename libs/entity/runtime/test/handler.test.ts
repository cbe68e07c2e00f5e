import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { captureLogs, type CapturedLogs } from '@egg/shared-logging/testing';
import { MemoryEventLog } from '@egg/storage-core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createEntityHandler } from '../src/index.ts';
import { lambdaContext, lambdaEvent } from '../src/testing.ts';
import { farm } from './fixtures.ts';

const valid = { name: 'Sunny', farm_type: 'homestead', zone: 'north' };

describe('Lambda handler', () => {
  let logs: CapturedLogs;
  beforeEach(() => {
    logs = captureLogs();
  });
  afterEach(() => vi.restoreAllMocks());

  it('routes /<name>/api to REST and /<name>/graph to the subgraph, opening storage once', async () => {
    let opened = 0;
    const handler = createEntityHandler(farm, { openLog: async () => (opened++, new MemoryEventLog()) });
    const created = await handler(lambdaEvent({ method: 'POST', path: '/farm/api', body: valid }), lambdaContext());
    expect(created.statusCode).toBe(201);
    const id = JSON.parse(created.body!).id as string;
    const graph = await handler(
      lambdaEvent({ method: 'POST', path: '/farm/graph', body: { query: `{ farm(id: "${id}") { name } }` } }),
      lambdaContext(),
    );
    expect(JSON.parse(graph.body!)).toEqual({ data: { farm: { name: 'Sunny' } } });
    const elsewhere = await handler(lambdaEvent({ method: 'GET', path: '/coop/api' }), lambdaContext());
    expect(elsewhere.statusCode).toBe(404);
    expect(JSON.parse(elsewhere.body!)).toEqual({ error: 'no route for /coop/api' });
    expect(opened).toBe(1);
  });

  it('normalises the event: mixed-case headers, base64 bodies, query strings', async () => {
    const handler = createEntityHandler(farm, { openLog: async () => new MemoryEventLog() });
    const created = await handler(
      lambdaEvent({ method: 'POST', path: '/farm/api', body: JSON.stringify(valid), headers: { 'Content-Type': 'application/json' }, base64: true }),
      lambdaContext(),
    );
    expect(created.statusCode).toBe(201);
    const past = await handler(lambdaEvent({ method: 'GET', path: '/farm/api', query: 'at=1' }), lambdaContext());
    expect(JSON.parse(past.body!)).toEqual([]);
  });

  it('logs one JSON line per request with method, path, status, ms, its function and request id', async () => {
    const handler = createEntityHandler(farm, { openLog: async () => new MemoryEventLog() });
    await handler(lambdaEvent({ method: 'GET', path: '/farm/api/nope' }), lambdaContext('req-7'));
    const lines = logs.out();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'INFO',
      message: 'request',
      service: 'farm',
      method: 'GET',
      path: '/farm/api/nope',
      status: 404,
      function_request_id: 'req-7',
    });
    expect(typeof lines[0].ms).toBe('number');
  });

  it('answers failures with a bare 500, logging the cause with the request id', async () => {
    const handler = createEntityHandler(farm, {
      openLog: async () => {
        throw new Error('cannot mount /mnt/secret');
      },
    });
    const res = await handler(lambdaEvent({ method: 'GET', path: '/farm/api' }), lambdaContext('req-9'));
    expect(res.statusCode).toBe(500);
    expect(JSON.parse(res.body!)).toEqual({ error: 'internal error' });
    const [error] = logs.err();
    expect(error).toMatchObject({ level: 'ERROR', message: 'internal error', function_request_id: 'req-9' });
    expect(error.error).toMatchObject({ message: 'cannot mount /mnt/secret', stack: expect.stringContaining('handler.test.ts') });
    expect(logs.out()[0]).toMatchObject({ status: 500, function_request_id: 'req-9' });
  });

  it('uses @egg/storage-runtime configuration by default: a file log under DATA_DIR, durable across instances', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'egg-handler-'));
    try {
      const env = { EGG_STORAGE: 'file', DATA_DIR: dir };
      const first = createEntityHandler(farm, { env });
      const created = await first(lambdaEvent({ method: 'POST', path: '/farm/api', body: valid }), lambdaContext());
      const id = JSON.parse(created.body!).id as string;
      const second = createEntityHandler(farm, { env });
      const read = await second(lambdaEvent({ method: 'GET', path: `/farm/api/${id}` }), lambdaContext());
      expect(read.statusCode).toBe(200);
      expect(JSON.parse(read.body!)).toMatchObject(valid);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
