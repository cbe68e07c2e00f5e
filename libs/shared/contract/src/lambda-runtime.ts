/**
 * How the functions run on Lambda, in one place: infra deploys these settings and `npm run bench`
 * measures memory, cold starts and cost with the same ones.
 */

/**
 * NODE_OPTIONS for a function of `memoryMb`:
 * - V8's young generation at 2 MB per semi-space (Node's default is 16 MB): requests allocate
 *   short-lived objects that a small young generation collects as cheaply, and an instance's
 *   resident memory stays near its live data.
 * - The old generation capped at a quarter of the function's memory, the share V8 itself takes
 *   of the physical memory it sees. Written down so the cap follows the memory setting, not the
 *   host: under a large cap V8 lets the heap grow before it collects (the gateway on a 24 GB
 *   machine, 4 GB cap: 229 MB resident after 10,000 requests; capped at 256 or 442 MB: 137 and
 *   about 145 MB), and the rest of the function's memory stays free for buffers and code.
 */
export const lambdaNodeOptions = (memoryMb: number): string => `--max-semi-space-size=2 --max-old-space-size=${Math.floor(memoryMb / 4)}`;

/** Memory (MB) per function kind and stage; Lambda's CPU share and price follow it. */
export const FUNCTION_MEMORY_MB = {
  dev: { entity: 1024, gateway: 1024 },
  prod: { entity: 1536, gateway: 1769 },
} as const;

/**
 * On Lambda (its runtime sets AWS_LAMBDA_FUNCTION_NAME) or with NODE_ENV=production: where the
 * gateway and the subgraphs turn introspection (and the gateway its explorer) off by default.
 */
export const inProduction = (env: Record<string, string | undefined>): boolean =>
  env.NODE_ENV === 'production' || env.AWS_LAMBDA_FUNCTION_NAME !== undefined;
