/**
 * Idempotency-Key through the router (docs/contract.md §6): retries racing over two instances, and a
 * retry after the whole stack restarted, each write one entity and get the first answer.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { request, requestAt } from './client.ts';
import { startStack } from './stack.ts';

const farmIn = (zone: string) => ({ name: 'Once Farm', farm_type: 'homestead', zone });
const keyed = (key: string) => ({ 'idempotency-key': key });

/** Farms in a zone, through the gateway (every instance's writes). */
async function farmsIn(baseUrl: string, zone: string): Promise<string[]> {
  const reply = await requestAt(baseUrl, 'POST', '/graphql', { query: 'query($z: String!) { farmsByZone(zone: $z) { id } }', variables: { z: zone } });
  return (reply.body.data.farmsByZone as { id: string }[]).map((f) => f.id);
}

describe('Idempotency-Key', () => {
  it('retries racing over both instances write one entity and all get its answer', async () => {
    const zone = `once-${randomUUID()}`;
    const key = randomUUID();
    const replies = await Promise.all(Array.from({ length: 12 }, () => request('POST', '/farm/api', farmIn(zone), keyed(key))));
    expect(replies.map((r) => r.status)).toEqual(replies.map(() => 201));
    expect(new Set(replies.map((r) => r.body.id)).size).toBe(1);
    expect(replies.filter((r) => r.headers.get('idempotent-replayed') === null)).toHaveLength(1);
    expect(new Set(replies.map((r) => r.headers.get('location'))).size).toBe(1);
    const [answer] = replies;
    expect(await farmsIn(inject('baseUrl'), zone)).toEqual([answer.body.id]);
  });

  it('the same key with another body is 422 and writes nothing', async () => {
    const zone = `once-${randomUUID()}`;
    const key = randomUUID();
    expect((await request('POST', '/farm/api', farmIn(zone), keyed(key))).status).toBe(201);
    const other = await request('POST', '/farm/api', { ...farmIn(zone), name: 'Another' }, keyed(key));
    expect(other.status).toBe(422);
    expect(other.body).toEqual({ error: expect.stringContaining('different body') });
  });

  it('a retry after the stack restarted returns the first answer: the key lives in the log', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'egg-e2e-restart-'));
    const zone = `restart-${randomUUID()}`;
    const key = randomUUID();
    try {
      // The bundles are built by global setup; these stacks reuse them.
      const first = await startStack({ dataDir, instances: 1, env: { SKIP_BUILD: '1' } });
      const answer = await requestAt(first.baseUrl, 'POST', '/farm/api', farmIn(zone), keyed(key)).finally(() => first.stop());
      expect(answer.status).toBe(201);
      const second = await startStack({ dataDir, instances: 1, env: { SKIP_BUILD: '1' } });
      try {
        const retry = await requestAt(second.baseUrl, 'POST', '/farm/api', farmIn(zone), keyed(key));
        expect(retry.status).toBe(201);
        expect(retry.body).toEqual(answer.body);
        expect(retry.headers.get('idempotent-replayed')).toBe('true');
        expect((await requestAt(second.baseUrl, 'POST', '/farm/api', { ...farmIn(zone), owner: 'x' }, keyed(key))).status).toBe(422);
        expect(await farmsIn(second.baseUrl, zone)).toEqual([answer.body.id]);
      } finally {
        await second.stop();
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
    // Two whole stacks start here, one after the other: on a busy machine that takes a while.
  }, 300_000);
});
