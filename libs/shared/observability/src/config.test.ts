import { describe, expect, it } from 'vitest';
import { loadObservabilityConfig } from './config.ts';

const LAMBDA = { AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x' };

describe('loadObservabilityConfig', () => {
  it('is off outside Lambda, whatever else is set', () => {
    expect(loadObservabilityConfig({})).toEqual({ metrics: false, tracing: false, namespace: 'egg-economy' });
    expect(loadObservabilityConfig({ POWERTOOLS_TRACE_ENABLED: 'true', POWERTOOLS_METRICS_DISABLED: 'false' })).toMatchObject({ metrics: false, tracing: false });
  });

  it('is on in Lambda unless switched off, in the namespace the stage names', () => {
    expect(loadObservabilityConfig({ ...LAMBDA, POWERTOOLS_METRICS_NAMESPACE: 'egg-prod' })).toEqual({ metrics: true, tracing: true, namespace: 'egg-prod' });
    expect(loadObservabilityConfig({ ...LAMBDA, POWERTOOLS_METRICS_DISABLED: 'true', POWERTOOLS_TRACE_ENABLED: 'false' })).toMatchObject({ metrics: false, tracing: false });
  });

  it('names every bad value in one error', () => {
    expect(() => loadObservabilityConfig({ ...LAMBDA, POWERTOOLS_METRICS_DISABLED: 'yes', POWERTOOLS_TRACE_ENABLED: '1', POWERTOOLS_METRICS_NAMESPACE: 'a b' })).toThrow(
      /POWERTOOLS_METRICS_DISABLED must be true or false, got "yes"; POWERTOOLS_TRACE_ENABLED must be true or false, got "1"; POWERTOOLS_METRICS_NAMESPACE must be/,
    );
  });
});
