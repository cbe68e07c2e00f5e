import middy from '@middy/core';
import { handlers, startServerAndCreateLambdaHandler } from '@as-integrations/aws-lambda';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { GatewayConfig } from './config.ts';
import { createGatewayServer } from './server.ts';

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;
type Result = APIGatewayProxyStructuredResultV2;

const graphqlError = (status: number, message: string, code: string): Result => ({
  statusCode: status,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: JSON.stringify({ errors: [{ message, extensions: { code } }] }),
});

function bodyOf(event: APIGatewayProxyEventV2): string {
  if (event.body === undefined) return '';
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}

const isJson = (text: string): boolean => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

/** Apollo answers a few malformed requests in plain text: clients get GraphQL's error shape everywhere. */
function asGraphqlShaped(result: Result): Result {
  const type = String(Object.entries(result.headers ?? {}).find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? '');
  if ((result.statusCode ?? 200) < 400 || type.includes('json')) return result;
  return graphqlError(result.statusCode!, String(result.body ?? '').trim() || 'bad request', 'BAD_REQUEST');
}

/**
 * The gateway Lambda: `POST /graphql` only; oversized and non-JSON bodies refused before parsing;
 * an operation past its time limit answered 504 while its subgraph requests are aborted; an
 * answer past the size limit refused (Lambda could not return it anyway).
 */
export function createGatewayHandler(supergraphSdl: string, config: GatewayConfig): Handler {
  const server = createGatewayServer(supergraphSdl, config);
  // The integration sees @apollo/server's CJS typings, we the ESM ones: same class, two declarations.
  const apollo = startServerAndCreateLambdaHandler(server as never, handlers.createAPIGatewayProxyEventV2RequestHandler(), {
    context: async () => ({ instant: Date.now() }),
  });
  const execute = async (event: APIGatewayProxyEventV2, context: Context): Promise<Result> => {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<Result>((resolve) => {
      timer = setTimeout(
        () => resolve(graphqlError(504, `the operation exceeded the time limit of ${config.timeoutMs} ms`, 'GATEWAY_TIMEOUT')),
        config.timeoutMs,
      );
    });
    try {
      return await Promise.race([apollo(event, context, () => undefined) as Promise<Result>, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  };
  const handler: Handler = async (event, context) => {
    if (event.rawPath !== '/graphql') return graphqlError(404, `no route ${event.rawPath}`, 'NOT_FOUND');
    if (event.requestContext.http.method !== 'POST') {
      return { ...graphqlError(405, 'use POST /graphql', 'METHOD_NOT_ALLOWED'), headers: { allow: 'POST' } };
    }
    const body = bodyOf(event);
    if (Buffer.byteLength(body, 'utf8') > config.maxBodyBytes) {
      return graphqlError(413, `request body exceeds ${config.maxBodyBytes} bytes`, 'BODY_TOO_LARGE');
    }
    const type = Object.entries(event.headers ?? {}).find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? '';
    if (type.includes('json') && !isJson(body)) return graphqlError(400, 'request body is not valid JSON', 'BAD_REQUEST');
    const result = asGraphqlShaped(await execute(event, context));
    if (Buffer.byteLength(String(result.body ?? ''), 'utf8') > config.maxResponseBytes) {
      return graphqlError(
        400,
        `the answer exceeds the response size limit of ${config.maxResponseBytes} bytes: ask for fewer fields or a smaller limit`,
        'RESPONSE_TOO_LARGE',
      );
    }
    return result;
  };
  return middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>().handler(handler);
}
