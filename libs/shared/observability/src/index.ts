export { loadObservabilityConfig, type ObservabilityConfig } from './config.ts';
export { requestMetrics, type RequestMetrics } from './metrics.ts';
export { requestTracing } from './tracing.ts';
