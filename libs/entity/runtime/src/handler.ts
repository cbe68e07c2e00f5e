/**
 * The Lambda edge: an API Gateway HTTP API (v2) event in, a structured result out.
 * Middlewares normalise the event, log one line per request (Powertools, JSON) and turn
 * failures into a bare 500; the entity app underneath knows nothing of Lambda.
 */
import middy, { type MiddlewareObj } from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import { createLogger, requestLogging, type Logger } from '@egg/shared-logging';
import { loadStorageConfig, openEventLog } from '@egg/storage-runtime';
import { createRepository, type EventLog } from '@egg/storage-core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { createEntityApp, type EntityApp } from './app.ts';
import type { EntityDeclaration } from './declaration.ts';
import { errorResponse, type HttpRequest } from './http.ts';

type Event = APIGatewayProxyEventV2;
type Result = APIGatewayProxyStructuredResultV2;
export type EntityHandler = (event: Event, context: Context) => Promise<Result>;

export interface HandlerOptions {
  /** Environment to read the storage configuration from (once per instance); default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Replaces the configured event log (tests). */
  openLog?: () => Promise<EventLog>;
}

/** The body as the client sent it: API Gateway base64-encodes bodies it deems binary. */
const decodeBody: MiddlewareObj<Event, Result> = {
  before: async (request) => {
    const { event } = request;
    if (event.isBase64Encoded && event.body !== undefined) {
      request.event = { ...event, body: Buffer.from(event.body, 'base64').toString('utf8'), isBase64Encoded: false };
    }
  },
};

/** Failures are logged with their stack (and the request id) and answered without internals. */
const internalError = (logger: Logger): MiddlewareObj<Event, Result> => ({
  onError: async (request) => {
    logger.error('internal error', request.error ?? 'unknown error');
    const response = errorResponse(500, 'internal error');
    request.response = { statusCode: response.status, headers: response.headers, body: response.body };
  },
});

const toHttpRequest = (event: Event, requestId: string): HttpRequest => ({
  method: event.requestContext.http.method,
  path: event.rawPath,
  query: Object.fromEntries(new URLSearchParams(event.rawQueryString ?? '')),
  // The Lambda request id wins over any client-sent one, so logs correlate with CloudWatch.
  headers: { ...(event.headers ?? {}), 'x-request-id': requestId },
  body: event.body,
});

export function createEntityHandler(decl: EntityDeclaration, options: HandlerOptions = {}): EntityHandler {
  const logger = createLogger(decl.name);
  let app: Promise<EntityApp> | undefined;
  const openApp = async (): Promise<EntityApp> => {
    const config = loadStorageConfig(options.env ?? process.env);
    const log = options.openLog ? await options.openLog() : await openEventLog(config);
    return createEntityApp(decl, createRepository(log, decl.name, { partitions: config.partitions }), logger);
  };

  const core = async (event: Event, context: Context): Promise<Result> => {
    // Opened once per instance; a failed open is retried by the next event instead of poisoning the instance.
    app ??= openApp().catch((error: unknown) => {
      app = undefined;
      throw error;
    });
    const response = await (await app)(toHttpRequest(event, context.awsRequestId));
    return { statusCode: response.status, headers: response.headers, body: response.body };
  };

  // `after` and `onError` run in reverse order of use(): the log line sees the final status.
  return middy<Event, Result>()
    .use(requestLogging(logger))
    .use(internalError(logger))
    .use(httpHeaderNormalizer())
    .use(decodeBody)
    .handler(core);
}
