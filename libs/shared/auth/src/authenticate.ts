/**
 * Who is calling, or the refusal to answer (RFC 6750): a bearer token from the `Authorization`
 * header verified here, or the claims API Gateway's JWT authorizer already verified; then the
 * scope the request needs.
 */
import type { AuthConfig } from './config.ts';
import { callerFromClaims, InvalidCallerError, listClaim, READ_SCOPE, WRITE_SCOPE, type Caller, type Claims } from './credentials.ts';
import { IssuerUnavailableError } from './key-set.ts';
import { createVerifier, InvalidTokenError, type Verify } from './verifier.ts';

export const REALM = 'egg';

/** A refusal: the status, the JSON error message, and the headers (`WWW-Authenticate`, `retry-after`). */
export interface Refusal {
  status: number;
  error: string;
  headers: Record<string, string>;
}

export interface AuthInput {
  /** Lower-case header names. */
  headers: Record<string, string | undefined>;
  /** The raw query string, without `?`. */
  query: string;
  /** What API Gateway's JWT authorizer verified, when the request came through it. */
  jwt?: { claims?: Claims; scopes?: string[] | null };
}

export type Authenticate = (input: AuthInput, scope: string) => Promise<{ caller: Caller } | { refusal: Refusal }>;

/** RFC 6750 §3: parameter values are printable ASCII without `"` and `\\` (and HTTP header values must be Latin-1 anyway). */
const quoted = (value: string): string => `"${value.replace(/[^\x20-\x21\x23-\x5b\x5d-\x7e]/g, '?')}"`;

/** The claims API Gateway's JWT authorizer put on an HTTP API (v2) event, if it did. */
export const authorizerJwt = (event: { requestContext: unknown }): AuthInput['jwt'] =>
  (event.requestContext as { authorizer?: { jwt?: AuthInput['jwt'] } }).authorizer?.jwt;

/** RFC 6750 §3: the challenge, with the error code and a description for the token's holder. */
export function bearerRefusal(status: number, code: string, description: string, extra: Record<string, string> = {}): Refusal {
  const params = { realm: REALM, error: code, error_description: description, ...extra };
  const challenge = `Bearer ${Object.entries(params).map(([k, v]) => `${k}=${quoted(v)}`).join(', ')}`;
  return { status, error: description, headers: { 'www-authenticate': challenge } };
}

const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/** RFC 6750 §2.3 allows `access_token` in the query; we do not (it ends up in logs, histories and Referer headers). */
const hasQueryToken = (query: string): boolean => new URLSearchParams(query).has('access_token');

export function createAuthenticator(config: AuthConfig, verify: Verify = createVerifier(config)): Authenticate {
  const callerOf = async (input: AuthInput): Promise<Caller | Refusal> => {
    if (input.jwt?.claims) {
      // Verified by API Gateway's authorizer; its scopes list, when present, is what it checked.
      const scopes = input.jwt.scopes?.length ? input.jwt.scopes : undefined;
      try {
        return callerFromClaims(input.jwt.claims, config.groupsClaim, scopes ?? [...listClaim(input.jwt.claims.scope), ...listClaim(input.jwt.claims.scp)]);
      } catch (error) {
        if (error instanceof InvalidCallerError) return bearerRefusal(401, 'invalid_token', error.message);
        throw error;
      }
    }
    const header = input.headers.authorization;
    const token = header === undefined ? undefined : BEARER.exec(header)?.[1];
    if (token === undefined) return bearerRefusal(401, 'invalid_token', 'a bearer token is required (Authorization: Bearer <token>)');
    try {
      return await verify(token);
    } catch (error) {
      if (error instanceof InvalidTokenError) return bearerRefusal(401, 'invalid_token', error.message);
      if (error instanceof IssuerUnavailableError) {
        return { status: 503, error: 'the token issuer cannot be reached to check the token; try again shortly', headers: { 'retry-after': '5' } };
      }
      throw error;
    }
  };

  return async (input, scope) => {
    if (hasQueryToken(input.query)) {
      return { refusal: bearerRefusal(400, 'invalid_request', 'tokens are not accepted in the query string; send Authorization: Bearer <token>') };
    }
    const caller = await callerOf(input);
    if ('status' in caller) return { refusal: caller };
    if (!caller.scopes.includes(scope)) {
      return { refusal: bearerRefusal(403, 'insufficient_scope', `the token lacks the scope ${scope}`, { scope }) };
    }
    return { caller };
  };
}

/** `egg:read` for reads, `egg:write` for what changes anything. */
export const scopeFor = (method: string): string => (['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase()) ? READ_SCOPE : WRITE_SCOPE);
