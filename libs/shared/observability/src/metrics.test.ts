import middy from '@middy/core';
import { captureLogs } from '@egg/shared-testing-logs';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { requestMetrics } from './metrics.ts';

const event = { rawPath: '/hen/api', requestContext: { http: { method: 'GET' } } } as unknown as APIGatewayProxyEventV2;
const context = { functionName: 'egg-dev-hen', awsRequestId: 'req-1' } as Context;
const ON = { metrics: true, tracing: false, namespace: 'egg-test' };

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

type Emf = { _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[] } } & Record<string, unknown>;

function handlerAnswering(status: number | Error, onStorage = false) {
  const m = requestMetrics('hen', ON);
  return middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
    .use(m.middlewares)
    .use({
      onError: async (request) => {
        if (onStorage) m.storageError(request);
        request.response = { statusCode: onStorage ? 503 : 500 };
      },
    })
    .handler(async () => {
      if (status instanceof Error) throw status;
      return { statusCode: status };
    });
}

describe('requestMetrics', () => {
  it('writes one EMF line per request: requests, latency, its status class, no storage error; ColdStart once', async () => {
    // What Lambda sets on an on-demand instance; Powertools reports a cold start only there.
    vi.stubEnv('AWS_LAMBDA_INITIALIZATION_TYPE', 'on-demand');
    const logged = captureLogs();
    const handler = handlerAnswering(201);
    await handler(event, context);
    await handler(event, context);
    const lines = logged.out() as Emf[];
    const cold = lines.filter((l) => 'ColdStart' in l);
    const requests = lines.filter((l) => 'Requests' in l);
    expect(cold).toHaveLength(1);
    expect(requests).toHaveLength(2);
    expect(requests[0]).toMatchObject({ service: 'hen', Requests: 1, Latency: expect.any(Number), Status2xx: 1, Status4xx: 0, Status5xx: 0, StorageErrors: 0 });
    const [directive] = requests[0]._aws.CloudWatchMetrics;
    expect(directive.Namespace).toBe('egg-test');
    expect(directive.Dimensions).toEqual([['service']]);
    expect(directive.Metrics).toContainEqual({ Name: 'Latency', Unit: 'Milliseconds' });
  });

  it('counts a failure on storage as a 5xx and a storage error, any other failure as a 5xx alone', async () => {
    const logged = captureLogs();
    await handlerAnswering(new Error('log down'), true)(event, context);
    await handlerAnswering(new Error('bug'))(event, context);
    await handlerAnswering(404)(event, context);
    const requests = (logged.out() as Emf[]).filter((l) => 'Requests' in l);
    expect(requests.map((l) => [l.Status2xx, l.Status4xx, l.Status5xx, l.StorageErrors])).toEqual([
      [0, 0, 1, 1],
      [0, 0, 1, 0],
      [0, 1, 0, 0],
    ]);
  });

  it('writes nothing when off', async () => {
    const logged = captureLogs();
    const m = requestMetrics('hen', { ...ON, metrics: false });
    await middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
      .use(m.middlewares)
      .handler(async () => ({ statusCode: 200 }))(event, context);
    expect(logged.out()).toEqual([]);
  });
});
