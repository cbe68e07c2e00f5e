import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { captureLogs } from '@egg/shared-testing-logs';
import { httpApiEvent } from '@egg/shared-contract';
import { FileEventLog } from '@egg/storage-file-log';
import type { Context } from 'aws-lambda';
import type { SchemaObject } from 'openapi3-ts/oas31';
import { describe, expect, it, vi } from 'vitest';
import { createEntityHandler, mergeOpenApi, openApiDocument } from '../src/index.ts';
import { bed, garden, plant } from './fixtures.ts';

// What every answer of the functions fits is tested with real answers in @egg/shared-testing (openapi-check.test.ts,
// describeEntityApp) and e2e: that lib is built on this one, so these tests check the documents themselves.
const validate = (doc: object) => SwaggerParser.validate(structuredClone(doc) as never);
const context = (requestId = 'req') => ({ awsRequestId: requestId }) as Context;

describe('openApiDocument', () => {
  it('is valid OpenAPI 3.1 with the declaration as the body schema, closed, and every route of the contract', async () => {
    const doc = openApiDocument(garden);
    await validate(doc);
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components!.schemas!.GardenInput).toMatchObject({
      required: ['name', 'garden_type', 'zone'],
      additionalProperties: false,
      properties: { garden_type: { enum: ['botanical', 'community', 'allotment'] }, id: { format: 'uuid' } },
    });
    expect(doc.components!.schemas!.Garden).toMatchObject({ required: ['id', 'name', 'garden_type', 'zone', 'created_at'], additionalProperties: false });
    // Bounds are write rules: a stored version (older rules) is described without them.
    const beds = openApiDocument(bed).components!.schemas! as Record<string, SchemaObject>;
    expect(beds.BedInput.properties!.capacity).toMatchObject({ type: 'integer', minimum: 1, maximum: 2147483647 });
    expect(beds.Bed.properties!.capacity).toEqual({ type: 'integer' });
    const routes = Object.entries(doc.paths!).flatMap(([p, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${p}`));
    expect(routes.sort()).toEqual([
      'DELETE /garden/api/{id}', 'GET /garden/api', 'GET /garden/api/openapi.json', 'GET /garden/api/{id}', 'GET /garden/health',
      'GET /garden/ready', 'HEAD /garden/api', 'HEAD /garden/api/openapi.json', 'HEAD /garden/api/{id}', 'HEAD /garden/health',
      'HEAD /garden/ready', 'POST /garden/api', 'POST /garden/graph', 'PUT /garden/api/{id}',
    ]);
    const create = doc.paths!['/garden/api'].post!;
    expect(Object.keys(create.responses!).sort()).toEqual(['201', '400', '409', '413', '415', '422', '500', '503']);
    expect(create.parameters).toEqual([expect.objectContaining({ name: 'idempotency-key', in: 'header' })]);
  });

  it('merges documents into one valid document, each shared schema once, and refuses a clash', async () => {
    const merged = mergeOpenApi([garden, bed, plant].map((d) => openApiDocument(d)), 'garden economy');
    expect(Object.keys(merged.paths!)).toEqual(expect.arrayContaining(['/garden/api', '/bed/api/{id}', '/plant/ready']));
    expect(Object.keys(merged.components!.schemas!)).toEqual(expect.arrayContaining(['Garden', 'BedInput', 'Plant', 'Error']));
    await validate(merged);
    const clash = openApiDocument({ ...plant, name: 'shrub', schema: { ...plant.schema, required: ['name'] } });
    expect(() => mergeOpenApi([openApiDocument(plant), clash], 'x')).toThrow(/schema Plant differs between two functions/);
  });
});

describe('health, readiness and the served document', () => {
  it('answers liveness and the document without storage, and readiness 503 while storage cannot open', async () => {
    const logged = captureLogs();
    let fail = true;
    const handler = createEntityHandler(garden, {
      openLog: async () => {
        if (fail) throw new Error('cannot mount /mnt/secret');
        return FileEventLog.open(mkdtempSync(path.join(tmpdir(), 'egg-ready-')));
      },
    });
    const get = async (p: string, method = 'GET') => {
      const result = await handler(httpApiEvent({ method, path: p }), context('req-r'));
      return { status: result.statusCode, body: result.body ? JSON.parse(result.body) : undefined, headers: result.headers };
    };
    expect(await get('/garden/health')).toMatchObject({ status: 200, body: { status: 'ok', function: 'garden' } });
    expect(await get('/garden/api/openapi.json')).toMatchObject({ status: 200, body: openApiDocument(garden) });
    const unready = await get('/garden/ready');
    expect(unready).toMatchObject({ status: 503, body: { error: 'garden is not ready: its storage cannot be opened or read' } });
    expect(JSON.stringify(unready.body)).not.toContain('secret');
    expect(logged.err().some((line) => JSON.stringify(line).includes('cannot mount') && line.requestId === 'req-r')).toBe(true);
    fail = false;
    expect(await get('/garden/ready')).toMatchObject({ status: 200, body: { status: 'ready', function: 'garden' } });
    expect(await get('/garden/ready', 'HEAD')).toMatchObject({ status: 200, body: undefined });
    expect(await get('/garden/health', 'POST')).toMatchObject({ status: 405, headers: { allow: 'GET, HEAD' } });
    vi.restoreAllMocks();
  });
});
