import { LambdaClient } from '@aws-sdk/client-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { requestTracing } from './tracing.ts';

const OFF = { metrics: false, tracing: false, namespace: 'egg-test' };

afterEach(() => vi.unstubAllEnvs());

describe('requestTracing', () => {
  it('when off, adds no middleware and leaves clients as they are', async () => {
    const tracing = requestTracing('gateway', OFF);
    expect(tracing.middlewares).toEqual([]);
    const client = new LambdaClient({ region: 'eu-west-1' });
    const before = client.middlewareStack.identify();
    expect(await tracing.traceClient(client)).toBe(client);
    expect(client.middlewareStack.identify()).toEqual(before);
  });

  it('when on, puts an X-Ray subsegment step into the AWS SDK client (each subgraph invoke is traced)', async () => {
    // Powertools checks for the Lambda runtime itself too.
    vi.stubEnv('AWS_EXECUTION_ENV', 'AWS_Lambda_nodejs24.x');
    const tracing = requestTracing('gateway', { ...OFF, tracing: true });
    const client = new LambdaClient({ region: 'eu-west-1' });
    const before = client.middlewareStack.identify();
    const traced = await tracing.traceClient(client);
    const added = traced.middlewareStack.identify().filter((name) => !before.includes(name));
    expect(added).toEqual(expect.arrayContaining([expect.stringMatching(/xray|segment/i)]));
  });
});
