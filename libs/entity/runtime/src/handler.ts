/**
 * The Lambda edge: an API Gateway HTTP API (v2) event in, a structured result out.
 * Middlewares normalise the event, log one line per request (Powertools, JSON) and turn
 * failures into a bare 500; the entity app underneath knows nothing of Lambda.
 */
import middy, { type MiddlewareObj } from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import { isGatewayEvent } from '@egg/shared-contract';
import { httpEdge, type CorsPolicy } from '@egg/shared-edge';
import { createLogger, requestLogging, type Logger } from '@egg/shared-logging';
import { loadStorageConfig, openEventLog } from '@egg/storage-config';
import { createRepository, type EventLog, type Repository } from '@egg/storage-core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { createEntityApp, type EntityApp } from './app.ts';
import { loadEntityConfig } from './config.ts';
import type { EntityDeclaration } from './declaration.ts';
import { errorResponse, type HttpRequest } from './http.ts';
import { createIdempotency, type Claim } from './idempotency.ts';
import { createMetaRoutes } from './meta-routes.ts';
import { storageUnavailableResponse } from './unavailable.ts';

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

/** Failures are logged (with the request id) and answered without internals; storage outages as 503. */
const internalError = (logger: Logger): MiddlewareObj<Event, Result> => ({
  onError: async (request) => {
    const unavailable = storageUnavailableResponse(request.error);
    if (unavailable) logger.warn('storage unavailable', { error: request.error?.message });
    else logger.error('internal error', request.error ?? 'unknown error');
    const response = unavailable ?? errorResponse(500, 'internal error');
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
  fromGateway: isGatewayEvent(event),
});

/** The companion topic of an entity's idempotency keys (see idempotency.ts). */
export const claimsTopic = (decl: Pick<EntityDeclaration, 'name'>): string => `${decl.name}-idempotency`;

export function createEntityHandler(decl: EntityDeclaration, options: HandlerOptions = {}): EntityHandler {
  const env = options.env ?? process.env;
  // Read at start-up, so a bad value fails the instance before it takes a request.
  const config = loadEntityConfig(env);
  const storage = loadStorageConfig(env);
  const logger = createLogger(decl.name);
  const cors: CorsPolicy = {
    ...config.cors,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'DELETE'],
    allowHeaders: ['content-type', 'idempotency-key'],
    exposeHeaders: ['location', 'idempotent-replayed'],
  };
  let opened: Promise<{ app: EntityApp; repository: Repository }> | undefined;
  const openApp = async () => {
    const log = options.openLog ? await options.openLog() : await openEventLog(storage);
    const entities = createRepository(log, decl.name, { partitions: storage.partitions });
    const claims = createRepository<Claim>(log, claimsTopic(decl), { partitions: storage.partitions });
    const idempotency = createIdempotency(entities, claims, { windowMs: config.idempotencyWindowMs });
    return { app: createEntityApp(decl, entities, { idempotency, limits: config.limits, logger }), repository: entities };
  };
  // Opened once per instance; a failed open is retried by the next event instead of poisoning the instance.
  const open = () =>
    (opened ??= openApp().catch((error: unknown) => {
      opened = undefined;
      throw error;
    }));
  const meta = createMetaRoutes(decl, logger, config.limits);

  const core = async (event: Event, context: Context): Promise<Result> => {
    const request = toHttpRequest(event, context.awsRequestId);
    // Liveness and the OpenAPI document answer without storage; readiness is a 503, not a 500, while it fails to open.
    const response =
      meta.withoutStorage(request) ??
      (meta.isReadiness(request)
        ? await meta.readiness(async () => (await open()).repository, context.awsRequestId)
        : await (await open()).app(request));
    return { statusCode: response.status, headers: response.headers, body: response.body };
  };

  // `after` and `onError` run in reverse order of use(): the log line sees the final status.
  return middy<Event, Result>()
    .use(requestLogging(logger))
    .use(internalError(logger))
    .use(httpHeaderNormalizer())
    .use(decodeBody)
    .handler(httpEdge({ cors }, core));
}
