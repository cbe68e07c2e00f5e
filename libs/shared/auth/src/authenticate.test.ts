import { describe, expect, it } from 'vitest';
import { createAuthenticator, InvalidTokenError, IssuerUnavailableError, type AuthConfig, type Caller } from './index.ts';

const config: AuthConfig = { issuer: 'https://issuer.example', audience: 'egg', groupsClaim: 'cognito:groups', jwksCooldownSeconds: 30 };
const reader: Caller = { sub: 'alice', groups: [], scopes: ['egg:read'] };
/** Verification itself is verifier.test.ts's; here a verifier that answers by token text. */
const authenticate = createAuthenticator(config, async (token) => {
  if (token === 'reader') return reader;
  if (token === 'down') throw new IssuerUnavailableError('down');
  if (token === 'odd') throw new InvalidTokenError('the token’s "kid" \\ is ünknown');
  throw new InvalidTokenError('the token has expired');
});
const headers = (authorization?: string) => (authorization === undefined ? {} : { authorization });

describe('createAuthenticator (RFC 6750)', () => {
  it('401 invalid_token with a challenge for a missing, foreign-scheme or bad token', async () => {
    for (const authorization of [undefined, 'Basic YWxpY2U6cHc=', 'Bearer', 'Bearer bad']) {
      const result = await authenticate({ headers: headers(authorization), query: '' }, 'egg:read');
      expect(result).toMatchObject({ refusal: { status: 401 } });
      expect('refusal' in result && result.refusal.headers['www-authenticate']).toMatch(/^Bearer realm="egg", error="invalid_token", error_description="/);
    }
  });

  it('keeps the challenge a valid header: printable ASCII, no quote or backslash inside a value', async () => {
    const result = await authenticate({ headers: headers('Bearer odd'), query: '' }, 'egg:read');
    expect('refusal' in result && result.refusal.headers['www-authenticate']).toBe(
      'Bearer realm="egg", error="invalid_token", error_description="the token?s ?kid? ? is ?nknown"',
    );
  });

  it('403 insufficient_scope naming the scope; the caller when it holds it', async () => {
    const denied = await authenticate({ headers: headers('Bearer reader'), query: '' }, 'egg:write');
    expect(denied).toMatchObject({ refusal: { status: 403, error: 'the token lacks the scope egg:write' } });
    expect('refusal' in denied && denied.refusal.headers['www-authenticate']).toContain('error="insufficient_scope"');
    expect('refusal' in denied && denied.refusal.headers['www-authenticate']).toContain('scope="egg:write"');
    expect(await authenticate({ headers: headers('bearer reader'), query: 'at=1' }, 'egg:read')).toEqual({ caller: reader });
  });

  it('400 invalid_request for a token in the query string, even beside a good header', async () => {
    const result = await authenticate({ headers: headers('Bearer reader'), query: 'access_token=reader' }, 'egg:read');
    expect(result).toMatchObject({ refusal: { status: 400 } });
    expect('refusal' in result && result.refusal.headers['www-authenticate']).toContain('error="invalid_request"');
  });

  it('503 with retry-after when the issuer cannot be reached', async () => {
    expect(await authenticate({ headers: headers('Bearer down'), query: '' }, 'egg:read')).toMatchObject({
      refusal: { status: 503, headers: { 'retry-after': '5' } },
    });
  });

  it('trusts claims API Gateway’s authorizer verified: groups in its "[a b]" form, its scopes list first', async () => {
    const jwt = { claims: { sub: 'bob', 'cognito:groups': '[team-a team-b]', scope: 'egg:read' }, scopes: ['egg:read', 'egg:write'] };
    expect(await authenticate({ headers: {}, query: '', jwt }, 'egg:write')).toEqual({
      caller: { sub: 'bob', groups: ['team-a', 'team-b'], scopes: ['egg:read', 'egg:write'] },
    });
    const claimsOnly = { claims: { sub: 'bob', scp: '[egg:read]' }, scopes: null };
    expect(await authenticate({ headers: {}, query: '', jwt: claimsOnly }, 'egg:write')).toMatchObject({ refusal: { status: 403 } });
  });
});
