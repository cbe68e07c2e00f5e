import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FunctionPool } from './pool.ts';

// A handler that reports its process and how many events it is running at once.
const bundleSource = `
let running = 0;
export async function handler(event) {
  running += 1;
  const concurrent = running;
  await new Promise((r) => setTimeout(r, 100));
  running -= 1;
  if (event.rawPath === '/crash') process.exit(3);
  return { statusCode: 200, body: JSON.stringify({ pid: process.pid, concurrent, env: process.env.MARK }) };
}
`;

let pool: FunctionPool;
let bundlePath: string;
const event = (rawPath = '/x') => ({ rawPath }) as APIGatewayProxyEventV2;

beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pool-'));
  const bundle = path.join(dir, 'index.mjs');
  fs.writeFileSync(bundle, bundleSource);
  bundlePath = bundle;
  pool = await FunctionPool.start({ name: 'fake', bundle, instances: 2, env: { ...process.env, MARK: 'm' } });
});
afterAll(() => pool.close());

describe('FunctionPool', () => {
  it('spreads events over separate processes, one event at a time each', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => pool.invoke(event())));
    const bodies = results.map((r) => JSON.parse((r as APIGatewayProxyStructuredResultV2).body!));
    expect(new Set(bodies.map((b) => b.pid)).size).toBe(2);
    expect(bodies.every((b) => b.concurrent === 1 && b.env === 'm')).toBe(true);
    expect(bodies.some((b) => b.pid === process.pid)).toBe(false);
  });

  it('starts instances on demand while all are busy, up to maxInstances', async () => {
    const elastic = await FunctionPool.start({ name: 'elastic', bundle: bundlePath, instances: 1, maxInstances: 3, env: process.env });
    try {
      const first = await elastic.invoke(event());
      expect(first).toBeDefined();
      const results = await Promise.all(Array.from({ length: 12 }, () => elastic.invoke(event())));
      const pids = new Set(results.map((r) => JSON.parse((r as APIGatewayProxyStructuredResultV2).body!).pid));
      expect(pids.size).toBeGreaterThan(1);
      expect(pids.size).toBeLessThanOrEqual(3);
    } finally {
      await elastic.close();
    }
  });

  it('fails the event of a crashed instance and replaces the instance', async () => {
    await expect(pool.invoke(event('/crash'))).rejects.toThrow(/crashed/);
    const results = await Promise.all(Array.from({ length: 4 }, () => pool.invoke(event())));
    expect(results).toHaveLength(4);
  });
});
