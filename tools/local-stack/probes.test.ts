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
    await waitUntilReady([
      { name: 'farm', instances: 2, invoke: slow },
      { name: 'gateway', instances: 1, invoke: gateway },
    ]);
    expect(calls).toBe(6);
    expect(new Set(asked)).toEqual(new Set(['/farm/ready', '/graphql/ready']));
  });

  it('names the function that never gets ready', async () => {
    const never: Invoke = async () => json(503, { error: 'farm is not ready' });
    await expect(waitUntilReady([{ name: 'farm', instances: 1, invoke: never }], 300)).rejects.toThrow(
      /farm is not ready after 0.3 s: 503 .*farm is not ready/,
    );
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
