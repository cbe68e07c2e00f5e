/**
 * The bundles the stacks ship, run under Node 24 (the Lambda runtime), each answering a synthetic
 * API Gateway v2 event: an entity writes through REST, and the gateway joins two subgraphs it
 * reaches by Lambda Invoke (its real AWS SDK client, pointed at a local Invoke API).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { lambdaEvent } from '@egg/shared-testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findEntities } from '../src/functions.ts';
import { bundleDir, node24, workspaceRoot } from './workspace.ts';

const PREFIX = 'egg-test-';
let service: ChildProcess;
let base: string;
let dataDir: string;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'egg-node24-'));
  const functions = Object.fromEntries(
    findEntities(path.join(workspaceRoot, 'apps')).map((e) => [`SUBGRAPH_FUNCTION_${e.name.toUpperCase()}`, PREFIX + e.folder]),
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
