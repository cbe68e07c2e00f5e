export { DEFAULT_NAMESPACE, loadObservabilityConfig, type ObservabilityConfig } from './config.ts';
export { METRIC, requestMetrics, type RequestMetrics } from './metrics.ts';
export { requestTracing, type RequestTracing } from './tracing.ts';
