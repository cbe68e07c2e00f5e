/**
 * The issuer's public keys: fetched on the first token, kept, refreshed when a token names a
 * `kid` the cache lacks (at most once per cooldown), and re-fetched after `maxAgeMs` in case a
 * key was withdrawn. An issuer that cannot be reached while keys are cached keeps them in use;
 * with none cached it is IssuerUnavailableError, which callers answer 503, not 401.
 * Key selection and the cryptography are jose's (`createLocalJWKSet`).
 */
import { createLocalJWKSet, errors, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';

export class IssuerUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'IssuerUnavailableError';
  }
}

export interface KeySetOptions {
  /** The JWKS URL, or a function finding it (OpenID discovery): asked again after a failure. */
  url: () => Promise<string>;
  cooldownMs: number;
  maxAgeMs?: number;
  timeoutMs?: number;
}

/** GET a JSON document from the issuer; any failure to get one is the issuer being unavailable. */
export async function fetchIssuerJson(url: string, timeoutMs: number): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: 'application/json' }, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
  } catch (cause) {
    throw new IssuerUnavailableError(`the token issuer could not be reached`, { cause });
  }
  if (response.status !== 200) throw new IssuerUnavailableError(`the token issuer answered HTTP ${response.status}`);
  try {
    return await response.json();
  } catch (cause) {
    throw new IssuerUnavailableError('the token issuer answered something that is not JSON', { cause });
  }
}

const isKeySet = (value: unknown): value is JSONWebKeySet =>
  typeof value === 'object' && value !== null && Array.isArray((value as { keys?: unknown }).keys);

export function createKeySet({ url, cooldownMs, maxAgeMs = 600_000, timeoutMs = 3_000 }: KeySetOptions): JWTVerifyGetKey {
  let local: JWTVerifyGetKey | undefined;
  let fetchedAt = -Infinity;
  let attemptedAt = -Infinity;
  let pending: Promise<void> | undefined;

  const refresh = (): Promise<void> =>
    (pending ??= (async () => {
      attemptedAt = Date.now();
      try {
        const json = await fetchIssuerJson(await url(), timeoutMs);
        if (!isKeySet(json)) throw new IssuerUnavailableError('the JWKS of the token issuer has no "keys" array');
        local = createLocalJWKSet(json);
        fetchedAt = Date.now();
      } finally {
        pending = undefined;
      }
    })());

  return async (header, token) => {
    if (Date.now() - fetchedAt > maxAgeMs) {
      // Stale keys beat no answer: an issuer outage must not lock out tokens it signed with keys we hold.
      await refresh().catch((error: unknown) => {
        if (!local) throw error;
      });
    }
    try {
      return await local!(header, token);
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey) || Date.now() - attemptedAt < cooldownMs) throw error;
      await refresh();
      return local!(header, token);
    }
  };
}
