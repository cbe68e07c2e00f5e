/**
 * X-Ray through Powertools Tracer: a subsegment per request and per AWS SDK call (the gateway's
 * invokes of entity functions). The tracer and the X-Ray SDK under it are imported only when
 * tracing is on, so an instance that does not trace (anything outside Lambda) never loads them.
 */
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { ObservabilityConfig } from './config.ts';

type Event = APIGatewayProxyEventV2;
type Result = APIGatewayProxyStructuredResultV2;
type Loaded = { traceClient: <T>(client: T) => T; middleware: MiddlewareObj<Event, Result> };

export interface RequestTracing {
  /** Use them first (outermost): the request's subsegment spans every other middleware; none when off. */
  middlewares: MiddlewareObj<Event, Result>[];
  /** The AWS SDK v3 client, its calls traced as subsegments (the client itself when off). */
  traceClient<T>(client: T): Promise<T>;
}

export function requestTracing(service: string, config: ObservabilityConfig): RequestTracing {
  if (!config.tracing) return { middlewares: [], traceClient: async (client) => client };
  let loaded: Promise<Loaded> | undefined;
  const load = () =>
    (loaded ??= (async () => {
      const [{ Tracer }, { captureLambdaHandler }] = await Promise.all([
        import('@aws-lambda-powertools/tracer'),
        import('@aws-lambda-powertools/tracer/middleware'),
      ]);
      const tracer = new Tracer({ serviceName: service });
      return {
        traceClient: <T>(client: T) => tracer.captureAWSv3Client(client),
        // Answers can hold whole entity lists: kept out of the trace.
        middleware: captureLambdaHandler(tracer, { captureResponse: false }) as MiddlewareObj<Event, Result>,
      };
    })());
  return {
    middlewares: [
      {
        before: async (request) => (await load()).middleware.before?.(request),
        after: async (request) => (await load()).middleware.after?.(request),
        onError: async (request) => (await load()).middleware.onError?.(request),
      },
    ],
    traceClient: async (client) => (await load()).traceClient(client),
  };
}
