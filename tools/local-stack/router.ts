/** One local HTTP endpoint routing like the API Gateway in front of the 14 functions. */
import http from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { toEvent, writeJson, writeResult } from './event.ts';

export type Invoke = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyResultV2>;

/** API Gateway's payload limit. */
const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

/** `/graphql` → gateway, `/<name>` and `/<name>/…` → that function, else nothing. */
export function routeOf(rawPath: string, functions: ReadonlySet<string>): string | undefined {
  if (rawPath === '/graphql') return 'gateway';
  const name = /^\/([^/]+)(?:\/|$)/.exec(rawPath)?.[1];
  return name !== undefined && name !== 'gateway' && functions.has(name) ? name : undefined;
}

export function createRouter(targets: ReadonlyMap<string, Invoke>): http.Server {
  const names = new Set(targets.keys());
  return http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_PAYLOAD_BYTES) chunks.push(chunk);
    });
    req.on('end', async () => {
      // Error bodies in the API's own form (docs/contract.md §6): the deployed API routes its $default here too.
      if (size > MAX_PAYLOAD_BYTES) return writeJson(res, 413, { error: 'request body too large' });
      const event = toEvent(req, Buffer.concat(chunks));
      const target = routeOf(event.rawPath, names);
      if (target === undefined) return writeJson(res, 404, { error: `no route for ${event.rawPath}` });
      try {
        writeResult(res, await targets.get(target)!(event));
      } catch (error) {
        console.error(`[router] ${target}: ${(error as Error).message}`);
        writeJson(res, 502, { error: 'bad gateway' });
      }
    });
  });
}
