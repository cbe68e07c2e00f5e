/**
 * The gateway's liveness and readiness (docs/contract.md §9), under its own path so one route
 * prefix (`/graphql…`) reaches it: `/graphql/health` answers while it runs, `/graphql/ready` once
 * its supergraph is loaded and it executes an operation (`{ __typename }`, which asks no subgraph).
 */
import type { ApolloServer } from '@apollo/server';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { OperationContext } from './data-source.ts';

export const HEALTH_PATH = '/graphql/health';
export const READY_PATH = '/graphql/ready';

const reply = (statusCode: number, value: unknown, headers: Record<string, string> = {}): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  body: JSON.stringify(value),
});

async function readiness(server: ApolloServer<OperationContext>): Promise<APIGatewayProxyStructuredResultV2> {
  try {
    const result = await server.executeOperation({ query: '{ __typename }' }, { contextValue: { instant: Date.now() } });
    if (result.body.kind === 'single' && result.body.singleResult.errors === undefined) {
      return reply(200, { status: 'ready', function: 'gateway' });
    }
  } catch (error) {
    console.error(`[gateway] not ready: ${String((error as Error)?.stack ?? error)}`);
  }
  return reply(503, { error: 'gateway is not ready: its supergraph did not load' });
}

/** The probe's answer, or undefined when the event is not a probe. */
export async function answerProbe(
  event: APIGatewayProxyEventV2,
  server: ApolloServer<OperationContext>,
): Promise<APIGatewayProxyStructuredResultV2 | undefined> {
  const path = event.rawPath;
  if (path !== HEALTH_PATH && path !== READY_PATH) return undefined;
  if (!['GET', 'HEAD'].includes(event.requestContext.http.method)) {
    return reply(405, { error: `method ${event.requestContext.http.method} not allowed` }, { allow: 'GET, HEAD' });
  }
  return path === HEALTH_PATH ? reply(200, { status: 'ok', function: 'gateway' }) : readiness(server);
}
