/**
 * One EMF line per request (Powertools Metrics): Requests, Latency, one count per status class
 * (0 or 1 each, so sums and averages need no missing-data rules) and StorageErrors, under the
 * function's service name; ColdStart on an instance's first request. Off outside Lambda.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { ObservabilityConfig } from './config.ts';

type Event = APIGatewayProxyEventV2;
type Result = APIGatewayProxyStructuredResultV2;
type Request = { internal: unknown };

const STARTED = Symbol('egg.metrics.startedAt');
const STORAGE_ERROR = Symbol('egg.metrics.storageError');
type Marks = { [STARTED]?: number; [STORAGE_ERROR]?: boolean };

export const METRIC = {
  requests: 'Requests',
  latency: 'Latency',
  status: (cls: '2xx' | '4xx' | '5xx') => `Status${cls}`,
  storageErrors: 'StorageErrors',
} as const;

export interface RequestMetrics {
  /** Use them first (outermost), so the figures include every other middleware; none when off. */
  middlewares: MiddlewareObj<Event, Result>[];
  /** Marks this request as failed on storage; counted when it is answered. */
  storageError(request: Request): void;
}

export function requestMetrics(service: string, config: ObservabilityConfig): RequestMetrics {
  if (!config.metrics) return { middlewares: [], storageError: () => undefined };
  const metrics = new Metrics({ namespace: config.namespace, serviceName: service });
  const record = (request: { response?: Result | null; internal: unknown }): void => {
    const marks = request.internal as Marks;
    const status = request.response?.statusCode ?? 500;
    metrics.addMetric(METRIC.requests, MetricUnit.Count, 1);
    metrics.addMetric(METRIC.latency, MetricUnit.Milliseconds, Date.now() - (marks[STARTED] ?? Date.now()));
    for (const cls of ['2xx', '4xx', '5xx'] as const) metrics.addMetric(METRIC.status(cls), MetricUnit.Count, Number(`${Math.floor(status / 100)}xx` === cls));
    metrics.addMetric(METRIC.storageErrors, MetricUnit.Count, marks[STORAGE_ERROR] ? 1 : 0);
    metrics.publishStoredMetrics();
  };
  return {
    middlewares: [
      {
        before: async (request) => {
          (request.internal as Marks)[STARTED] = Date.now();
          // Emitted on an on-demand instance's first request only (Powertools keeps the state).
          metrics.captureColdStartMetric(request.context.functionName);
        },
        after: async (request) => record(request),
        onError: async (request) => record(request),
      },
    ],
    storageError: (request) => {
      (request.internal as Marks)[STORAGE_ERROR] = true;
    },
  };
}
