/** Real signatures, a real JWKS over real HTTP (dev-issuer.ts): the attacks a hostile client would try. */
import { createPublicKey } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createVerifier, InvalidTokenError, IssuerUnavailableError, type AuthConfig } from './index.ts';
import { createSigningKey, jwksOf, signToken, startIssuerServer, type IssuerServer, type SigningKey } from './dev-issuer.ts';

const AUDIENCE = 'egg-test';
let key: SigningKey;
let other: SigningKey;
let server: IssuerServer;

const configOf = (over: Partial<AuthConfig> = {}): AuthConfig => ({
  issuer: server.issuer,
  audience: AUDIENCE,
  jwksUrl: server.jwksUrl,
  groupsClaim: 'groups',
  jwksCooldownSeconds: 0,
  ...over,
});
const sign = (claims: Record<string, unknown> = {}, options: Partial<Parameters<typeof signToken>[2]> = {}, by = key) =>
  signToken(by, { sub: 'alice', scope: 'egg:read', ...claims }, { issuer: server.issuer, audience: AUDIENCE, ...options });
const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => 'accepted',
    (error: Error) => `${error.name}: ${error.message}`,
  );

beforeAll(async () => {
  [key, other] = await Promise.all([createSigningKey(), createSigningKey()]);
  server = await startIssuerServer(jwksOf(key));
});
afterAll(() => server.close());
beforeEach(() => {
  server.setDown(false);
  server.publish(jwksOf(key));
});

describe('createVerifier', () => {
  it('accepts a token the issuer signed and reads the caller from it (groups as an array or API Gateway’s "[a b]")', async () => {
    const verify = createVerifier(configOf());
    expect(await verify(await sign({ groups: ['team-a', 'team-b'], scope: 'egg:read egg:write' }))).toEqual({
      sub: 'alice',
      groups: ['team-a', 'team-b'],
      scopes: ['egg:read', 'egg:write'],
    });
    expect((await verify(await sign({ groups: '[team-a team-b]', scope: undefined, scp: ['egg:write'] }))).groups).toEqual(['team-a', 'team-b']);
  });

  it('refuses alg none, HS256 signed with the public key, and a payload edited after signing', async () => {
    const verify = createVerifier(configOf());
    const good = await sign();
    const [header, , signature] = good.split('.');
    const claims = { sub: 'mallory', scope: 'egg:read egg:write', iss: server.issuer, aud: AUDIENCE, exp: Math.floor(Date.now() / 1000) + 60 };
    expect(await refusal(verify(`${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`))).toMatch(/InvalidTokenError/);
    const publicPem = createPublicKey({ key: key.publicJwk as never, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
    const hs = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256', kid: key.kid }).sign(Buffer.from(publicPem));
    expect(await refusal(verify(hs))).toBe("InvalidTokenError: the token's algorithm is not accepted (asymmetric signatures only)");
    expect(await refusal(verify(`${header}.${b64(claims)}.${signature}`))).toBe("InvalidTokenError: the token's signature does not verify");
    expect(await refusal(verify(`${good}x`))).toMatch(/InvalidTokenError/);
    expect(await refusal(verify('not-a-jwt'))).toBe('InvalidTokenError: the token is malformed');
  });

  it('checks exp (required), nbf, iss and aud, with a small clock skew', async () => {
    const verify = createVerifier(configOf());
    expect(await refusal(verify(await sign({}, { expiresIn: -120 })))).toBe('InvalidTokenError: the token has expired');
    expect(await refusal(verify(await sign({}, { expiresIn: -5 })))).toBe('accepted'); // within the skew
    expect(await refusal(verify(await sign({}, { notBefore: 300 })))).toBe('InvalidTokenError: the token is not valid yet');
    expect(await refusal(verify(await sign({}, { issuer: 'https://elsewhere.example' })))).toBe("InvalidTokenError: the token's iss is not accepted here");
    expect(await refusal(verify(await sign({}, { audience: 'another-api' })))).toBe("InvalidTokenError: the token's aud is not accepted here");
    const noExp = await new SignJWT({ sub: 'alice', scope: 'egg:read' })
      .setProtectedHeader({ alg: 'RS256', kid: key.kid })
      .setIssuer(server.issuer)
      .setAudience(AUDIENCE)
      .sign(await import('jose').then((jose) => jose.importJWK(key.privateJwk, 'RS256')));
    expect(await refusal(verify(noExp))).toBe('InvalidTokenError: the token has no expiry (exp)');
    expect(await refusal(verify(await sign({ sub: 'group:team-a' })))).toMatch(/not a valid subject/);
  });

  it('fetches the JWKS once, lazily, and again only for an unknown kid (at most once per cooldown)', async () => {
    const before = server.fetches();
    const verify = createVerifier(configOf({ jwksCooldownSeconds: 3600 }));
    expect(server.fetches()).toBe(before);
    await verify(await sign());
    await verify(await sign());
    expect(server.fetches()).toBe(before + 1);
    // Within the cooldown a token with an unknown kid is refused without asking the issuer again.
    expect(await refusal(verify(await sign({}, {}, other)))).toBe('InvalidTokenError: the token was signed with a key the issuer does not publish');
    expect(server.fetches()).toBe(before + 1);
  });

  it('picks up a rotated key on its first token and refuses a kid the issuer does not publish', async () => {
    const verify = createVerifier(configOf());
    await verify(await sign());
    server.publish(jwksOf(key, other));
    expect((await verify(await sign({ sub: 'bob' }, {}, other))).sub).toBe('bob');
    expect(await refusal(verify(await sign({}, { kid: 'no-such-key' })))).toMatch(/does not publish/);
  });

  it('finds the JWKS through the issuer’s OpenID discovery document when no URL is configured', async () => {
    const verify = createVerifier(configOf({ jwksUrl: undefined }));
    expect((await verify(await sign())).sub).toBe('alice');
  });

  it('an issuer that cannot be reached is IssuerUnavailableError with no key cached, and cached keys still verify', async () => {
    server.setDown(true);
    const cold = createVerifier(configOf());
    expect(await refusal(cold(await sign()))).toBe('IssuerUnavailableError: the token issuer could not be reached');
    server.setDown(false);
    const warm = createVerifier(configOf());
    await warm(await sign());
    server.setDown(true);
    expect((await warm(await sign({ sub: 'carol' }))).sub).toBe('carol');
    // A key it does not hold cannot be fetched: unavailable, not invalid.
    await expect(warm(await sign({}, {}, other))).rejects.toBeInstanceOf(IssuerUnavailableError);
    await expect(cold(await sign())).rejects.not.toBeInstanceOf(InvalidTokenError);
  });
});
