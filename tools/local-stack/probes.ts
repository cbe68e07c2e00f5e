/**
 * What the local stack asks its own functions: readiness before it reports itself ready, and
 * each entity's OpenAPI document for the merged one at `/openapi.json` (docs/contract.md §9).
 */
import { httpApiEvent } from '@egg/shared-contract';
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

export interface Unready {
  name: string;
  /** The last answer, or that none came. */
  problem: string;
}

/**
 * Resolves once every instance of every target answers its readiness probe with 200, or at the
 * deadline with those that did not and why: a function that cannot get ready (a missing Kafka
 * topic, say) is named, and the rest of the stack still serves.
 */
export async function waitUntilReady(targets: readonly ReadyTarget[], timeoutMs = 30_000): Promise<Unready[]> {
  const deadline = Date.now() + timeoutMs;
  const unready = await Promise.all(
    targets.map(async ({ name, instances, invoke }): Promise<Unready | undefined> => {
      let pause = 100;
      for (;;) {
        const probes = Promise.all(Array.from({ length: instances }, () => invoke(getEvent(readyPath(name))).then(structured)));
        const left = deadline - Date.now();
        const answers = await Promise.race([probes, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), Math.max(0, left)))]);
        if (answers === undefined) return { name, problem: 'no answer yet' };
        const failed = answers.find((a) => a.statusCode !== 200);
        if (!failed) return undefined;
        if (Date.now() + pause > deadline) return { name, problem: `${failed.statusCode} ${failed.body ?? ''}`.trim() };
        await new Promise((resolve) => setTimeout(resolve, pause));
        // Each failed probe logs its cause: back off so a function that cannot get ready does not flood the log.
        pause = Math.min(pause * 2, 2_000);
      }
    }),
  );
  return unready.filter((u): u is Unready => u !== undefined);
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
