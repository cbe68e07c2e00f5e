/** The gateway verifies the token itself (a real issuer's JWKS over HTTP) and tells the subgraphs who asks. */
import { loadGraphLimits } from '@egg/shared-graph-limits';
import { decodeCaller } from '@egg/shared-auth';
import { createSigningKey, jwksOf, signToken, startIssuerServer, type IssuerServer, type SigningKey } from '@egg/shared-auth/dev-issuer';
import { lambdaContext, lambdaEvent } from '@egg/shared-testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeSubgraphs, type FakeSubgraphs } from '../test/fake-subgraphs.ts';
import { createGatewayHandler } from './handler.ts';

let subgraphs: FakeSubgraphs;
let issuer: IssuerServer;
let key: SigningKey;
let handler: ReturnType<typeof createGatewayHandler>;

beforeAll(async () => {
  [subgraphs, key] = await Promise.all([startFakeSubgraphs(), createSigningKey()]);
  issuer = await startIssuerServer(jwksOf(key));
  handler = createGatewayHandler(subgraphs.supergraphSdl, {
    subgraphUrls: subgraphs.urls,
    introspection: false,
    limits: loadGraphLimits({}),
    maxBodyBytes: 2_000,
    maxResponseBytes: 10_000,
    timeoutMs: 5_000,
    subgraphMaxBodyBytes: 262_144,
    maxHeaderBytes: 8_000,
    cors: { origins: [] },
    auth: { issuer: issuer.issuer, audience: 'egg', jwksUrl: issuer.jwksUrl, groupsClaim: 'groups', jwksCooldownSeconds: 30 },
  });
});
afterAll(async () => Promise.all([subgraphs.close(), issuer.close()]));
beforeEach(() => {
  subgraphs.callers.length = 0;
});

const ask = async (authorization?: string, path = '/graphql') => {
  const body = JSON.stringify({ query: '{ farm(id: "f1") { name coops { id } } }' });
  const headers = { 'content-type': 'application/json', host: 'localhost', ...(authorization ? { authorization } : {}) };
  const result = await handler(lambdaEvent({ method: 'POST', path, body, headers }), lambdaContext());
  return { status: result.statusCode, headers: result.headers ?? {}, body: JSON.parse(result.body ?? '{}') };
};

describe('gateway auth', () => {
  it('refuses a missing or bad token before any subgraph is asked', async () => {
    const none = await ask();
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toContain('error="invalid_token"');
    const expired = await signToken(key, { sub: 'alice', scope: 'egg:read' }, { issuer: issuer.issuer, audience: 'egg', expiresIn: -600 });
    expect((await ask(`Bearer ${expired}`)).body).toEqual({ error: 'the token has expired' });
    const writeOnly = await signToken(key, { sub: 'alice', scope: 'egg:write' }, { issuer: issuer.issuer, audience: 'egg' });
    expect((await ask(`Bearer ${writeOnly}`)).status).toBe(403);
    expect(subgraphs.callers).toEqual([]);
  });

  it('passes the verified caller to every subgraph it asks', async () => {
    const token = await signToken(key, { sub: 'alice', scope: 'egg:read', groups: ['team-a'] }, { issuer: issuer.issuer, audience: 'egg' });
    const answer = await ask(`Bearer ${token}`);
    expect(answer.status).toBe(200);
    expect(subgraphs.callers).toHaveLength(2);
    for (const header of subgraphs.callers) expect(decodeCaller(header)).toEqual({ sub: 'alice', groups: ['team-a'], scopes: ['egg:read'] });
  });

  it('answers its probes without a token', async () => {
    const result = await handler(lambdaEvent({ method: 'GET', path: '/graphql/health' }), lambdaContext());
    expect(result.statusCode).toBe(200);
  });
});
