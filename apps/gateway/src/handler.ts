import middy from '@middy/core';
import { createLogger, requestLogging } from '@egg/shared-logging';
import { handlers, startServerAndCreateLambdaHandler } from '@as-integrations/aws-lambda';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { GatewayConfig } from './config.ts';
import { explorerResponse } from './explorer.ts';
import { createGatewayServer } from './server.ts';

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

const graphqlError = (status: number, message: string, code: string): APIGatewayProxyStructuredResultV2 => ({
  statusCode: status,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: JSON.stringify({ errors: [{ message, extensions: { code } }] }),
});

function bodyBytes(event: APIGatewayProxyEventV2): number {
  if (event.body === undefined) return 0;
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').length : Buffer.byteLength(event.body, 'utf8');
}

/** The gateway Lambda: `POST /graphql`, and the explorer's page for a browser's GET when on; oversized bodies refused before parsing. */
export function createGatewayHandler(supergraphSdl: string, config: GatewayConfig): Handler {
  const logger = createLogger('gateway');
  const server = createGatewayServer(supergraphSdl, config, logger);
  // The integration sees @apollo/server's CJS typings, we the ESM ones: same class, two declarations.
  const apollo = startServerAndCreateLambdaHandler(server as never, handlers.createAPIGatewayProxyEventV2RequestHandler(), {
    context: async () => ({ instant: Date.now() }),
  });
  const handler: Handler = async (event, context) => {
    if (event.rawPath !== '/graphql') return graphqlError(404, `no route ${event.rawPath}`, 'NOT_FOUND');
    const page = explorerResponse(event, config.explorer);
    if (page) return page;
    if (event.requestContext.http.method !== 'POST') {
      return { ...graphqlError(405, 'use POST /graphql', 'METHOD_NOT_ALLOWED'), headers: { allow: 'POST' } };
    }
    if (bodyBytes(event) > config.maxBodyBytes) {
      return graphqlError(413, `request body exceeds ${config.maxBodyBytes} bytes`, 'BODY_TOO_LARGE');
    }
    return (await apollo(event, context, () => undefined)) as APIGatewayProxyStructuredResultV2;
  };
  return middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>().use(requestLogging(logger)).handler(handler);
}
