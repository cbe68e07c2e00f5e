/**
 * Whether a function emits metrics and traces: on in AWS Lambda, off everywhere else (the local
 * stack, tests, benchmarks), where nobody reads EMF lines and no X-Ray daemon listens. Read once
 * per instance; one error names every bad value.
 */
export interface ObservabilityConfig {
  /** CloudWatch metrics as EMF lines on stdout (Powertools Metrics). */
  metrics: boolean;
  /** X-Ray segments for each request and each AWS SDK call (Powertools Tracer, loaded only then). */
  tracing: boolean;
  /** CloudWatch namespace of the metrics. */
  namespace: string;
}

export const DEFAULT_NAMESPACE = 'egg-economy';

const FLAGS = ['true', 'false'];

export function loadObservabilityConfig(env: NodeJS.ProcessEnv = process.env): ObservabilityConfig {
  const problems: string[] = [];
  const flag = (name: string): boolean | undefined => {
    const value = env[name];
    if (value === undefined || value === '') return undefined;
    if (!FLAGS.includes(value.toLowerCase())) problems.push(`${name} must be true or false, got "${value}"`);
    return value.toLowerCase() === 'true';
  };
  // The Lambda runtime sets AWS_EXECUTION_ENV (AWS_Lambda_nodejs24.x); nothing local does.
  const inLambda = (env.AWS_EXECUTION_ENV ?? '').startsWith('AWS_Lambda_');
  const metricsDisabled = flag('POWERTOOLS_METRICS_DISABLED');
  const tracingEnabled = flag('POWERTOOLS_TRACE_ENABLED');
  const namespace = env.POWERTOOLS_METRICS_NAMESPACE || DEFAULT_NAMESPACE;
  if (!/^[\w./#:-]{1,255}$/.test(namespace)) problems.push(`POWERTOOLS_METRICS_NAMESPACE must be 1-255 of letters, digits and . - _ / # :, got "${namespace}"`);
  if (problems.length > 0) throw new Error(`bad observability configuration: ${problems.join('; ')}`);
  return { metrics: inLambda && metricsDisabled !== true, tracing: inLambda && tracingEnabled !== false, namespace };
}
