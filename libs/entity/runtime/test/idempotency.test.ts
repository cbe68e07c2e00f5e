import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { createRepository, MemoryEventLog, type EventLog } from '@egg/storage-core';
import { FileEventLog } from '@egg/storage-file-log';
import { describe, expect, it } from 'vitest';
import { claimsTopic, createEntityApp, createIdempotency, type Claim, type EntityApp } from '../src/index.ts';
import { bodyHash } from '../src/idempotency.ts';
import { garden } from './fixtures.ts';
import { clock, send, type Clock } from './helpers.ts';

const valid = { name: 'Sunny', garden_type: 'allotment', zone: 'north' };
const HOUR = 3_600_000;

/** One instance of the garden function over `log`: its own repositories and indexes, as a Lambda instance has. */
function instance(log: EventLog, time: Clock = clock(), windowMs = 24 * HOUR): EntityApp {
  const entities = createRepository(log, 'garden', { clock: time, partitions: 2 });
  const claims = createRepository<Claim>(log, claimsTopic(garden), { clock: time, partitions: 2 });
  return createEntityApp(garden, entities, { idempotency: createIdempotency(entities, claims, { windowMs, clock: time }) });
}

const post = (app: EntityApp, key: string, body: unknown) =>
  send(app, 'POST', '/garden/api', body, { 'content-type': 'application/json', 'idempotency-key': key });

const count = async (app: EntityApp) => ((await send(app, 'GET', '/garden/api')).body as unknown[]).length;

describe('Idempotency-Key', () => {
  it('a retry with the same key and body returns the first answer and writes nothing', async () => {
    const log = new MemoryEventLog();
    const app = instance(log);
    const first = await post(app, 'k1', valid);
    expect(first.status).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const highs = await Promise.all([0, 1].map((p) => log.highWatermark('garden', p)));
    const retry = await post(app, 'k1', { zone: 'north', garden_type: 'allotment', name: 'Sunny' });
    expect(retry).toMatchObject({ status: 201, body: first.body, headers: { location: first.headers.location, 'idempotent-replayed': 'true' } });
    expect(await Promise.all([0, 1].map((p) => log.highWatermark('garden', p)))).toEqual(highs);
    expect(await count(app)).toBe(1);
  });

  it('the same key with another body is 422; another key is another entity', async () => {
    const app = instance(new MemoryEventLog());
    await post(app, 'k2', valid);
    const other = await post(app, 'k2', { ...valid, name: 'Other' });
    expect(other.status).toBe(422);
    expect(other.body).toEqual({ error: 'Idempotency-Key k2 was used with a different body' });
    expect((await post(app, 'k3', valid)).status).toBe(201);
    expect(await count(app)).toBe(2);
  });

  it('replays the first version even after the entity was replaced or deleted', async () => {
    const time = clock(1_000);
    const app = instance(new MemoryEventLog(), time);
    const first = await post(app, 'k4', valid);
    time.now = 2_000;
    await send(app, 'PUT', `/garden/api/${first.body.id}`, { ...valid, name: 'Renamed' });
    time.now = 3_000;
    await send(app, 'DELETE', `/garden/api/${first.body.id}`);
    time.now = 4_000;
    expect(await post(app, 'k4', valid)).toMatchObject({ status: 201, body: first.body });
    expect(await count(app)).toBe(0);
  });

  it('instances racing on one key write one entity and all answer it', async () => {
    const log = new MemoryEventLog();
    const apps = [instance(log), instance(log), instance(log)];
    const answers = await Promise.all(apps.flatMap((app) => [post(app, 'race', valid), post(app, 'race', valid)]));
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 201));
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(answers.filter((a) => a.headers['idempotent-replayed'] === undefined).length).toBe(1);
    for (const app of apps) expect(await count(app)).toBe(1);
  });

  it('racing one key with two bodies: one is created, the other is 422', async () => {
    const log = new MemoryEventLog();
    const [a, b] = [instance(log), instance(log)];
    const answers = await Promise.all([post(a, 'split', valid), post(b, 'split', { ...valid, name: 'Other' })]);
    expect(answers.map((r) => r.status).sort()).toEqual([201, 422]);
    expect(await count(a)).toBe(1);
  });

  it('a client-chosen id: the retry replays, a stranger’s id is still 409', async () => {
    const app = instance(new MemoryEventLog());
    const id = randomUUID();
    const first = await post(app, 'k5', { id, ...valid });
    expect(first.body.id).toBe(id);
    expect(await post(app, 'k5', { id, ...valid })).toMatchObject({ status: 201, body: first.body });
    const taken = await post(app, 'k6', { id, ...valid, name: 'Thief' });
    expect(taken.status).toBe(409);
    expect(taken.body.error).toContain(id);
  });

  it('a first attempt that died after its appends: the retry answers its entity, or writes the one it claimed', async () => {
    const log = new MemoryEventLog();
    const time = clock();
    const entities = createRepository(log, 'garden', { clock: time, partitions: 2 });
    const claims = createRepository<Claim>(log, claimsTopic(garden), { clock: time, partitions: 2 });
    const claimed = (entityId: string) => ({ hash: bodyHash(valid), entity_id: entityId, claimed_at: time.now });
    // Died after appending the entity, before recording it on the claim (its answer was lost).
    const written = randomUUID();
    await claims.create(claimed(written), 'died-late');
    await entities.create(valid, written);
    // Died after claiming, before appending the entity.
    const unwritten = randomUUID();
    await claims.create(claimed(unwritten), 'died-early');
    const app = instance(log, time);
    expect(await post(app, 'died-late', valid)).toMatchObject({ status: 201, body: { id: written }, headers: { 'idempotent-replayed': 'true' } });
    expect(await post(app, 'died-early', valid)).toMatchObject({ status: 201, body: { id: unwritten } });
    expect(await post(app, 'died-early', valid)).toMatchObject({ status: 201, body: { id: unwritten }, headers: { 'idempotent-replayed': 'true' } });
    expect(await count(app)).toBe(2);
  });

  it('a key is forgotten after the window', async () => {
    const time = clock(1_000);
    const app = instance(new MemoryEventLog(), time, HOUR);
    const first = await post(app, 'k7', valid);
    time.now += HOUR - 1;
    expect((await post(app, 'k7', valid)).body.id).toBe(first.body.id);
    time.now += 1;
    const later = await post(app, 'k7', { ...valid, name: 'New day' });
    expect(later.status).toBe(201);
    expect(later.body.id).not.toBe(first.body.id);
  });

  it('an invalid key is a 400 naming the header; without a key POST creates every time', async () => {
    const app = instance(new MemoryEventLog());
    const bad = await post(app, ' padded ', valid);
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual([{ path: 'Idempotency-Key', message: 'must be 1 to 255 printable ASCII characters' }]);
    expect((await post(app, 'x'.repeat(256), valid)).status).toBe(400);
    expect((await post(app, 'x'.repeat(255), valid)).status).toBe(201);
    await send(app, 'POST', '/garden/api', valid);
    await send(app, 'POST', '/garden/api', valid);
    expect(await count(app)).toBe(3);
  });

  it('survives a restart: the keys live in the log', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'egg-idem-'));
    try {
      const before = await FileEventLog.open(dir);
      const first = await post(instance(before), 'k8', valid);
      await before.close();
      const after = await FileEventLog.open(dir);
      const app = instance(after);
      expect(await post(app, 'k8', valid)).toMatchObject({ status: 201, body: first.body, headers: { 'idempotent-replayed': 'true' } });
      expect((await post(app, 'k8', { ...valid, zone: 'south' })).status).toBe(422);
      expect(await count(app)).toBe(1);
      await after.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
