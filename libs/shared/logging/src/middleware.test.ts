import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from './logger.ts';
import { requestLogging } from './middleware.ts';
import { captureLogs } from '@egg/shared-testing-logs';

const event = (path: string) =>
  ({ rawPath: path, requestContext: { http: { method: 'POST' } } }) as unknown as APIGatewayProxyEventV2;
const context = { functionName: 'farm-fn', awsRequestId: 'req-1', memoryLimitInMB: '128', invokedFunctionArn: 'arn' } as Context;

afterEach(() => vi.restoreAllMocks());

describe('requestLogging', () => {
  it('logs one JSON line per request: method, path, status, ms, the service and the Lambda request id', async () => {
    const logged = captureLogs();
    const logger = createLogger('farm');
    const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
      .use(requestLogging(logger))
      .handler(async () => ({ statusCode: 201 }));
    await handler(event('/farm/api'), context);
    expect(logged.out()).toEqual([
      expect.objectContaining({
        level: 'INFO',
        message: 'request',
        service: 'farm',
        method: 'POST',
        path: '/farm/api',
        status: 201,
        ms: expect.any(Number),
        function_request_id: 'req-1',
        function_name: 'farm-fn',
        cold_start: expect.any(Boolean),
        timestamp: expect.any(String),
      }),
    ]);
  });

  it('logs the status an error handler set, or 500 when none did', async () => {
    const logged = captureLogs();
    const logger = createLogger('gateway');
    const answered = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
      .use(requestLogging(logger))
      .use({ onError: async (request) => void (request.response = { statusCode: 503 }) })
      .handler(async () => {
        throw new Error('storage down');
      });
    await answered(event('/graphql'), context);
    const unanswered = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
      .use(requestLogging(logger))
      .handler(async () => {
        throw new Error('boom');
      });
    await expect(unanswered(event('/graphql'), context)).rejects.toThrow('boom');
    expect(logged.out().map((line) => line.status)).toEqual([503, 500]);
  });
});
