/** `LOG_FORMAT=json`: the stack passes every function's Powertools JSON lines through as they are. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startStack, type RunningStack } from './stack.ts';

let stack: RunningStack;
let dataDir: string;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'egg-logs-'));
  // The suite's global setup has just built every bundle; logging knows no storage backend.
  stack = await startStack({ dataDir, instances: 1, env: { SKIP_BUILD: '1', EGG_STORAGE: 'file', LOG_FORMAT: 'json' } });
});

afterAll(async () => {
  await stack?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

const jsonLines = (): Record<string, unknown>[] =>
  stack
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line));

describe('LOG_FORMAT=json', () => {
  it('prints each request as one Powertools JSON line with the Lambda context', async () => {
    const created = await fetch(`${stack.baseUrl}/farm/api`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Logged Farm', farm_type: 'megafarm', zone: 'west' }),
    });
    expect(created.status).toBe(201);
    const query = await fetch(`${stack.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ farms { name } }' }),
    });
    expect(query.status).toBe(200);
    const request = { level: 'INFO', message: 'request', ms: expect.any(Number), function_request_id: expect.any(String), timestamp: expect.any(String) };
    await vi.waitFor(() => {
      expect(jsonLines()).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ ...request, service: 'farm', function_name: 'farm', method: 'POST', path: '/farm/api', status: 201 }),
          expect.objectContaining({ ...request, service: 'farm', method: 'POST', path: '/farm/graph', status: 200 }),
          expect.objectContaining({ ...request, service: 'gateway', function_name: 'gateway', method: 'POST', path: '/graphql', status: 200 }),
        ]),
      );
    });
    expect(stack.output()).not.toMatch(/^\d\d:\d\d:\d\d\.\d{3} POST/m);
  });
});
