/**
 * Test helpers shared by the entity apps (`@egg/entity-runtime/testing`): synthetic Lambda
 * events, a valid sample payload derived from a schema, and the suite every app runs.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { FileEventLog } from '@egg/storage-file-log';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { namesOf, type EntityDeclaration, type EntitySchema } from './declaration.ts';
import { createEntityHandler, type EntityHandler } from './handler.ts';
import { subgraphSdl } from './sdl.ts';

export interface EventInit {
  method: string;
  path: string;
  query?: string;
  headers?: Record<string, string>;
  body?: string | object;
  base64?: boolean;
}

export function lambdaEvent({ method, path: rawPath, query = '', headers = {}, body, base64 = false }: EventInit): APIGatewayProxyEventV2 {
  const text = body === undefined || typeof body === 'string' ? body : JSON.stringify(body);
  const contentType = typeof body === 'object' ? { 'content-type': 'application/json' } : {};
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString: query,
    headers: { ...contentType, ...headers },
    body: base64 && text !== undefined ? Buffer.from(text).toString('base64') : text,
    isBase64Encoded: base64,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      requestId: 'test-request',
      routeKey: '$default',
      stage: '$default',
      time: new Date().toISOString(),
      timeEpoch: Date.now(),
    },
  };
}

export const lambdaContext = (requestId = 'test-request'): Context =>
  ({ awsRequestId: requestId, functionName: 'test', getRemainingTimeInMillis: () => 30_000 }) as Context;

/** A payload that satisfies the schema: required fields (and `alsoFields`), each at its smallest valid value. */
export function samplePayload(schema: EntitySchema, alsoFields: readonly string[] = []): Record<string, unknown> {
  const payload: Record<string, unknown> = {};
  for (const field of new Set([...schema.required, ...alsoFields])) {
    const p = schema.properties[field];
    if (p.type !== 'string') payload[field] = p.minimum ?? 0;
    else if (p.enum) payload[field] = p.enum[0];
    else if (p.format === 'uuid') payload[field] = randomUUID();
    else if (p.format === 'date') payload[field] = '2024-02-29';
    else payload[field] = `sample ${field}`;
  }
  return payload;
}

/**
 * What every entity app must do: its SDL builds into a subgraph schema, and its Lambda
 * handler over a file log in a temp dir creates an entity through REST that the
 * subgraph's root field and lookups then return.
 */
export function describeEntityApp(decl: EntityDeclaration): void {
  describe(`${decl.name} entity app`, () => {
    const names = namesOf(decl);
    let dir: string;
    let log: FileEventLog | undefined;
    let handler: EntityHandler;
    const call = async (init: EventInit) => {
      const result = await handler(lambdaEvent(init), lambdaContext());
      return { status: result.statusCode, headers: result.headers ?? {}, body: JSON.parse(result.body ?? 'null') };
    };

    beforeAll(() => {
      dir = mkdtempSync(path.join(tmpdir(), `egg-${decl.name}-`));
      handler = createEntityHandler(decl, { openLog: async () => (log = await FileEventLog.open(dir)) });
    });
    afterAll(async () => {
      await log?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('has a subgraph SDL that builds', () => {
      const schema = buildSubgraphSchema(parse(subgraphSdl(decl)));
      expect(Object.keys(schema.getQueryType()!.getFields())).toEqual(
        expect.arrayContaining([names.single, names.plural, ...decl.lookups.map(names.byField)]),
      );
    });

    it('creates through REST and reads back through REST and the subgraph', async () => {
      const payload = samplePayload(decl.schema, decl.lookups);
      const created = await call({ method: 'POST', path: `/${decl.name}/api`, body: payload });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject(payload);
      expect(created.headers.location).toBe(`/${decl.name}/api/${created.body.id}`);
      expect(await call({ method: 'GET', path: `/${decl.name}/api/${created.body.id}` })).toMatchObject({
        status: 200,
        body: created.body,
      });

      const fields = Object.keys(decl.schema.properties).join(' ');
      const lookups = decl.lookups.map((f) => `${names.byField(f)}(${f}: ${JSON.stringify(payload[f])}) { id }`);
      const query = `{ ${names.single}(id: "${created.body.id}") { id created_at asOf ${fields} } ${lookups.join(' ')} }`;
      const graph = await call({ method: 'POST', path: `/${decl.name}/graph`, body: { query } });
      expect(graph.status).toBe(200);
      expect(graph.body.errors).toBeUndefined();
      expect(graph.body.data[names.single]).toMatchObject({ ...payload, id: created.body.id, created_at: created.body.created_at });
      for (const f of decl.lookups) expect(graph.body.data[names.byField(f)]).toEqual([{ id: created.body.id }]);
    });
  });
}

export { openApiChecker, type Answer } from './openapi-check.ts';
