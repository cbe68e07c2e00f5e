/** One local HTTP endpoint routing like the API Gateway in front of the 14 functions. */
import { createHash, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { toEvent, writeJson, writeResult } from './event.ts';

/** The header that carries the gateway's token to the router, and the marker it becomes (PLAN: gateway-only subgraph fields). */
const INTERNAL_TOKEN_HEADER = 'x-egg-internal';
const GATEWAY_MARKER = { lambda: { egg_caller: 'gateway' } };

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/**
 * As API Gateway's authorizer would: the token never reaches a function, and only a request
 * carrying the stack's token gets the marker, so no client can pass for the gateway.
 */
export function markGatewayCalls(event: APIGatewayProxyEventV2, internalToken: string | undefined): APIGatewayProxyEventV2 {
  const { [INTERNAL_TOKEN_HEADER]: token, ...headers } = event.headers;
  const fromGateway = internalToken !== undefined && token !== undefined && timingSafeEqual(digest(token), digest(internalToken));
  return { ...event, headers, requestContext: { ...event.requestContext, ...(fromGateway ? { authorizer: GATEWAY_MARKER } : {}) } };
}

export type Invoke = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyResultV2>;

/** API Gateway's payload limit. */
const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

/** `/graphql` → gateway, `/<name>` and `/<name>/…` → that function, else nothing. */
export function routeOf(rawPath: string, functions: ReadonlySet<string>): string | undefined {
  if (rawPath === '/graphql') return 'gateway';
  const name = /^\/([^/]+)(?:\/|$)/.exec(rawPath)?.[1];
  return name !== undefined && name !== 'gateway' && functions.has(name) ? name : undefined;
}

export function createRouter(targets: ReadonlyMap<string, Invoke>, internalToken?: string): http.Server {
  const names = new Set(targets.keys());
  return http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_PAYLOAD_BYTES) chunks.push(chunk);
    });
    req.on('end', async () => {
      // Error bodies in the API's own form (SPEC §6): the deployed API routes its $default here too.
      if (size > MAX_PAYLOAD_BYTES) return writeJson(res, 413, { error: 'request body too large' });
      const event = markGatewayCalls(toEvent(req, Buffer.concat(chunks)), internalToken);
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
