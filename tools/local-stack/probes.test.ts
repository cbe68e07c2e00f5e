import SwaggerParser from '@apidevtools/swagger-parser';
import { defineEntity, openApiDocument } from '@egg/entity-runtime';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { mergedOpenApi, waitUntilReady } from './probes.ts';
import type { Invoke } from './router.ts';

const json = (statusCode: number, value: unknown) => ({ statusCode, body: JSON.stringify(value) });

describe('waitUntilReady', () => {
  it('asks every instance until all answer 200', async () => {
    const asked: string[] = [];
    let calls = 0;
    const slow: Invoke = async (event) => (asked.push(event.rawPath), json(++calls > 4 ? 200 : 503, {}));
    const gateway: Invoke = async (event) => (asked.push(event.rawPath), json(200, {}));
    const unready = await waitUntilReady([
      { name: 'farm', instances: 2, invoke: slow },
      { name: 'gateway', instances: 1, invoke: gateway },
    ]);
    expect(unready).toEqual([]);
    expect(calls).toBe(6);
    expect(new Set(asked)).toEqual(new Set(['/farm/ready', '/graphql/ready']));
  });

  it('names, at the deadline, the functions that are not ready and why, without holding the others', async () => {
    const never: Invoke = async () => json(503, { error: 'coop is not ready: no topic' });
    const silent: Invoke = () => new Promise(() => undefined);
    const fine: Invoke = async () => json(200, {});
    const unready = await waitUntilReady([
      { name: 'coop', instances: 1, invoke: never },
      { name: 'hen', instances: 1, invoke: silent },
      { name: 'farm', instances: 1, invoke: fine },
    ], 500);
    expect(unready).toEqual([
      { name: 'coop', problem: '503 {"error":"coop is not ready: no topic"}' },
      { name: 'hen', problem: 'no answer yet' },
    ]);
  });
});

describe('mergedOpenApi', () => {
  const entity = (name: string, typeName: string) =>
    defineEntity({ name, typeName, schema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] }, lookups: [], joins: [] });

  it('merges what each function serves into one valid document, asking each once', async () => {
    const asked: string[] = [];
    const serving = (decl: ReturnType<typeof entity>): Invoke => async (event: APIGatewayProxyEventV2) => {
      asked.push(event.rawPath);
      return json(200, openApiDocument(decl));
    };
    const invoke = mergedOpenApi(new Map([['pond', serving(entity('pond', 'Pond'))], ['duck', serving(entity('duck', 'Duck'))]]));
    const first = (await invoke({} as APIGatewayProxyEventV2)) as { body: string };
    await invoke({} as APIGatewayProxyEventV2);
    const doc = JSON.parse(first.body);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/pond/api', '/duck/api/{id}']));
    await SwaggerParser.validate(doc);
    expect(asked.sort()).toEqual(['/duck/api/openapi.json', '/pond/api/openapi.json']);
  });
});
