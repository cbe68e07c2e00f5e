/**
 * CORS (docs/contract.md §6): off unless `EGG_CORS_ORIGINS` lists the origins allowed to
 * call from a browser. Read once at start-up; a value that is not a list of origins fails then.
 */

export interface CorsConfig {
  /** Exact origins (`https://app.example.com`); empty = CORS off. */
  origins: readonly string[];
}

export class CorsConfigError extends Error {}

export const CORS_ENV = 'EGG_CORS_ORIGINS';

export function loadCorsConfig(env: Record<string, string | undefined> = process.env): CorsConfig {
  const raw = env[CORS_ENV]?.trim();
  if (!raw) return { origins: [] };
  const origins = raw.split(',').map((o) => o.trim()).filter(Boolean);
  for (const origin of origins) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (!parsed || !/^https?:$/.test(parsed.protocol) || parsed.origin !== origin) {
      throw new CorsConfigError(`${CORS_ENV}: "${origin}" is not an origin (scheme://host[:port], no path or trailing slash)`);
    }
  }
  return { origins };
}

/** What one function allows a browser to do cross-origin. */
export interface CorsPolicy extends CorsConfig {
  methods: readonly string[];
  /** Request headers a browser may send beyond the CORS-safelisted ones. */
  allowHeaders: readonly string[];
  /** Response headers a browser script may read beyond the safelisted ones. */
  exposeHeaders?: readonly string[];
}

/** Browsers may cache a preflight answer this long (seconds); Chromium caps it at 7200. */
const PREFLIGHT_MAX_AGE_S = 600;

export const allowsOrigin = (policy: CorsPolicy, origin: string | undefined): origin is string =>
  origin !== undefined && policy.origins.includes(origin);

/** Headers of an answer to an allowed origin's actual (non-preflight) request. */
export function responseCorsHeaders(policy: CorsPolicy, origin: string): Record<string, string> {
  return {
    'access-control-allow-origin': origin,
    ...(policy.exposeHeaders?.length ? { 'access-control-expose-headers': policy.exposeHeaders.join(', ') } : {}),
  };
}

export function preflightHeaders(policy: CorsPolicy, origin: string): Record<string, string> {
  return {
    'access-control-allow-origin': origin,
    'access-control-allow-methods': policy.methods.join(', '),
    'access-control-allow-headers': policy.allowHeaders.join(', '),
    'access-control-max-age': String(PREFLIGHT_MAX_AGE_S),
  };
}
