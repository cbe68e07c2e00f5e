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
import { loadObservabilityConfig, requestMetrics, requestTracing, type RequestMetrics } from '@egg/shared-observability';
import { loadStorageConfig, openEventLog, openSourceLogs } from '@egg/storage-config';
import { createRepository, type EventLog, type LogRepository, type Payload, type Repository } from '@egg/storage-core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { createEntityApp, type EntityApp } from './app.ts';
import { createCallerResolver } from './caller.ts';
import { computedRepository } from './computed.ts';
import { loadEntityConfig } from './config.ts';
import type { EntityDeclaration, OpenSource } from './declaration.ts';
import { errorResponse, type HttpRequest, type HttpResponse } from './http.ts';
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

const resultOf = (response: HttpResponse): Result => ({ statusCode: response.status, headers: response.headers, body: response.body });

/** Failures are logged (with the request id) and answered without internals; storage outages as 503. */
const internalError = (logger: Logger, metrics: RequestMetrics): MiddlewareObj<Event, Result> => ({
  onError: async (request) => {
    const unavailable = storageUnavailableResponse(request.error);
    if (unavailable) {
      logger.warn('storage unavailable', { error: request.error?.message });
      metrics.storageError(request);
    } else logger.error('internal error', request.error ?? 'unknown error');
    request.response = resultOf(unavailable ?? errorResponse(500, 'internal error'));
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

/** One repository per source entity, on its log, opened on first use and kept for the instance's life. */
function sourceRepositories(logs: (entity: string) => EventLog, partitions: number): OpenSource {
  const opened = new Map<string, LogRepository<Payload>>();
  return (entity, options = {}) => {
    let repository = opened.get(entity);
    if (!repository) opened.set(entity, (repository = createRepository(logs(entity), entity, { partitions, ...options })));
    else if (options.onApply) throw new Error(`${entity} was opened before its listener was given`);
    return repository;
  };
}

/** The companion topic of an entity's idempotency keys (see idempotency.ts). */
export const claimsTopic = (decl: Pick<EntityDeclaration, 'name'>): string => `${decl.name}-idempotency`;

export function createEntityHandler(decl: EntityDeclaration, options: HandlerOptions = {}): EntityHandler {
  const env = options.env ?? process.env;
  // Read at start-up, so a bad value fails the instance before it takes a request.
  const config = loadEntityConfig(env);
  const storage = loadStorageConfig(env);
  const logger = createLogger(decl.name);
  const observability = loadObservabilityConfig(env);
  const metrics = requestMetrics(decl.name, observability);
  const tracing = requestTracing(decl.name, observability);
  const cors: CorsPolicy = {
    ...config.cors,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'DELETE'],
    allowHeaders: ['content-type', 'idempotency-key'],
    exposeHeaders: ['location', 'idempotent-replayed'],
  };
  let opened: Promise<{ app: EntityApp; repository: Repository }> | undefined;
  const openApp = async () => {
    if (decl.computed) {
      const testLog = options.openLog && (await options.openLog());
      const logs = testLog ? () => testLog : await openSourceLogs(storage, decl.computed.sources);
      const repository = computedRepository(decl.name, decl.computed, sourceRepositories(logs, storage.partitions));
      return { app: createEntityApp(decl, repository, { limits: config.limits, logger, introspection: config.introspection }), repository };
    }
    const log = options.openLog ? await options.openLog() : await openEventLog(storage);
    const entities = createRepository(log, decl.name, { partitions: storage.partitions });
    const claims = createRepository<Claim>(log, claimsTopic(decl), { partitions: storage.partitions });
    const idempotency = createIdempotency(entities, claims, { windowMs: config.idempotencyWindowMs });
    return { app: createEntityApp(decl, entities, { idempotency, limits: config.limits, logger, introspection: config.introspection }), repository: entities };
  };
  // Opened once per instance; a failed open is retried by the next event instead of poisoning the instance.
  const open = () =>
    (opened ??= openApp().catch((error: unknown) => {
      opened = undefined;
      throw error;
    }));
  const meta = createMetaRoutes(decl, logger, config.limits);
  const resolveCaller = config.auth && createCallerResolver(config.auth, decl.name);

  const core = async (event: Event, context: Context): Promise<Result> => {
    const request = toHttpRequest(event, context.awsRequestId);
    // Liveness and the OpenAPI document answer without storage or a token; readiness is a 503, not a 500, while it fails to open.
    const answered = meta.withoutStorage(request);
    if (answered) return resultOf(answered);
    if (meta.isReadiness(request)) return resultOf(await meta.readiness(async () => (await open()).repository, context.awsRequestId));
    if (resolveCaller) {
      const caller = await resolveCaller(event, request);
      if ('status' in caller) return resultOf(caller);
      request.caller = caller;
    }
    return resultOf(await (await open()).app(request));
  };

  // `after` and `onError` run in reverse order of use(): the trace, the metrics and the log line see the final status.
  return middy<Event, Result>()
    .use(tracing.middlewares)
    .use(metrics.middlewares)
    .use(requestLogging(logger))
    .use(internalError(logger, metrics))
    .use(httpHeaderNormalizer())
    .use(decodeBody)
    .handler(httpEdge({ cors }, core));
}
