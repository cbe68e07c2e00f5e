/**
 * Auth as a hostile client meets it, on a stack of the test's own that trusts an issuer this test
 * runs (real RS256 signatures, its JWKS over real HTTP; the issuer is taken down mid-test). Then
 * two subjects and a group over every path: REST, GraphQL by id, lists and paging, lookups, joins
 * both ways (the gateway's `_entities`), time travel. Runs in both passes (file log, Kafka).
 */
import { createPublicKey } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCaller } from '@egg/shared-auth';
import { createSigningKey, jwksOf, signToken, startIssuerServer, type IssuerServer, type SigningKey } from '@egg/shared-auth/dev-issuer';
import { requestAt, type Reply } from './client.ts';
import { startStack, type RunningStack } from './stack.ts';

const AUDIENCE = 'egg-e2e';
let issuer: IssuerServer;
let key: SigningKey;
let stack: RunningStack;
let dataDir: string;
const tokens: Record<string, string> = {};

const sign = (claims: Record<string, unknown>, options: Partial<Parameters<typeof signToken>[2]> = {}, by = key) =>
  signToken(by, { sub: 'alice', scope: 'egg:read egg:write', ...claims }, { issuer: issuer.issuer, audience: AUDIENCE, ...options });
const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** A request as `who` (a name in `tokens`), or with the headers given. */
const as = (who: string | Record<string, string>, method: string, url: string, body?: unknown): Promise<Reply> =>
  requestAt(stack.baseUrl, method, url, body, typeof who === 'string' ? bearer(tokens[who]) : who);
const query = async (who: string, text: string) => {
  const reply = await as(who, 'POST', '/graphql', { query: text });
  expect(reply.body.errors, JSON.stringify(reply.body.errors)).toBeUndefined();
  return reply.body.data;
};
const names = (rows: { name: string }[]) => rows.map((r) => r.name);

beforeAll(async () => {
  key = await createSigningKey();
  issuer = await startIssuerServer(jwksOf(key));
  Object.assign(tokens, {
    alice: await sign({ sub: 'alice', groups: ['team-a'] }),
    bob: await sign({ sub: 'bob' }),
    carol: await sign({ sub: 'carol', groups: ['team-a'], scope: 'egg:read' }),
  });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'egg-e2e-auth-'));
  stack = await startStack({
    dataDir,
    instances: 1,
    env: {
      SKIP_BUILD: '1',
      EGG_AUTH_ISSUER: issuer.issuer,
      EGG_AUTH_AUDIENCE: AUDIENCE,
      EGG_AUTH_JWKS_URL: issuer.jwksUrl,
      // Every unknown kid asks the issuer again, so the outage below is met on the first token.
      EGG_AUTH_JWKS_COOLDOWN_SECONDS: '0',
    },
  });
});
afterAll(async () => {
  await stack?.stop();
  await issuer?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('a hostile client', () => {
  const paths: [string, string, unknown][] = [
    ['GET', '/farm/api', undefined],
    ['POST', '/farm/api', { name: 'x', farm_type: 'homestead', zone: 'z' }],
    ['POST', '/farm/graph', { query: '{ farms { id } }' }],
    ['POST', '/graphql', { query: '{ farms { id } }' }],
  ];
  const refusedEverywhere = async (headers: Record<string, string>, status: number, error: RegExp) => {
    for (const [method, url, body] of paths) {
      const reply = await as(headers, method, url, body);
      expect(reply.status, `${method} ${url}: ${JSON.stringify(reply.body)}`).toBe(status);
      expect(reply.body.error).toMatch(error);
      if (status === 401) expect(reply.headers.get('www-authenticate')).toMatch(/^Bearer realm="egg", error="invalid_token"/);
    }
  };

  it('is told the stack is up with auth on, and its probes and documents need no token', async () => {
    expect(stack.output()).toContain(`auth: tokens from ${issuer.issuer}`);
    for (const url of ['/farm/health', '/farm/ready', '/graphql/health', '/graphql/ready', '/farm/api/openapi.json', '/openapi.json']) {
      expect((await requestAt(stack.baseUrl, 'GET', url)).status, url).toBe(200);
    }
  });

  it('gets 401 with no token, alg none, HS256 signed with the public key, and a payload edited after signing', async () => {
    await refusedEverywhere({}, 401, /bearer token is required/);
    const claims = { sub: 'mallory', scope: 'egg:read egg:write', iss: issuer.issuer, aud: AUDIENCE, exp: Math.floor(Date.now() / 1000) + 600 };
    await refusedEverywhere(bearer(`${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`), 401, /algorithm is not accepted/);
    const publicPem = createPublicKey({ key: key.publicJwk as never, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
    const hs256 = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256', kid: key.kid }).sign(Buffer.from(publicPem));
    await refusedEverywhere(bearer(hs256), 401, /algorithm is not accepted/);
    const [header, , signature] = tokens.alice.split('.');
    await refusedEverywhere(bearer(`${header}.${b64({ ...claims, sub: 'alice' })}.${signature}`), 401, /signature does not verify/);
  });

  it('gets 401 for expired, not yet valid, wrong issuer, wrong audience and unknown key', async () => {
    await refusedEverywhere(bearer(await sign({}, { expiresIn: -600 })), 401, /expired/);
    await refusedEverywhere(bearer(await sign({}, { notBefore: 600 })), 401, /not valid yet/);
    await refusedEverywhere(bearer(await sign({}, { issuer: 'https://evil.example' })), 401, /iss is not accepted/);
    await refusedEverywhere(bearer(await sign({}, { audience: 'another-api' })), 401, /aud is not accepted/);
    await refusedEverywhere(bearer(await sign({}, {}, await createSigningKey())), 401, /key the issuer does not publish/);
  });

  it('gets 400 for a token in the query string, 403 without the scope', async () => {
    for (const url of [`/farm/api?access_token=${tokens.alice}`, `/graphql?access_token=${tokens.alice}`]) {
      const reply = await requestAt(stack.baseUrl, url.startsWith('/graphql') ? 'POST' : 'GET', url, url.startsWith('/graphql') ? { query: '{ farms { id } }' } : undefined);
      expect(reply.status, url).toBe(400);
      expect(reply.headers.get('www-authenticate')).toContain('error="invalid_request"');
    }
    const denied = await as('carol', 'POST', '/farm/api', { name: 'x', farm_type: 'homestead', zone: 'z' });
    expect(denied.status).toBe(403);
    expect(denied.headers.get('www-authenticate')).toContain('error="insufficient_scope", error_description="the token lacks the scope egg:write", scope="egg:write"');
  });

  it('gets 503 (not 401) while the issuer is down and its key is not cached; keys already fetched keep working', async () => {
    const rotated = await createSigningKey();
    const unseen = await sign({}, {}, rotated);
    issuer.setDown(true);
    try {
      await refusedEverywhere(bearer(unseen), 503, /issuer cannot be reached/);
      expect((await as('alice', 'GET', '/farm/api')).status).toBe(200);
    } finally {
      issuer.setDown(false);
    }
    issuer.publish(jwksOf(key, rotated));
    expect((await as(bearer(unseen), 'GET', '/farm/api')).status).toBe(200);
  });
});

describe('two subjects and a group, over every path', () => {
  const farm = (name: string, extra: Record<string, unknown> = {}) => ({ name, farm_type: 'homestead', zone: 'acl', ...extra });
  let a: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  let team: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  let b: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  let open: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const coops: Record<string, string> = {};
  let beforeShare = 0;

  beforeAll(async () => {
    const created = async (who: string, entity: string, body: unknown) => {
      const reply = await as(who, 'POST', `/${entity}/api`, body);
      expect(reply.status, JSON.stringify(reply.body)).toBe(201);
      return reply.body;
    };
    a = await created('alice', 'farm', farm('A'));
    team = await created('alice', 'farm', farm('Team', { authorized_tokens: ['alice', 'group:team-a'] }));
    b = await created('bob', 'farm', farm('B'));
    open = await created('alice', 'farm', farm('Open', { authorized_tokens: ['alice', '*'] }));
    coops.alices = (await created('alice', 'coop', { name: 'alice coop', farm_id: a.id, capacity: 5, coop_type: 'barn' })).id;
    coops.bobsOnA = (await created('bob', 'coop', { name: 'bob coop on A', farm_id: a.id, capacity: 5, coop_type: 'barn' })).id;
    beforeShare = Date.now();
    while (Date.now() === beforeShare) await new Promise((resolve) => setTimeout(resolve, 1));
    const shared = await as('bob', 'PUT', `/farm/api/${b.id}`, { ...farm('B'), authorized_tokens: ['bob', 'alice'] });
    expect(shared.status).toBe(200);
  });

  it('REST: each caller reads, lists and pages exactly its documents; others’ are 404 to GET, PUT and DELETE', async () => {
    expect(a).toMatchObject({ created_by: 'alice', authorized_tokens: ['alice'] });
    for (const method of ['GET', 'PUT', 'DELETE']) {
      expect((await as('bob', method, `/farm/api/${a.id}`, method === 'PUT' ? farm('Taken') : undefined)).status, method).toBe(404);
    }
    expect((await as('carol', 'GET', `/farm/api/${team.id}`)).status).toBe(200);
    expect((await as('carol', 'GET', `/farm/api/${a.id}`)).status).toBe(404);
    const listed = async (who: string) => names((await as(who, 'GET', '/farm/api')).body);
    expect(await listed('alice')).toEqual(['A', 'Team', 'B', 'Open']);
    expect(await listed('bob')).toEqual(['B', 'Open']);
    expect(await listed('carol')).toEqual(['Team', 'Open']);
    const pages: string[] = [];
    for (let after = ''; ; ) {
      const page = (await as('bob', 'GET', `/farm/api?limit=1${after}`)).body;
      if (page.length === 0) break;
      pages.push(...names(page));
      after = `&after=${page[0].id}`;
    }
    expect(pages).toEqual(['B', 'Open']);
  });

  it('GraphQL: by id null, lists and lookups skip, one-joins null, list-joins omit, through the gateway', async () => {
    expect(await query('bob', `{ farm(id: "${a.id}") { name } farms(limit: 1, after: "${b.id}") { name } farmsByZone(zone: "acl") { name created_by } }`)).toEqual({
      farm: null,
      farms: [{ name: 'Open' }],
      farmsByZone: [{ name: 'B', created_by: 'bob' }, { name: 'Open', created_by: 'alice' }],
    });
    // Coop.farm resolves in the farm subgraph by _entities: bob's coop sits on alice's farm, which bob cannot see.
    expect(await query('bob', `{ coop(id: "${coops.bobsOnA}") { name farm { name } } }`)).toEqual({ coop: { name: 'bob coop on A', farm: null } });
    // Farm.coops resolves in the coop subgraph by _entities: alice sees her coop, not bob's on her farm.
    expect(await query('alice', `{ farm(id: "${a.id}") { coops { name farm { name } } } }`)).toEqual({
      farm: { coops: [{ name: 'alice coop', farm: { name: 'A' } }] },
    });
    expect(await query('carol', `{ farms { name authorized_tokens } }`)).toEqual({
      farms: [{ name: 'Team', authorized_tokens: ['alice', 'group:team-a'] }, { name: 'Open', authorized_tokens: ['alice', '*'] }],
    });
  });

  it('time travel: a caller sees what it could see at that instant', async () => {
    expect(await query('alice', `{ farm(id: "${b.id}", at: ${beforeShare}) { name } now: farm(id: "${b.id}") { name } }`)).toEqual({
      farm: null,
      now: { name: 'B' },
    });
    expect((await as('alice', 'GET', `/farm/api/${b.id}?at=${beforeShare}`)).status).toBe(404);
    expect(names((await as('alice', 'GET', `/farm/api?at=${beforeShare}`)).body)).toEqual(['A', 'Team', 'Open']);
  });

  it('projections: each caller sees the projection of exactly the subjects it may see, then and now', async () => {
    for (const method of ['GET', 'HEAD']) expect((await as('bob', method, `/farm_output/api/${a.id}`)).status, method).toBe(404);
    expect((await as('alice', 'GET', `/farm_output/api/${a.id}`)).body).toMatchObject({ farm_id: a.id, authorized_tokens: ['alice'] });
    const outputs = async (who: string) => (await as(who, 'GET', '/farm_output/api')).body.map((row: { farm_id: string }) => row.farm_id);
    expect(await outputs('carol')).toEqual([team.id, open.id]);
    expect(await outputs('bob')).toEqual([b.id, open.id]);
    expect(await query('bob', `{ farmOutput(id: "${a.id}") { farm_id } farmOutputsByFarmId(farm_id: "${a.id}") { farm_id } }`)).toEqual({
      farmOutput: null,
      farmOutputsByFarmId: [],
    });
    // Farm.farmOutput resolves in the farm_output subgraph by _entities; FarmOutput.farm back in the farm subgraph.
    expect(await query('alice', `{ farm(id: "${b.id}") { farmOutput { farm { name } } } then: farmOutput(id: "${b.id}", at: ${beforeShare}) { farm_id } }`)).toEqual({
      farm: { farmOutput: [{ farm: { name: 'B' } }] },
      then: null,
    });
  });

  it('a subgraph believes a caller header only from the gateway, and _entities stays the gateway’s', async () => {
    const forged = { ...bearer(tokens.bob), 'x-egg-caller': encodeCaller({ sub: 'alice', groups: [], scopes: ['egg:read'] }) };
    const direct = await as(forged, 'POST', '/farm/graph', { query: `{ farm(id: "${a.id}") { name } }` });
    expect(direct.body).toEqual({ data: { farm: null } });
    const entities = await as('alice', 'POST', '/farm/graph', {
      query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Farm { name } } }',
      variables: { r: [{ __typename: 'Farm', id: a.id, asOf: Date.now() }] },
    });
    expect(entities.status).toBe(403);
  });
});
