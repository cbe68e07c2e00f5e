/** An entity function's own settings (storage has its own, in @egg/storage-config), read once at start-up. */
import { loadCorsConfig, type CorsConfig } from '@egg/shared-edge';
import { loadGraphLimits, type GraphLimits } from '@egg/shared-graph-limits';

export interface EntityConfig {
  /** How long an `Idempotency-Key` is remembered, ms. */
  idempotencyWindowMs: number;
  cors: CorsConfig;
  /** Depth, cost, aliases, tokens and list sizes of the subgraph and the REST list (`GRAPH_*`). */
  limits: GraphLimits;
}

export class EntityConfigError extends Error {}

export const IDEMPOTENCY_WINDOW_ENV = 'EGG_IDEMPOTENCY_WINDOW_SECONDS';
const DAY_S = 86_400;

export function loadEntityConfig(env: Record<string, string | undefined> = process.env): EntityConfig {
  const raw = env[IDEMPOTENCY_WINDOW_ENV];
  const seconds = raw === undefined || raw === '' ? DAY_S : Number(raw);
  if (!Number.isInteger(seconds) || seconds < 1) {
    throw new EntityConfigError(`${IDEMPOTENCY_WINDOW_ENV} must be a positive integer (seconds), got "${raw}"`);
  }
  return { idempotencyWindowMs: seconds * 1000, cors: loadCorsConfig(env), limits: loadGraphLimits(env) };
}
