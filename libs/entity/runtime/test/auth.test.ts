/**
 * Auth at an entity function's edge, through its Lambda handler, with tokens a real issuer signed
 * and its JWKS served over HTTP: who may call, and that a document the caller may not see does not
 * exist for it on any path. (The hostile-token matrix is shared-auth's and the e2e suite's.)
 */
import { httpApiEvent } from '@egg/shared-contract';
import { captureLogs } from '@egg/shared-testing-logs';
import { encodeCaller } from '@egg/shared-auth';
import { createSigningKey, jwksOf, signToken, startIssuerServer, type IssuerServer, type SigningKey } from '@egg/shared-auth/dev-issuer';
import { MemoryEventLog } from '@egg/storage-core';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEntityHandler, type EntityHandler } from '../src/index.ts';
import { garden, gardenSign } from './fixtures.ts';

const AUDIENCE = 'egg-test';
const context = { awsRequestId: 'auth-test' } as Context;
let issuer: IssuerServer;
let key: SigningKey;
let handler: EntityHandler;
let signs: EntityHandler;
const tokens: Record<string, string> = {};

const call = async (who: string | undefined, method: string, path: string, body?: unknown, extra: Parameters<typeof httpApiEvent>[0] = { method, path }) => {
  const [pathname, query] = path.split('?');
  const result = await (pathname.startsWith('/garden_sign/') ? signs : handler)(
    httpApiEvent({
      ...extra,
      method,
      path: pathname,
      query,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(who ? { authorization: `Bearer ${tokens[who]}` } : {}), ...extra.headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }),
    context,
  );
  return { status: result.statusCode, headers: result.headers ?? {}, body: JSON.parse(result.body ?? 'null') };
};
const graph = (who: string, query: string) => call(who, 'POST', '/garden/graph', { query });
const plot = (name: string, extra: Record<string, unknown> = {}) => ({ name, garden_type: 'allotment', zone: 'north', ...extra });

beforeAll(async () => {
  key = await createSigningKey();
  issuer = await startIssuerServer(jwksOf(key));
  const sign = (sub: string, scope: string, groups: string[] = []) => signToken(key, { sub, scope, groups }, { issuer: issuer.issuer, audience: AUDIENCE });
  Object.assign(tokens, {
    alice: await sign('alice', 'egg:read egg:write', ['team-a']),
    bob: await sign('bob', 'egg:read egg:write'),
    carol: await sign('carol', 'egg:read', ['team-a']),
    dave: await sign('dave', 'egg:write'),
  });
});
afterAll(() => issuer.close());
beforeEach(() => {
  captureLogs();
  const env = { EGG_AUTH_ISSUER: issuer.issuer, EGG_AUTH_AUDIENCE: AUDIENCE, EGG_AUTH_JWKS_URL: issuer.jwksUrl };
  const log = new MemoryEventLog();
  handler = createEntityHandler(garden, { env, openLog: async () => log });
  signs = createEntityHandler(gardenSign, { env, openLog: async () => log });
});

describe('who may call', () => {
  it('probes and the OpenAPI document need no token; everything else does, with RFC 6750 answers', async () => {
    expect((await call(undefined, 'GET', '/garden/health')).status).toBe(200);
    expect((await call(undefined, 'GET', '/garden/ready')).status).toBe(200);
    expect((await call(undefined, 'GET', '/garden/api/openapi.json')).status).toBe(200);
    const none = await call(undefined, 'GET', '/garden/api');
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toMatch(/^Bearer realm="egg", error="invalid_token"/);
    expect((await call(undefined, 'POST', '/garden/graph', { query: '{ gardens { id } }' })).status).toBe(401);
    const readOnly = await call('carol', 'POST', '/garden/api', plot('x'));
    expect(readOnly).toMatchObject({ status: 403, body: { error: 'the token lacks the scope egg:write' } });
    expect((await call('dave', 'GET', '/garden/api')).status).toBe(403);
    expect((await call('dave', 'POST', '/garden/graph', { query: '{ gardens { id } }' })).status).toBe(403);
    expect((await call('alice', 'GET', `/garden/api?access_token=${tokens.alice}`)).status).toBe(400);
  });

  it('trusts the claims of API Gateway’s JWT authorizer, and a gateway caller only on the gateway’s own calls', async () => {
    const viaAuthorizer = httpApiEvent({ method: 'GET', path: '/garden/api' });
    (viaAuthorizer.requestContext as unknown as Record<string, unknown>).authorizer = {
      jwt: { claims: { sub: 'erin', groups: '[team-b]' }, scopes: ['egg:read'] },
    };
    expect((await handler(viaAuthorizer, context)).statusCode).toBe(200);
    const forged = { 'x-egg-caller': encodeCaller({ sub: 'alice', groups: [], scopes: ['egg:read'] }) };
    expect((await call(undefined, 'POST', '/garden/graph', { query: '{ gardens { id } }' }, { method: 'POST', path: '', headers: forged })).status).toBe(401);
    const fromGateway = await call(undefined, 'POST', '/garden/graph', { query: '{ gardens { id } }' }, { method: 'POST', path: '', headers: forged, fromGateway: true });
    expect(fromGateway).toMatchObject({ status: 200, body: { data: { gardens: [] } } });
    const gatewayWithoutCaller = await call(undefined, 'POST', '/garden/graph', { query: '{ gardens { id } }' }, { method: 'POST', path: '', fromGateway: true });
    expect(gatewayWithoutCaller.status).toBe(401);
  });
});

describe('documents', () => {
  it('a new document is its writer’s alone, records who wrote each version, and is 404 to anyone else on every REST path', async () => {
    const created = await call('alice', 'POST', '/garden/api', plot('Mine'));
    expect(created).toMatchObject({ status: 201, body: { authorized_tokens: ['alice'], created_by: 'alice' } });
    const id = created.body.id as string;
    expect((await call('bob', 'GET', `/garden/api/${id}`)).status).toBe(404);
    expect((await call('bob', 'PUT', `/garden/api/${id}`, plot('Stolen'))).status).toBe(404);
    expect((await call('bob', 'DELETE', `/garden/api/${id}`)).status).toBe(404);
    expect((await call('bob', 'GET', '/garden/api')).body).toEqual([]);
    expect((await call('alice', 'GET', `/garden/api/${id}`)).body.name).toBe('Mine');
    expect((await graph('bob', `{ garden(id: "${id}") { id } gardens { id } gardensByZone(zone: "north") { id } }`)).body).toEqual({
      data: { garden: null, gardens: [], gardensByZone: [] },
    });
    expect((await graph('alice', `{ garden(id: "${id}") { created_by authorized_tokens } }`)).body.data.garden).toEqual({
      created_by: 'alice',
      authorized_tokens: ['alice'],
    });
  });

  it('shares with a group (group:<name>) and with every reader only when "*" is written, never by accident', async () => {
    const shared = await call('alice', 'POST', '/garden/api', plot('Team', { authorized_tokens: ['alice', 'group:team-a'] }));
    expect(shared.status).toBe(201);
    expect((await call('carol', 'GET', `/garden/api/${shared.body.id}`)).status).toBe(200);
    expect((await call('bob', 'GET', `/garden/api/${shared.body.id}`)).status).toBe(404);
    const open = await call('alice', 'POST', '/garden/api', plot('Open', { authorized_tokens: ['alice', '*'] }));
    expect((await call('bob', 'GET', `/garden/api/${open.body.id}`)).status).toBe(200);
    // A list that would not admit its writer, an empty one, or "*" alone: refused, nothing written.
    for (const list of [['bob'], [], ['*'], 'alice', ['alice', 'alice']]) {
      expect((await call('alice', 'POST', '/garden/api', plot('Bad', { authorized_tokens: list }))).status).toBe(400);
    }
    expect((await call('alice', 'GET', '/garden/api')).body.map((g: { name: string }) => g.name)).toEqual(['Team', 'Open']);
  });

  it('only who may see a document may change it, its list of tokens included; a replace keeps the list unless it sends one', async () => {
    const doc = (await call('alice', 'POST', '/garden/api', plot('Shared', { authorized_tokens: ['alice', 'bob'] }))).body;
    const replaced = await call('bob', 'PUT', `/garden/api/${doc.id}`, plot('Edited'));
    expect(replaced.body).toMatchObject({ name: 'Edited', authorized_tokens: ['alice', 'bob'], created_by: 'bob' });
    expect((await call('bob', 'PUT', `/garden/api/${doc.id}`, plot('Mine now', { authorized_tokens: ['alice'] }))).status).toBe(400);
    expect((await call('alice', 'PUT', `/garden/api/${doc.id}`, plot('Back', { authorized_tokens: ['alice'] }))).status).toBe(200);
    expect((await call('bob', 'GET', `/garden/api/${doc.id}`)).status).toBe(404);
    // Time travel shows each caller the versions it could see then.
    const at = replaced.body.created_at as number;
    expect((await call('bob', 'GET', `/garden/api/${doc.id}?at=${at}`)).body.name).toBe('Edited');
    expect((await call('alice', 'DELETE', `/garden/api/${doc.id}`)).status).toBe(200);
  });

  it('pages stay full and exact when others’ documents sit between the caller’s', async () => {
    const mine: string[] = [];
    // Creation order is by millisecond, then by partition (storage-core): each create gets its own.
    const nextMs = async () => {
      const now = Date.now();
      while (Date.now() === now) await new Promise((resolve) => setImmediate(resolve));
    };
    for (let i = 0; i < 5; i++) {
      await call('bob', 'POST', '/garden/api', plot(`b${i}`));
      await nextMs();
      mine.push((await call('alice', 'POST', '/garden/api', plot(`a${i}`))).body.id);
      await nextMs();
    }
    const first = await call('alice', 'GET', '/garden/api?limit=2');
    const second = await call('alice', 'GET', `/garden/api?limit=2&after=${first.body[1].id}`);
    const third = await call('alice', 'GET', `/garden/api?limit=2&after=${second.body[1].id}`);
    expect([...first.body, ...second.body, ...third.body].map((g: { id: string }) => g.id)).toEqual(mine);
    const bobs = (await call('bob', 'GET', '/garden/api?limit=1')).body[0].id;
    // Paging after a document the caller cannot see says what paging after an unknown id says.
    expect(await call('alice', 'GET', `/garden/api?after=${bobs}`)).toMatchObject({ status: 400, body: { error: `after: no garden with id ${bobs}` } });
    const page = await graph('alice', `{ gardens(limit: 2, after: "${first.body[1].id}") { name } }`);
    expect(page.body.data.gardens).toEqual([{ name: 'a2' }, { name: 'a3' }]);
  });

  it('a projection is visible exactly to whoever may see its subject, at every instant and on every path', async () => {
    const mine = (await call('alice', 'POST', '/garden/api', plot('Mine'))).body;
    const team = (await call('alice', 'POST', '/garden/api', plot('Team', { authorized_tokens: ['alice', 'group:team-a'] }))).body;
    const bobs = (await call('bob', 'POST', '/garden/api', plot('Bob’s'))).body;
    const names = (rows: { garden_id: string }[]) => rows.map((row) => row.garden_id);
    expect((await call('alice', 'GET', `/garden_sign/api/${mine.id}`)).body).toMatchObject({ letters: 4, authorized_tokens: ['alice'] });
    expect((await call('carol', 'GET', `/garden_sign/api/${mine.id}`)).status).toBe(404);
    expect((await call('carol', 'GET', `/garden_sign/api/${team.id}`)).status).toBe(200);
    expect(names((await call('carol', 'GET', '/garden_sign/api')).body)).toEqual([team.id]);
    expect(names((await call('bob', 'GET', '/garden_sign/api')).body)).toEqual([bobs.id]);
    const lookup = `{ gardenSignsByGardenId(garden_id: "${mine.id}") { letters } gardenSign(id: "${mine.id}") { letters } all: gardenSigns { garden_id } }`;
    expect((await call('bob', 'POST', '/garden_sign/graph', { query: lookup })).body).toEqual({
      data: { gardenSignsByGardenId: [], gardenSign: null, all: [{ garden_id: bobs.id }] },
    });
    expect((await call('alice', 'POST', '/garden_sign/graph', { query: lookup })).body.data.gardenSignsByGardenId).toEqual([{ letters: 4 }]);
    // Paging after a subject the caller cannot see is an unknown id, as on the subject's own list.
    expect((await call('bob', 'GET', `/garden_sign/api?after=${mine.id}`)).status).toBe(400);
    // Shared later: visible from then on, not before.
    const before = Date.now();
    while (Date.now() === before) await new Promise((resolve) => setTimeout(resolve, 1));
    expect((await call('alice', 'PUT', `/garden/api/${mine.id}`, plot('Mine', { authorized_tokens: ['alice', 'bob'] }))).status).toBe(200);
    expect((await call('bob', 'GET', `/garden_sign/api/${mine.id}`)).status).toBe(200);
    expect((await call('bob', 'GET', `/garden_sign/api/${mine.id}?at=${before}`)).status).toBe(404);
  });

  it('Idempotency-Keys are the caller’s own: another caller’s same key and body is a request of its own', async () => {
    const headers = { 'content-type': 'application/json', 'idempotency-key': 'k-1' };
    const a = await call('alice', 'POST', '/garden/api', plot('Once'), { method: 'POST', path: '', headers });
    const b = await call('bob', 'POST', '/garden/api', plot('Once'), { method: 'POST', path: '', headers });
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.body.id).not.toBe(a.body.id);
    expect(b.body.created_by).toBe('bob');
  });
});

describe('without an issuer', () => {
  it('auth is off: no token needed, nothing filtered, no writer recorded', async () => {
    const open = createEntityHandler(garden, { env: {}, openLog: async () => new MemoryEventLog() });
    const created = await open(httpApiEvent({ method: 'POST', path: '/garden/api', headers: { 'content-type': 'application/json' }, body: JSON.stringify(plot('Anyone')) }), context);
    expect(created.statusCode).toBe(201);
    expect(JSON.parse(created.body!)).not.toHaveProperty('created_by');
  });
});
