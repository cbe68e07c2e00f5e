/**
 * How the functions run on Lambda, in one place: infra deploys these settings and `npm run bench`
 * measures memory, cold starts and cost with the same ones.
 */

/**
 * V8's young generation at 2 MB per semi-space (Node's default is 16 MB): requests allocate
 * short-lived objects that a small young generation collects as cheaply, and an instance's
 * resident memory stays near its live data (hen after 10,000 requests: 105 → 78 MB).
 */
export const LAMBDA_NODE_OPTIONS = '--max-semi-space-size=2';

/** Memory (MB) per function kind and stage; Lambda's CPU share and price follow it. */
export const FUNCTION_MEMORY_MB = {
  dev: { entity: 1024, gateway: 1024 },
  prod: { entity: 1536, gateway: 1769 },
} as const;
