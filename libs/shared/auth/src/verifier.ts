/**
 * Token verification with jose: a signature by a key from the issuer's JWKS (asymmetric
 * algorithms only, whatever the token's header says), then `iss`, `aud`, `exp` (required) and
 * `nbf` with a small clock skew.
 */
import { errors, jwtVerify } from 'jose';
import type { AuthConfig } from './config.ts';
import { callerFromClaims, InvalidCallerError, type Caller } from './credentials.ts';
import { createKeySet, fetchIssuerJson, IssuerUnavailableError } from './key-set.ts';

/** RSA, RSA-PSS, ECDSA and EdDSA: `none` and the HMAC family (a key anyone holding the JWKS has) never verify. */
export const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

/** Clocks of the issuer and of a function may differ by this much. */
export const CLOCK_SKEW_SECONDS = 30;

export class InvalidTokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidTokenError';
  }
}

export type Verify = (token: string) => Promise<Caller>;

const DISCOVERY_TIMEOUT_MS = 3_000;

/** The JWKS URL: configured, or read (once it succeeds) from the issuer's OpenID discovery document. */
function jwksLocation(config: AuthConfig): () => Promise<string> {
  if (config.jwksUrl) return async () => config.jwksUrl!;
  let found: string | undefined;
  return async () => {
    if (found) return found;
    const doc = await fetchIssuerJson(`${config.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`, DISCOVERY_TIMEOUT_MS);
    const uri = (doc as { jwks_uri?: unknown } | null)?.jwks_uri;
    if (typeof uri !== 'string') throw new IssuerUnavailableError("the issuer's discovery document has no jwks_uri");
    return (found = uri);
  };
}

/** Why a token failed, in words fit for its holder (never the key material or our configuration). */
function reason(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'the token has expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf') return 'the token is not valid yet';
    return error.claim === 'exp' ? 'the token has no expiry (exp)' : `the token's ${error.claim} is not accepted here`;
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return "the token's algorithm is not accepted (asymmetric signatures only)";
  if (error instanceof errors.JWKSNoMatchingKey) return 'the token was signed with a key the issuer does not publish';
  if (error instanceof errors.JWSSignatureVerificationFailed) return "the token's signature does not verify";
  if (error instanceof InvalidCallerError) return error.message;
  return 'the token is malformed';
}

export function createVerifier(config: AuthConfig): Verify {
  const keys = createKeySet({ url: jwksLocation(config), cooldownMs: config.jwksCooldownSeconds * 1000 });
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, keys, {
        algorithms: ALGORITHMS,
        issuer: config.issuer,
        audience: config.audience,
        clockTolerance: CLOCK_SKEW_SECONDS,
        requiredClaims: ['exp', 'sub'],
      });
      return callerFromClaims(payload, config.groupsClaim);
    } catch (error) {
      if (error instanceof IssuerUnavailableError) throw error;
      throw new InvalidTokenError(reason(error));
    }
  };
}
