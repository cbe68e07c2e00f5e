import { describe, expect, it } from 'vitest';
import { AuthConfigError, loadAuthConfig, mayAccess, decodeCaller, encodeCaller } from './index.ts';

describe('loadAuthConfig', () => {
  it('is off without an issuer, with defaults otherwise', () => {
    expect(loadAuthConfig({})).toBeUndefined();
    expect(loadAuthConfig({ EGG_AUTH_ISSUER: 'https://id.example/', EGG_AUTH_AUDIENCE: 'egg' })).toEqual({
      issuer: 'https://id.example/',
      audience: 'egg',
      groupsClaim: 'groups',
      jwksCooldownSeconds: 30,
    });
  });

  it('names every bad value in one error', () => {
    const env = { EGG_AUTH_ISSUER: 'http://id.example', EGG_AUTH_JWKS_URL: 'nope', EGG_AUTH_JWKS_COOLDOWN_SECONDS: '-1' };
    expect(() => loadAuthConfig(env)).toThrow(AuthConfigError);
    expect(() => loadAuthConfig(env)).toThrow(
      'EGG_AUTH_ISSUER must be an https URL (http only on 127.0.0.1 or localhost), got "http://id.example"; EGG_AUTH_AUDIENCE must be set when EGG_AUTH_ISSUER is; EGG_AUTH_JWKS_URL must be a URL, got "nope"; EGG_AUTH_JWKS_COOLDOWN_SECONDS must be an integer from 0 to 3600, got "-1"',
    );
  });

  it('refuses settings without an issuer rather than silently running open', () => {
    expect(() => loadAuthConfig({ EGG_AUTH_AUDIENCE: 'egg' })).toThrow(/EGG_AUTH_ISSUER is not set, but EGG_AUTH_AUDIENCE is/);
  });
});

describe('mayAccess', () => {
  const alice = { sub: 'alice', groups: ['team-a'], scopes: ['egg:read'] };
  it('admits by subject, by group:<name>, or by "*"; nothing else, and no list admits no one', () => {
    expect(mayAccess(['alice'], alice)).toBe(true);
    expect(mayAccess(['group:team-a'], alice)).toBe(true);
    expect(mayAccess(['*'], alice)).toBe(true);
    expect(mayAccess(['team-a', 'group:alice', 'bob'], alice)).toBe(false);
    expect(mayAccess([], alice)).toBe(false);
    expect(mayAccess(undefined, alice)).toBe(false);
  });
});

describe('the caller header', () => {
  it('round-trips a caller and rejects anything that is not one', () => {
    const caller = { sub: 'ålice', groups: ['team a'], scopes: ['egg:read'] };
    expect(decodeCaller(encodeCaller(caller))).toEqual(caller);
    expect(decodeCaller(Buffer.from('{"sub":"x"}').toString('base64url'))).toBeUndefined();
    expect(decodeCaller('%%%')).toBeUndefined();
    expect(decodeCaller(undefined)).toBeUndefined();
  });
});
