/**
 * A development token issuer: an RS256 key pair (RSA, as API Gateway's JWT authorizer requires),
 * its JWKS and OpenID discovery document served over real HTTP, and tokens signed with it. The
 * local stack runs one (`EGG_AUTH=dev`), `npm run token` signs with its key, and the tests use
 * it as the issuer. Never part of a function bundle (its own entry point, `@egg/shared-auth/dev-issuer`).
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, SignJWT, type JWK, type JSONWebKeySet } from 'jose';

export const DEV_AUDIENCE = 'egg-economy';

export interface SigningKey {
  kid: string;
  privateJwk: JWK;
  publicJwk: JWK;
}

export async function createSigningKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  return { kid, privateJwk: { ...(await exportJWK(privateKey)), kid, alg: 'RS256' }, publicJwk: { ...publicJwk, kid, alg: 'RS256', use: 'sig' } };
}

/** The issuer's state as `npm run token` reads it back: where it is, who tokens are for, and the key. */
export interface DevIssuerFile {
  issuer: string;
  audience: string;
  key: SigningKey;
}

/** The key survives restarts (tokens stay valid across `npm start`s); the file is readable by its owner only. */
export async function loadOrCreateKey(file: string): Promise<SigningKey> {
  try {
    return (JSON.parse(fs.readFileSync(file, 'utf8')) as DevIssuerFile).key;
  } catch {
    return createSigningKey();
  }
}

export function saveIssuerFile(file: string, state: DevIssuerFile): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(state, null, 2), { mode: 0o600 });
}

export const jwksOf = (...keys: SigningKey[]): JSONWebKeySet => ({ keys: keys.map((k) => k.publicJwk) });

interface TokenClaims {
  sub?: string;
  groups?: string[];
  scope?: string;
  [claim: string]: unknown;
}

interface SignOptions {
  issuer: string;
  audience: string;
  /** Seconds from now; negative for an expired token (default one hour). */
  expiresIn?: number;
  /** Seconds from now the token becomes valid. */
  notBefore?: number;
  /** Overrides the key's id in the header. */
  kid?: string;
}

export async function signToken(key: SigningKey, claims: TokenClaims, options: SignOptions): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: options.kid ?? key.kid, typ: 'JWT' })
    .setIssuer(options.issuer)
    .setAudience(options.audience)
    .setIssuedAt(now)
    .setExpirationTime(now + (options.expiresIn ?? 3600));
  if (options.notBefore !== undefined) jwt.setNotBefore(now + options.notBefore);
  return jwt.sign(await importJWK(key.privateJwk, 'RS256'));
}

/** The paths an issuer serves: its discovery document and its JWKS. */
const DISCOVERY_PATH = '/.well-known/openid-configuration';
const JWKS_PATH = '/.well-known/jwks.json';

/** The body served at `path` under issuer `issuer`, or undefined. */
export function issuerDocument(issuer: string, keys: JSONWebKeySet, requestPath: string): unknown {
  const base = new URL(issuer).pathname.replace(/\/$/, '');
  if (requestPath === `${base}${DISCOVERY_PATH}`) return { issuer, jwks_uri: `${issuer.replace(/\/$/, '')}${JWKS_PATH}` };
  if (requestPath === `${base}${JWKS_PATH}`) return keys;
  return undefined;
}

export interface IssuerServer {
  issuer: string;
  jwksUrl: string;
  /** JWKS fetches served so far. */
  fetches(): number;
  /** Publishes another key set (rotation). */
  publish(keys: JSONWebKeySet): void;
  /** While down, every connection is cut before an answer: an issuer that cannot be reached. */
  setDown(down: boolean): void;
  close(): Promise<void>;
}

/** A real HTTP issuer on 127.0.0.1 (tests, e2e). */
export async function startIssuerServer(keys: JSONWebKeySet, port = 0): Promise<IssuerServer> {
  let published = keys;
  let down = false;
  let served = 0;
  let issuer = '';
  const server = http.createServer((req, res) => {
    if (down) return void req.socket.destroy();
    const body = issuerDocument(issuer, published, new URL(req.url ?? '/', 'http://x').pathname);
    if (body === undefined) return void res.writeHead(404).end();
    if (body === published) served++;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    jwksUrl: `${issuer}${JWKS_PATH}`,
    fetches: () => served,
    publish: (next) => void (published = next),
    setDown: (value) => void (down = value),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
