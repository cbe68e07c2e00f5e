/** An entity function's own settings (storage has its own, in @egg/storage-config), read once at start-up. */
import { inProduction } from '@egg/shared-contract';
import { loadCorsConfig, type CorsConfig } from '@egg/shared-edge';
import { loadAuthConfig, type AuthConfig } from '@egg/shared-auth';
import { loadGraphLimits, type GraphLimits } from '@egg/shared-graph-limits';

export interface EntityConfig {
  /** How long an `Idempotency-Key` is remembered, ms. */
  idempotencyWindowMs: number;
  cors: CorsConfig;
  /** Depth, cost, aliases, tokens and list sizes of the subgraph and the REST list (`GRAPH_*`). */
  limits: GraphLimits;
  /** Token verification (`EGG_AUTH_*`); absent: auth is off. */
  auth?: AuthConfig;
  /** Whether the subgraph answers introspection: locally, not on Lambda or with `NODE_ENV=production` (as the gateway). */
  introspection: boolean;
}

export class EntityConfigError extends Error {}

export const IDEMPOTENCY_WINDOW_ENV = 'EGG_IDEMPOTENCY_WINDOW_SECONDS';
const DAY_S = 86_400;

export function loadEntityConfig(env: Record<string, string | undefined> = process.env): EntityConfig {
  const problems: string[] = [];
  /** Each part's loader throws on its first bad value: running them all names every one. */
  const attempt = <T>(load: () => T): T | undefined => {
    try {
      return load();
    } catch (error) {
      problems.push((error as Error).message);
      return undefined;
    }
  };
  const raw = env[IDEMPOTENCY_WINDOW_ENV];
  const seconds = raw === undefined || raw === '' ? DAY_S : Number(raw);
  if (!Number.isInteger(seconds) || seconds < 1) problems.push(`${IDEMPOTENCY_WINDOW_ENV} must be a positive integer (seconds), got "${raw}"`);
  const cors = attempt(() => loadCorsConfig(env));
  const limits = attempt(() => loadGraphLimits(env));
  const auth = attempt(() => loadAuthConfig(env));
  if (problems.length > 0) throw new EntityConfigError(problems.join('; '));
  return { idempotencyWindowMs: seconds * 1000, cors: cors!, limits: limits!, ...(auth ? { auth } : {}), introspection: !inProduction(env) };
}
