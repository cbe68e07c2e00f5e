/**
 * What the local stack asks its own functions: readiness before it reports itself ready, and
 * each entity's OpenAPI document for the merged one at `/openapi.json` (docs/contract.md §9).
 */
import { httpApiEvent } from '@egg/contract';
import { mergeOpenApi, type OpenAPIObject } from '@egg/entity-runtime';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Invoke } from './router.ts';

/** A GET as API Gateway would send it. */
export const getEvent = (path: string): APIGatewayProxyEventV2 =>
  httpApiEvent({ method: 'GET', path, headers: { host: '127.0.0.1', 'user-agent': 'egg-local-stack' } });

const structured = (result: APIGatewayProxyResultV2): APIGatewayProxyStructuredResultV2 =>
  typeof result === 'object' && result !== null && 'statusCode' in result ? result : { statusCode: 200, body: JSON.stringify(result) };

export const readyPath = (name: string): string => (name === 'gateway' ? '/graphql/ready' : `/${name}/ready`);

export interface ReadyTarget {
  name: string;
  /** Probes sent at once: at start-up every instance is idle, so each gets one and opens its storage. */
  instances: number;
  invoke: Invoke;
}

/** Resolves once every instance of every target answers its readiness probe with 200; else names who is not. */
export async function waitUntilReady(targets: readonly ReadyTarget[], timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  await Promise.all(
    targets.map(async ({ name, instances, invoke }) => {
      for (;;) {
        const answers = await Promise.all(Array.from({ length: instances }, () => invoke(getEvent(readyPath(name))).then(structured)));
        const unready = answers.find((a) => a.statusCode !== 200);
        if (!unready) return;
        if (Date.now() > deadline) throw new Error(`${name} is not ready after ${timeoutMs / 1000} s: ${unready.statusCode} ${unready.body ?? ''}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }),
  );
}

/** `/openapi.json`: every entity's own document, asked once and merged. */
export function mergedOpenApi(entities: ReadonlyMap<string, Invoke>): Invoke {
  let merged: Promise<string> | undefined;
  const build = async (): Promise<string> => {
    const documents = await Promise.all(
      [...entities].map(async ([name, invoke]) => {
        const answer = structured(await invoke(getEvent(`/${name}/api/openapi.json`)));
        if (answer.statusCode !== 200) throw new Error(`${name} answered ${answer.statusCode} for its OpenAPI document`);
        return JSON.parse(answer.body ?? '') as OpenAPIObject;
      }),
    );
    return JSON.stringify(mergeOpenApi(documents, 'egg economy (local stack)'));
  };
  return async () => {
    merged ??= build().catch((error: unknown) => {
      merged = undefined;
      throw error;
    });
    return { statusCode: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: await merged };
  };
}
