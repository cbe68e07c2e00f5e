/**
 * Token settings (`EGG_AUTH_*`), read once with the rest of a function's configuration. No
 * issuer means auth is off; every bad value is named in one error.
 */
export interface AuthConfig {
  /** The `iss` every token must carry (an https URL; http only for a loopback issuer). */
  issuer: string;
  /** The `aud` every token must carry. */
  audience: string;
  /** Where the issuer's keys are; absent: the `jwks_uri` of the issuer's OpenID discovery document. */
  jwksUrl?: string;
  /** The claim that lists the caller's groups. */
  groupsClaim: string;
  /** Seconds between JWKS fetches caused by tokens with an unknown `kid` (a token spray cannot hammer the issuer). */
  jwksCooldownSeconds: number;
}

export const AUTH_ENV = {
  issuer: 'EGG_AUTH_ISSUER',
  audience: 'EGG_AUTH_AUDIENCE',
  jwksUrl: 'EGG_AUTH_JWKS_URL',
  groupsClaim: 'EGG_AUTH_GROUPS_CLAIM',
  jwksCooldown: 'EGG_AUTH_JWKS_COOLDOWN_SECONDS',
} as const;

export class AuthConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
    this.name = 'AuthConfigError';
  }
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** An https URL, or http on this machine (a local issuer): anything else would let keys be swapped in transit. */
function urlProblem(name: string, raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `${name} must be a URL, got "${raw}"`;
  }
  if (url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname))) return undefined;
  return `${name} must be an https URL (http only on 127.0.0.1 or localhost), got "${raw}"`;
}

/** `undefined` when auth is off (no issuer); otherwise the settings, or an AuthConfigError naming every bad one. */
export function loadAuthConfig(env: Record<string, string | undefined> = process.env): AuthConfig | undefined {
  const value = (name: string): string | undefined => env[name]?.trim() || undefined;
  const issuer = value(AUTH_ENV.issuer);
  const others = [AUTH_ENV.audience, AUTH_ENV.jwksUrl, AUTH_ENV.groupsClaim, AUTH_ENV.jwksCooldown].filter((name) => value(name));
  if (issuer === undefined) {
    if (others.length === 0) return undefined;
    // Settings without an issuer are a half-done configuration, not a request to switch auth off.
    throw new AuthConfigError([`${AUTH_ENV.issuer} is not set, but ${others.join(', ')} ${others.length > 1 ? 'are' : 'is'}: set it, or unset them to run without auth`]);
  }
  const problems: string[] = [];
  const issuerProblem = urlProblem(AUTH_ENV.issuer, issuer);
  if (issuerProblem) problems.push(issuerProblem);
  const audience = value(AUTH_ENV.audience);
  if (audience === undefined) problems.push(`${AUTH_ENV.audience} must be set when ${AUTH_ENV.issuer} is`);
  const jwksUrl = value(AUTH_ENV.jwksUrl);
  const jwksProblem = jwksUrl === undefined ? undefined : urlProblem(AUTH_ENV.jwksUrl, jwksUrl);
  if (jwksProblem) problems.push(jwksProblem);
  const groupsClaim = value(AUTH_ENV.groupsClaim) ?? 'groups';
  const rawCooldown = value(AUTH_ENV.jwksCooldown);
  const jwksCooldownSeconds = rawCooldown === undefined ? 30 : Number(rawCooldown);
  if (!Number.isInteger(jwksCooldownSeconds) || jwksCooldownSeconds < 0 || jwksCooldownSeconds > 3600) {
    problems.push(`${AUTH_ENV.jwksCooldown} must be an integer from 0 to 3600, got "${rawCooldown}"`);
  }
  if (problems.length > 0) throw new AuthConfigError(problems);
  return { issuer, audience: audience!, ...(jwksUrl ? { jwksUrl } : {}), groupsClaim, jwksCooldownSeconds };
}

/** One line for a start-up banner: whether requests need a token, and from whom. */
export const describeAuth = (config: AuthConfig | undefined): string =>
  config ? `auth: tokens from ${config.issuer} (audience ${config.audience})` : 'auth: OFF (no EGG_AUTH_ISSUER: anyone may read and write)';
