/**
 * The middy middleware that logs one line per request (method, path, status, ms), with the
 * Lambda context (request id, cold start, function) on every line the request logs.
 */
import type { MiddlewareObj } from '@middy/core';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { REQUEST_MESSAGE, type RequestLine } from './logger.ts';

type Event = APIGatewayProxyEventV2;
type Result = APIGatewayProxyStructuredResultV2;
type Timed = { requestStartedAt?: number };

/**
 * Use it first, so that its `after` and `onError` run last (middy runs them in reverse) and the
 * line carries the final status, including the 500 an error handler set.
 */
export function requestLogging(logger: Logger): MiddlewareObj<Event, Result> {
  const line = (request: { event: Event; response?: Result | null; internal: unknown }): void => {
    const startedAt = (request.internal as Timed).requestStartedAt ?? Date.now();
    const fields: RequestLine = {
      method: request.event.requestContext?.http?.method ?? '',
      path: request.event.rawPath,
      status: request.response?.statusCode ?? 500,
      ms: Date.now() - startedAt,
    };
    logger.info(REQUEST_MESSAGE, { ...fields });
  };
  return {
    before: async (request) => {
      (request.internal as Timed).requestStartedAt = Date.now();
      logger.addContext(request.context);
    },
    after: async (request) => line(request),
    onError: async (request) => line(request),
  };
}
