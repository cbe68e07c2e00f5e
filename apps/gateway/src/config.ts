/** The gateway's configuration, read from the environment once at cold start. */
import { loadCorsConfig, type CorsConfig } from '@egg/edge';

export interface GatewayConfig {
  /** Subgraph name (entity name, e.g. `lay_report`) → its GraphQL URL. */
  subgraphUrls: Record<string, string>;
  introspection: boolean;
  maxDepth: number;
  /** Fields and aliases counted over the whole document, fragments expanded. */
  maxFields: number;
  /** Request body bytes. */
  maxBodyBytes: number;
  /** Request header bytes (names and values). */
  maxHeaderBytes: number;
  cors: CorsConfig;
}

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

const envKey = (subgraph: string): string => `SUBGRAPH_URL_${subgraph.toUpperCase()}`;

function positiveInt(env: Env, key: string, fallback: number): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new ConfigError(`${key} must be a positive integer, got "${raw}"`);
  return n;
}

function flag(env: Env, key: string, fallback: boolean): boolean {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ConfigError(`${key} must be true or false, got "${raw}"`);
}

/**
 * Each subgraph's URL is `SUBGRAPH_URL_<NAME>` if set, else `SUBGRAPH_URL_TEMPLATE` with `{name}`
 * replaced by the subgraph name. Every missing URL is named in one error.
 */
export function loadGatewayConfig(subgraphs: readonly string[], env: Env = process.env): GatewayConfig {
  const template = env.SUBGRAPH_URL_TEMPLATE;
  if (template !== undefined && !template.includes('{name}')) {
    throw new ConfigError(`SUBGRAPH_URL_TEMPLATE must contain {name}, got "${template}"`);
  }
  const subgraphUrls: Record<string, string> = {};
  const missing: string[] = [];
  for (const name of subgraphs) {
    const url = env[envKey(name)] ?? template?.replaceAll('{name}', name);
    if (url === undefined) missing.push(envKey(name));
    else subgraphUrls[name] = url;
  }
  if (missing.length > 0) {
    throw new ConfigError(`no URL for subgraphs: set SUBGRAPH_URL_TEMPLATE or ${missing.join(', ')}`);
  }
  const inProduction = env.NODE_ENV === 'production' || env.AWS_LAMBDA_FUNCTION_NAME !== undefined;
  return {
    subgraphUrls,
    introspection: flag(env, 'GATEWAY_INTROSPECTION', !inProduction),
    maxDepth: positiveInt(env, 'GATEWAY_MAX_DEPTH', 12),
    maxFields: positiveInt(env, 'GATEWAY_MAX_FIELDS', 300),
    maxBodyBytes: positiveInt(env, 'GATEWAY_MAX_BODY_BYTES', 32_768),
    maxHeaderBytes: positiveInt(env, 'GATEWAY_MAX_HEADER_BYTES', 8_192),
    cors: loadCorsConfig(env),
  };
}
