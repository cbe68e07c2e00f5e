import middy from '@middy/core';
import { createLogger, requestLogging } from '@egg/shared-logging';
import { handlers, startServerAndCreateLambdaHandler } from '@as-integrations/aws-lambda';
import { errorResult, isJsonContentType, JSON_TYPE } from '@egg/shared-contract';
import { httpEdge } from '@egg/shared-edge';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { GatewayConfig } from './config.ts';
import { answerProbe } from './probes.ts';
import { explorerResponse } from './explorer.ts';
import { awsInvoke } from './lambda-data-source.ts';
import { createGatewayServer } from './server.ts';

type Result = APIGatewayProxyStructuredResultV2;
type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<Result>;


function bodyText(event: APIGatewayProxyEventV2): string {
  if (event.body === undefined) return '';
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}

const headerBytes = (event: APIGatewayProxyEventV2): number =>
  Object.entries(event.headers ?? {}).reduce((sum, [name, value]) => sum + name.length + Buffer.byteLength(value ?? ''), 0);

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** A GraphQL-level failure the gateway itself answers (time, size): GraphQL's error shape. */
const graphqlError = (status: number, message: string, code: string): Result => ({
  statusCode: status,
  headers: { 'content-type': JSON_TYPE },
  body: JSON.stringify({ errors: [{ message, extensions: { code } }] }),
});

/** Apollo answers a few malformed requests (a body without a query) in plain text: clients get GraphQL's shape. */
function asGraphqlShaped(result: Result): Result {
  const type = String(Object.entries(result.headers ?? {}).find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? '');
  if ((result.statusCode ?? 200) < 400 || type.includes('json')) return result;
  return graphqlError(result.statusCode!, String(result.body ?? '').trim() || 'bad request', 'BAD_REQUEST');
}

/**
 * The gateway Lambda: `POST /graphql`, its probes (`/graphql/health`, `/graphql/ready`), and the
 * explorer's page for a browser's `GET /graphql` when on. What is not a GraphQL request (wrong
 * route, method, size, media type, or not JSON) is refused before Apollo parses anything; an
 * operation past its time limit is answered 504 while its subgraph requests are aborted; an
 * answer past the size limit is refused (Lambda could not
 * return it anyway).
 */
export function createGatewayHandler(supergraphSdl: string, config: GatewayConfig): Handler {
  const logger = createLogger('gateway');
  const server = createGatewayServer(supergraphSdl, config, awsInvoke(), logger);
  // The integration sees @apollo/server's CJS typings, we the ESM ones: same class, two declarations.
  const apollo = startServerAndCreateLambdaHandler(server as never, handlers.createAPIGatewayProxyEventV2RequestHandler(), {
    context: async () => ({ instant: Date.now(), deadline: Date.now() + config.timeoutMs }),
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
    const probed = await answerProbe(event, server);
    if (probed) return probed;
    if (event.rawPath !== '/graphql') return errorResult(404, `no route for ${event.rawPath}`);
    const page = explorerResponse(event, config.explorer);
    if (page) return page;
    if (event.requestContext.http.method !== 'POST') return errorResult(405, 'use POST /graphql', { allow: 'POST' });
    if (headerBytes(event) > config.maxHeaderBytes) return errorResult(431, `request headers exceed ${config.maxHeaderBytes} bytes`);
    const body = bodyText(event);
    if (Buffer.byteLength(body) > config.maxBodyBytes) return errorResult(413, `request body exceeds ${config.maxBodyBytes} bytes`);
    if (!isJsonContentType(event.headers?.['content-type'])) return errorResult(415, 'content-type must be application/json');
    if (!isJson(body)) return errorResult(400, 'body is not valid JSON');
    const result = asGraphqlShaped(await execute(event, context));
    if (Buffer.byteLength(String(result.body ?? '')) > config.maxResponseBytes) {
      const message = `the answer exceeds the response size limit of ${config.maxResponseBytes} bytes: ask for fewer fields or a smaller limit`;
      return graphqlError(400, message, 'RESPONSE_TOO_LARGE');
    }
    return result;
  };
  const cors = {
    ...config.cors,
    methods: ['POST'],
    // Apollo's CSRF prevention lets a browser through with a JSON body or one of these headers.
    allowHeaders: ['content-type', 'apollo-require-preflight', 'x-apollo-operation-name'],
  };
  return middy<APIGatewayProxyEventV2, Result>().use(requestLogging(logger)).handler(httpEdge({ cors }, handler));
}
