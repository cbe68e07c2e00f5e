/**
 * The gateway tells a subgraph who the caller is in {@link CALLER_HEADER}. A function believes it
 * only on a request the transport marks as the gateway's (the authorizer-context marker of
 * @egg/shared-contract), which no client can set; anyone else's copy of the header is ignored.
 */
import type { Caller } from './credentials.ts';

export const CALLER_HEADER = 'x-egg-caller';

/** base64url JSON: a subject or group may hold characters a header value cannot. */
export const encodeCaller = (caller: Caller): string =>
  Buffer.from(JSON.stringify({ sub: caller.sub, groups: caller.groups, scopes: caller.scopes })).toString('base64url');

const strings = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');

/** The caller the header names, or undefined when it is absent or not one. */
export function decodeCaller(value: string | undefined): Caller | undefined {
  if (!value) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as Partial<Caller>;
    if (typeof parsed.sub !== 'string' || parsed.sub === '' || !strings(parsed.groups) || !strings(parsed.scopes)) return undefined;
    return { sub: parsed.sub, groups: parsed.groups, scopes: parsed.scopes };
  } catch {
    return undefined;
  }
}
