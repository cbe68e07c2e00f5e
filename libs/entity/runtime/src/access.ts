/**
 * Who may see and change a document (docs/contract.md §10). A document carries the credentials
 * that admit a caller in `authorized_tokens` (a subject, `group:<name>`, or `*` for every
 * reader) and who wrote its version in `created_by`; both live in the stored payload. A
 * document the caller may not see does not exist for it: reads skip it and writes answer 404.
 * Without a caller (auth off) nothing is filtered.
 */
import { credentialsOf, mayAccess, PUBLIC_TOKEN, type Caller } from '@egg/shared-auth';
import type { ErrorDetail } from '@egg/shared-contract';
import type { Envelope, Payload } from '@egg/storage-core';

export const AUTHORIZED_TOKENS = 'authorized_tokens';
export const CREATED_BY = 'created_by';

const MAX_TOKENS = 100;
const MAX_TOKEN_LENGTH = 256;

/** The read filter for this caller, or none when auth is off. */
export const visibleTo = (caller: Caller | undefined): ((row: Envelope) => boolean) | undefined =>
  caller && ((row) => mayAccess(row.payload[AUTHORIZED_TOKENS], caller));

export const mayRead = (row: Envelope | undefined, caller: Caller | undefined): row is Envelope =>
  row !== undefined && (!caller || mayAccess(row.payload[AUTHORIZED_TOKENS], caller));

/** Problems of a body's `authorized_tokens`; a list must admit its writer, so no one writes what it cannot see. */
export function tokensProblems(value: unknown, caller: Caller | undefined): ErrorDetail[] {
  const path = `/${AUTHORIZED_TOKENS}`;
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_TOKENS) {
    return [{ path, message: `must be a list of 1 to ${MAX_TOKENS} strings` }];
  }
  const bad = value.findIndex((t) => typeof t !== 'string' || t === '' || t.length > MAX_TOKEN_LENGTH);
  if (bad >= 0) return [{ path: `${path}/${bad}`, message: `must be a string of 1 to ${MAX_TOKEN_LENGTH} characters` }];
  if (new Set(value).size !== value.length) return [{ path, message: 'must not repeat a token' }];
  if (caller && !credentialsOf(caller).some((credential) => value.includes(credential))) {
    return [{ path, message: `must include one of your own credentials (${credentialsOf(caller).join(', ')}); "${PUBLIC_TOKEN}" alone does not count` }];
  }
  return [];
}

/**
 * The payload to store: the body's fields, its `authorized_tokens` (else the previous version's,
 * else the writer alone) and the writer. Without a caller, a list given is kept and none is made up.
 */
export function storedPayload(fields: Payload, tokens: unknown, previous: Payload | undefined, caller: Caller | undefined): Payload {
  const authorized = tokens ?? previous?.[AUTHORIZED_TOKENS] ?? (caller ? [caller.sub] : undefined);
  return {
    ...fields,
    ...(authorized !== undefined ? { [AUTHORIZED_TOKENS]: authorized } : {}),
    ...(caller ? { [CREATED_BY]: caller.sub } : {}),
  };
}
