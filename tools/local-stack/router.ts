/** One local HTTP endpoint routing like the API Gateway in front of the 14 functions. */
import { createHash, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { Duplex } from 'node:stream';
import { CALLER_MARKER, errorBody, GATEWAY_CALLER, INTERNAL_TOKEN_HEADER, JSON_TYPE } from '@egg/shared-contract';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { toEvent, writeError, writeResult } from './event.ts';

/** The authorizer context API Gateway would set for the gateway's calls (docs/contract.md §4: `_entities` answers only the gateway). */
const GATEWAY_MARKER = { lambda: { [CALLER_MARKER]: GATEWAY_CALLER } };

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

/** The target that answers `/openapi.json`: the local stack's merged document, not a function. */
export const OPENAPI_TARGET = 'openapi';

/** `/graphql` and `/graphql/…` → gateway, `/<name>` and `/<name>/…` → that function, else nothing. */
export function routeOf(rawPath: string, functions: ReadonlySet<string>): string | undefined {
  if (rawPath === '/graphql' || rawPath.startsWith('/graphql/')) return 'gateway';
  if (rawPath === '/openapi.json') return functions.has(OPENAPI_TARGET) ? OPENAPI_TARGET : undefined;
  const name = /^\/([^/]+)(?:\/|$)/.exec(rawPath)?.[1];
  return name !== undefined && name !== 'gateway' && functions.has(name) ? name : undefined;
}

/**
 * Requests Node refuses before any handler sees them (headers over its 16 KiB limit, malformed
 * requests) get the JSON error body too, instead of Node's bare status line.
 */
function refuseMalformed(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (!socket.writable) return void socket.destroy();
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  const body = JSON.stringify(errorBody(status === 431 ? 'request headers too large' : 'malformed request'));
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\ncontent-type: ${JSON_TYPE}\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

export function createRouter(targets: ReadonlyMap<string, Invoke>, internalToken?: string): http.Server {
  const names = new Set(targets.keys());
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_PAYLOAD_BYTES) chunks.push(chunk);
    });
    req.on('end', async () => {
      // Error bodies in the API's own form (docs/contract.md §6): the deployed API routes its $default here too.
      if (size > MAX_PAYLOAD_BYTES) return writeError(res, 413, 'request body too large');
      const event = markGatewayCalls(toEvent(req, Buffer.concat(chunks)), internalToken);
      const target = routeOf(event.rawPath, names);
      if (target === undefined) return writeError(res, 404, `no route for ${event.rawPath}`);
      try {
        writeResult(res, await targets.get(target)!(event));
      } catch (error) {
        console.error(`[router] ${target}: ${(error as Error).message}`);
        writeError(res, 502, 'bad gateway');
      }
    });
  });
  server.on('clientError', refuseMalformed);
  return server;
}
