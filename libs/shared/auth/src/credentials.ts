/**
 * Who a verified token says the caller is, and what a document's `authorized_tokens` must hold
 * for that caller to see it (docs/contract.md §10).
 */
export const READ_SCOPE = 'egg:read';
export const WRITE_SCOPE = 'egg:write';

/** In `authorized_tokens`: every caller with `egg:read` sees the document. Never implied, only written. */
export const PUBLIC_TOKEN = '*';
/** In `authorized_tokens`: `group:<name>` admits the members of group `<name>`. */
export const GROUP_PREFIX = 'group:';

export interface Caller {
  sub: string;
  groups: string[];
  scopes: string[];
}

/** Claims as a JWT carries them, or as API Gateway's JWT authorizer passes them on (every array flattened to "[a b]"). */
export type Claims = Record<string, unknown>;

/** A list claim: an array of strings, API Gateway's "[a b c]", or a space-separated string (OAuth's `scope`). */
export function listClaim(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string' && item !== '');
  if (typeof value !== 'string') return [];
  const text = value.trim();
  const inner = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  return inner.split(/[\s,]+/).filter((item) => item !== '');
}

export class InvalidCallerError extends Error {}

/** The caller a set of verified claims describes; a subject that could pass for a group or for everyone is refused. */
export function callerFromClaims(claims: Claims, groupsClaim: string, scopes?: string[]): Caller {
  const { sub } = claims;
  if (typeof sub !== 'string' || sub === '') throw new InvalidCallerError('the token has no subject (sub)');
  if (sub === PUBLIC_TOKEN || sub.startsWith(GROUP_PREFIX)) throw new InvalidCallerError("the token's subject is not a valid subject");
  return {
    sub,
    groups: listClaim(claims[groupsClaim]),
    scopes: scopes ?? [...new Set([...listClaim(claims.scope), ...listClaim(claims.scp)])],
  };
}

/** What in an `authorized_tokens` list admits this caller: its subject and its groups. */
export const credentialsOf = (caller: Caller): string[] => [caller.sub, ...caller.groups.map((group) => `${GROUP_PREFIX}${group}`)];

/** Whether a document with these `authorized_tokens` is visible to the caller (a missing or malformed list admits no one). */
export function mayAccess(tokens: unknown, caller: Caller): boolean {
  if (!Array.isArray(tokens)) return false;
  if (tokens.includes(PUBLIC_TOKEN)) return true;
  return credentialsOf(caller).some((credential) => tokens.includes(credential));
}
