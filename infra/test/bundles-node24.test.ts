/**
 * The bundles the stacks ship, run under Node 24 (the Lambda runtime), each answering a synthetic
 * API Gateway v2 event: an entity writes through REST, and the gateway joins two subgraphs it
 * reaches by Lambda Invoke (its real AWS SDK client, pointed at a local Invoke API). Every entity's
 * bundle answers as the code the tests run (its declaration through @egg/entity-runtime) where the
 * bundler substitutes code (tools/bundle/substitutions.ts): its subgraph and its payload validation.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { pathToFileURL } from 'node:url';
import { createEntityHandler, type EntityDeclaration } from '@egg/entity-runtime';
import { lambdaContext, lambdaEvent } from '@egg/shared-testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findEntities } from '@egg/shared-catalog';
import { bundleDir, node24, workspaceRoot } from './workspace.ts';

const PREFIX = 'egg-test-';
let service: ChildProcess;
let base: string;
let dataDir: string;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'egg-node24-'));
  const functions = Object.fromEntries(
    findEntities(path.join(workspaceRoot, 'apps')).map((e) => [`SUBGRAPH_FUNCTION_${e.constant}`, PREFIX + e.folder]),
  );
  service = spawn(node24(), [path.join(import.meta.dirname, 'node24/lambda-service.mjs'), bundleDir, PREFIX], {
    env: {
      PATH: process.env.PATH,
      APOLLO_TELEMETRY_DISABLED: 'true',
      NODE_ENV: 'production',
      EGG_STORAGE: 'file',
      DATA_DIR: dataDir,
      SUBGRAPH_TRANSPORT: 'lambda',
      ...functions,
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const first = await new Promise<string>((resolve, reject) => {
    service.once('exit', (code) => reject(new Error(`lambda service exited with ${code}`)));
    readline.createInterface({ input: service.stdout! }).once('line', resolve);
  });
  const { port, node } = JSON.parse(first) as { port: number; node: string };
  expect(node).toMatch(/^v24\./);
  base = `http://127.0.0.1:${port}`;
});

afterAll(() => {
  service?.kill();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function invoke(folder: string, event: unknown): Promise<{ statusCode: number; body: string }> {
  const res = await fetch(`${base}/2015-03-31/functions/${PREFIX}${folder}/invocations`, { method: 'POST', body: JSON.stringify(event) });
  expect(res.headers.get('x-amz-function-error')).toBeNull();
  return (await res.json()) as { statusCode: number; body: string };
}

describe('bundles under Node 24', () => {
  it('an entity bundle answers REST events', async () => {
    const created = await invoke('farm', lambdaEvent({ method: 'POST', path: '/farm/api', body: { name: 'Sunny', farm_type: 'local_farm', zone: 'north' } }));
    expect(created.statusCode).toBe(201);
    const farm = JSON.parse(created.body) as { id: string };
    const read = await invoke('farm', lambdaEvent({ method: 'GET', path: `/farm/api/${farm.id}` }));
    expect(read.statusCode).toBe(200);
    expect(JSON.parse(read.body)).toMatchObject({ id: farm.id, name: 'Sunny' });
  });

  it('the gateway bundle joins subgraphs it invokes directly, with the gateway marker', async () => {
    const farm = JSON.parse((await invoke('farm', lambdaEvent({ method: 'POST', path: '/farm/api', body: { name: 'Hilltop', farm_type: 'homestead', zone: 'south' } }))).body);
    const coop = await invoke('coop', lambdaEvent({ method: 'POST', path: '/coop/api', body: { name: 'C1', farm_id: farm.id, capacity: 12, coop_type: 'barn' } }));
    expect(coop.statusCode).toBe(201);

    const query = `{ coop(id: "${JSON.parse(coop.body).id}") { name farm { name } } }`;
    const answer = await invoke('gateway', lambdaEvent({ method: 'POST', path: '/graphql', body: { query } }));
    expect(answer.statusCode).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ data: { coop: { name: 'C1', farm: { name: 'Hilltop' } } } });

    const calls = (await (await fetch(`${base}/calls`)).json()) as { functionName: string; rawPath: string; caller: string | null }[];
    const fromGateway = calls.filter((c) => c.caller === 'gateway');
    expect(fromGateway.map((c) => [c.functionName, c.rawPath])).toEqual([
      [`${PREFIX}coop`, '/coop/graph'],
      [`${PREFIX}farm`, '/farm/graph'],
    ]);
    // What clients send through the HTTP API never carries the marker.
    const fromClients = calls.filter((c) => c.rawPath.endsWith('/api'));
    expect(fromClients.length).toBeGreaterThan(0);
    expect(fromClients.filter((c) => c.caller !== null)).toEqual([]);
  });
});

/** Entity resolution as the gateway asks for it, of an id no one wrote (introspection is off in production). */
const entitiesQuery = (typeName: string) => ({
  query: `query ($r: [_Any!]!) { _entities(representations: $r) { __typename ... on ${typeName} { id } } }`,
  variables: { r: [{ __typename: typeName, id: '00000000-0000-4000-8000-000000000000' }] },
});

describe('the shipped bundles answer as the tested code', () => {
  let testedDir: string;
  beforeAll(() => {
    testedDir = fs.mkdtempSync(path.join(os.tmpdir(), 'egg-tested-'));
    Object.assign(process.env, { EGG_STORAGE: 'file', DATA_DIR: testedDir, NODE_ENV: 'production', APOLLO_TELEMETRY_DISABLED: 'true' });
  });
  afterAll(() => fs.rmSync(testedDir, { recursive: true, force: true }));

  it.each(findEntities(path.join(workspaceRoot, 'apps')))('$name: its subgraph SDL, its entity resolution and its refusal of a bad payload', async ({ name, folder }) => {
    const file = path.join(workspaceRoot, 'apps', folder, 'src/declaration.ts');
    const declaration = ((await import(pathToFileURL(file).href)) as { default: EntityDeclaration }).default;
    const tested = createEntityHandler(declaration);
    const events = [
      lambdaEvent({ method: 'POST', path: `/${name}/graph`, fromGateway: true, body: { query: '{ _service { sdl } }' } }),
      lambdaEvent({ method: 'POST', path: `/${name}/graph`, fromGateway: true, body: entitiesQuery(declaration.typeName) }),
      lambdaEvent({ method: 'POST', path: `/${name}/api`, body: { not_a_field: 1 } }),
    ];
    const answers = [];
    for (const event of events) {
      const shipped = await invoke(folder, event);
      const local = (await tested(event, lambdaContext())) as { statusCode: number; body: string };
      expect(shipped.statusCode, event.rawPath).toBe(local.statusCode);
      expect(JSON.parse(shipped.body), event.rawPath).toEqual(JSON.parse(local.body));
      answers.push(shipped);
    }
    // The premise: each answer is the real thing, not a refusal both sides share.
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, declaration.computed ? 405 : 400]);
    expect(JSON.parse(answers[0].body).data._service.sdl).toMatch(new RegExp(`\\btype ${declaration.typeName}\\b`));
    expect(JSON.parse(answers[1].body)).toEqual({ data: { _entities: [null] } });
  });
});
