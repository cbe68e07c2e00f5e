/** The gateway's configuration, read from the environment once at cold start. */
import { inProduction as runsInProduction, INTERNAL_TOKEN_ENV, MAX_BODY_BYTES } from '@egg/shared-contract';
import { loadCorsConfig, type CorsConfig } from '@egg/shared-edge';
import { loadGraphLimits, type GraphLimits } from '@egg/shared-graph-limits';
import { loadAuthConfig, type AuthConfig } from '@egg/shared-auth';
import type { ExplorerConfig } from './explorer.ts';

export interface GatewayConfig {
  /** Subgraph name (entity name, e.g. `lay_report`) → its GraphQL URL. */
  subgraphUrls: Record<string, string>;
  /** Set in AWS (`SUBGRAPH_TRANSPORT=lambda`): subgraph name → the function the gateway invokes directly, instead of HTTP. */
  subgraphFunctions?: Record<string, string>;
  introspection: boolean;
  /** Depth, cost, aliases, tokens, list sizes: the same limits every subgraph enforces (`GRAPH_*`). */
  limits: GraphLimits;
  /** Request body bytes. */
  maxBodyBytes: number;
  /** Bytes of an answer, and of any one subgraph response: Lambda cannot return more than 6 MB. */
  maxResponseBytes: number;
  /** Milliseconds an operation may take: then it is answered 504 and asks no subgraph more (subgraph-calls.ts). */
  timeoutMs: number;
  /** Bytes a subgraph accepts as a request body: `_entities` batches are split to fit. */
  subgraphMaxBodyBytes: number;
  /** The secret that marks the gateway's subgraph requests locally (`EGG_INTERNAL_TOKEN`; unset in AWS). */
  internalToken?: string;
  /** Request header bytes (names and values). */
  maxHeaderBytes: number;
  cors: CorsConfig;
  /** The GraphQL explorer page at `GET /graphql`; absent = off. */
  explorer?: ExplorerConfig;
  /** Token verification (`EGG_AUTH_*`): the gateway verifies every operation's token itself; absent = auth off. */
  auth?: AuthConfig;
}

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

const envKey = (subgraph: string): string => `SUBGRAPH_URL_${subgraph.toUpperCase()}`;
const functionKey = (subgraph: string): string => `SUBGRAPH_FUNCTION_${subgraph.toUpperCase()}`;

/** `SUBGRAPH_TRANSPORT=lambda`: every subgraph's function name or ARN from `SUBGRAPH_FUNCTION_<NAME>`. */
function subgraphFunctions(subgraphs: readonly string[], env: Env): Record<string, string> | undefined {
  const transport = env.SUBGRAPH_TRANSPORT ?? 'http';
  if (transport === 'http' || transport === '') return undefined;
  if (transport !== 'lambda') throw new ConfigError(`SUBGRAPH_TRANSPORT must be http or lambda, got "${transport}"`);
  const missing = subgraphs.filter((name) => !env[functionKey(name)]);
  if (missing.length > 0) throw new ConfigError(`no function for subgraphs: set ${missing.map(functionKey).join(', ')}`);
  return Object.fromEntries(subgraphs.map((name) => [name, env[functionKey(name)]!]));
}

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

/** Locally the stack serves the explorer's assets at /explorer; in AWS they live wherever they were put. */
function explorerConfig(env: Env, inProduction: boolean): ExplorerConfig {
  const assetsUrl = env.GATEWAY_EXPLORER_ASSETS_URL || (inProduction ? undefined : '/explorer');
  if (assetsUrl === undefined) {
    throw new ConfigError('GATEWAY_EXPLORER=true in production needs GATEWAY_EXPLORER_ASSETS_URL (where dist/apps/explorer is served)');
  }
  return { assetsUrl };
}

/**
 * Each subgraph's URL is `SUBGRAPH_URL_<NAME>` if set, else `SUBGRAPH_URL_TEMPLATE` with `{name}`
 * replaced by the subgraph name. Every missing URL is named in one error.
 */
export function loadGatewayConfig(subgraphs: readonly string[], env: Env = process.env): GatewayConfig {
  const functions = subgraphFunctions(subgraphs, env);
  const template = env.SUBGRAPH_URL_TEMPLATE;
  if (template !== undefined && !template.includes('{name}')) {
    throw new ConfigError(`SUBGRAPH_URL_TEMPLATE must contain {name}, got "${template}"`);
  }
  const subgraphUrls: Record<string, string> = {};
  const missing: string[] = [];
  for (const name of subgraphs) {
    const url = env[envKey(name)] ?? template?.replaceAll('{name}', name);
    if (url !== undefined) subgraphUrls[name] = url;
    // Reached by invoke, a subgraph needs no URL.
    else if (functions === undefined) missing.push(envKey(name));
  }
  if (missing.length > 0) {
    throw new ConfigError(`no URL for subgraphs: set SUBGRAPH_URL_TEMPLATE or ${missing.join(', ')}`);
  }
  const inProduction = runsInProduction(env);
  const explorer = flag(env, 'GATEWAY_EXPLORER', !inProduction) ? explorerConfig(env, inProduction) : undefined;
  const auth = loadAuthConfig(env);
  return {
    ...(auth ? { auth } : {}),
    subgraphUrls,
    ...(functions && { subgraphFunctions: functions }),
    introspection: flag(env, 'GATEWAY_INTROSPECTION', !inProduction),
    limits: loadGraphLimits(env),
    maxBodyBytes: positiveInt(env, 'GATEWAY_MAX_BODY_BYTES', 32_768),
    maxResponseBytes: positiveInt(env, 'GATEWAY_MAX_RESPONSE_BYTES', 6_000_000),
    timeoutMs: positiveInt(env, 'GATEWAY_TIMEOUT_MS', 10_000),
    subgraphMaxBodyBytes: positiveInt(env, 'GATEWAY_SUBGRAPH_MAX_BODY_BYTES', MAX_BODY_BYTES),
    ...(env[INTERNAL_TOKEN_ENV] ? { internalToken: env[INTERNAL_TOKEN_ENV] } : {}),
    maxHeaderBytes: positiveInt(env, 'GATEWAY_MAX_HEADER_BYTES', 8_192),
    cors: loadCorsConfig(env),
    ...(explorer ? { explorer } : {}),
  };
}
