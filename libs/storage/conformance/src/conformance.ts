/**
 * The storage contract as tests: every backend runs this suite unchanged.
 * It speaks only the EventLog and Repository interfaces, and waits for nothing a
 * networked backend would not also give.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ConflictError,
  NotFoundError,
  createRepository,
  type Envelope,
  type EventLog,
  type Repository,
} from '@egg/storage-core';

const names = (rows: Envelope[]) => rows.map((r) => String(r.payload.name)).sort();

export type LogFactory = () => Promise<{ log: EventLog; cleanup(): Promise<void> }>;

export function describeConformance(name: string, makeLog: LogFactory): void {
  describe(`storage conformance: ${name}`, () => {
    let log: EventLog;
    let cleanup: () => Promise<void>;
    let topic: string;
    let repo: Repository;

    beforeEach(async () => {
      ({ log, cleanup } = await makeLog());
      topic = `conformance-${randomUUID()}`;
      repo = createRepository(log, topic, { partitions: 3 });
    });
    afterEach(async () => {
      await log.close();
      await cleanup();
    });

    describe('repository', () => {
      it('creates, reads, lists and removes', async () => {
        const farm = await repo.create({ name: 'Sunny', zone: 'north' });
        expect(farm.id).toMatch(/^[0-9a-f-]{36}$/);
        expect(farm.deleted).toBe(false);
        expect(farm.created_at).toBeGreaterThan(0);
        expect(farm.position.topic).toBe(topic);
        expect((await repo.read(farm.id))?.payload).toEqual({ name: 'Sunny', zone: 'north' });
        expect((await repo.list()).map((r) => r.id)).toEqual([farm.id]);
        const removed = await repo.remove(farm.id);
        expect(removed.deleted).toBe(true);
        expect(await repo.read(farm.id)).toBeUndefined();
        expect(await repo.list()).toEqual([]);
      });

      it('takes a client id, and refuses it twice', async () => {
        const id = randomUUID();
        expect((await repo.create({ name: 'a' }, id)).id).toBe(id);
        await expect(repo.create({ name: 'b' }, id)).rejects.toBeInstanceOf(ConflictError);
        expect((await repo.read(id))?.payload).toEqual({ name: 'a' });
      });

      it('two instances racing to create one client id: exactly one wins and both see it', async () => {
        const other = createRepository(log, topic, { partitions: 3 });
        await Promise.all([repo.list(), other.list()]);
        const id = randomUUID();
        const results = await Promise.allSettled([repo.create({ name: 'mine' }, id), other.create({ name: 'theirs' }, id)]);
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        expect(results.find((r) => r.status === 'rejected')?.reason).toBeInstanceOf(ConflictError);
        const winner = results[0].status === 'fulfilled' ? 'mine' : 'theirs';
        for (const r of [repo, other, createRepository(log, topic)]) {
          expect((await r.read(id))?.payload).toEqual({ name: winner });
          expect(names(await r.list())).toEqual([winner]);
        }
      });

      it('replaces whole payloads and refuses unknown or deleted ids', async () => {
        const row = await repo.create({ name: 'a', extra: 1 });
        expect((await repo.replace(row.id, { name: 'b' })).payload).toEqual({ name: 'b' });
        expect((await repo.read(row.id))?.payload).toEqual({ name: 'b' });
        await expect(repo.replace(randomUUID(), { name: 'x' })).rejects.toBeInstanceOf(NotFoundError);
        await repo.remove(row.id);
        await expect(repo.replace(row.id, { name: 'c' })).rejects.toBeInstanceOf(NotFoundError);
        await expect(repo.remove(row.id)).rejects.toBeInstanceOf(NotFoundError);
      });

      it('createMany, readMany (found only, in order) and removeMany', async () => {
        const rows = await repo.createMany([{ payload: { n: 1 } }, { payload: { n: 2 } }, { payload: { n: 3 } }]);
        expect(rows.map((r) => r.payload.n)).toEqual([1, 2, 3]);
        const ids = rows.map((r) => r.id);
        const read = await repo.readMany([ids[2], randomUUID(), ids[0]]);
        expect(read.map((r) => r.payload.n)).toEqual([3, 1]);
        await repo.removeMany([ids[0], ids[1]]);
        expect((await repo.list()).map((r) => r.payload.n)).toEqual([3]);
        await expect(repo.removeMany([ids[2], ids[0]])).rejects.toBeInstanceOf(NotFoundError);
        expect((await repo.read(ids[2]))?.payload.n).toBe(3);
      });

      it('refuses a whole createMany when one id conflicts', async () => {
        const existing = await repo.create({ n: 0 });
        await expect(repo.createMany([{ payload: { n: 1 } }, { payload: { n: 2 }, id: existing.id }])).rejects.toBeInstanceOf(
          ConflictError,
        );
        expect(await repo.list()).toHaveLength(1);
      });

      it('travels in time: v1 10 s ago, v2 now', async () => {
        const now = Date.now();
        let clock = now - 10_000;
        const timed = createRepository(log, topic, { partitions: 3, clock: () => clock });
        const v1 = await timed.create({ name: 'v1' });
        clock = now;
        await timed.replace(v1.id, { name: 'v2' });
        expect((await repo.read(v1.id, now - 5_000))?.payload.name).toBe('v1');
        expect((await repo.read(v1.id, now))?.payload.name).toBe('v2');
        expect((await repo.read(v1.id))?.payload.name).toBe('v2');
        expect(await repo.read(v1.id, now - 20_000)).toBeUndefined();
        expect((await repo.list({ at: now - 5_000 })).map((r) => r.payload.name)).toEqual(['v1']);
      });

      it('lists only the latest version of each entity, once', async () => {
        const a = await repo.create({ name: 'a1' });
        await repo.replace(a.id, { name: 'a2' });
        await repo.replace(a.id, { name: 'a3' });
        await repo.create({ name: 'b1' });
        expect((await repo.list()).map((r) => r.payload.name)).toEqual(['a3', 'b1']);
        expect(await repo.list({ limit: 1 })).toHaveLength(1);
      });

      it('a deleted entity is absent now and present before its deletion', async () => {
        const row = await repo.create({ name: 'gone' });
        const before = (await repo.read(row.id))!.created_at;
        const removed = await repo.remove(row.id);
        expect(await repo.read(row.id)).toBeUndefined();
        expect((await repo.read(row.id, before))?.payload.name).toBe('gone');
        expect(await repo.read(row.id, removed.created_at)).toBeUndefined();
        expect((await repo.list({ at: before })).map((r) => r.id)).toEqual([row.id]);
      });

      // The four rows come from one createMany, so they share one instant: the order among
      // them is the log's, not the input's, and the assertions compare names as sets.
      describe('findBy over four rows', () => {
        // One by one: a batch shares one instant, and these tests also check creation order.
        beforeEach(async () => {
          for (const [name, type] of [
            ['alpha', 'A'],
            ['beta', 'B'],
            ['gamma', 'A'],
            ['delta', 'B'],
          ]) {
            await repo.create({ name, type });
          }
        });

        it('answers by value, with limit', async () => {
          expect(await repo.findBy('name', 'omega')).toEqual([]);
          expect((await repo.findBy('name', 'beta')).map((r) => r.payload)).toEqual([{ name: 'beta', type: 'B' }]);
          expect(names(await repo.findBy('type', 'A'))).toEqual(['alpha', 'gamma']);
          expect(await repo.findBy('type', 'C')).toHaveLength(0);
          expect(await repo.findBy('type', 'A', { limit: 1 })).toHaveLength(1);
        });

        it('batches many values in one call', async () => {
          const found = await repo.findByMany('type', ['A', 'B', 'Z']);
          expect(names(found.get('A')!)).toEqual(['alpha', 'gamma']);
          expect(names(found.get('B')!)).toEqual(['beta', 'delta']);
          expect(found.get('Z')).toEqual([]);
        });

        it('follows changes and time', async () => {
          const [gamma] = await repo.findBy('name', 'gamma');
          const before = gamma.created_at;
          await repo.replace(gamma.id, { name: 'gamma', type: 'B' });
          expect(names(await repo.findBy('type', 'A'))).toEqual(['alpha']);
          expect(names(await repo.findBy('type', 'A', { at: before }))).toEqual(['alpha', 'gamma']);
        });
      });

      it('a second repository over the same log sees the first one\'s writes at once', async () => {
        const other = createRepository(log, topic, { partitions: 3 });
        expect(await other.list()).toEqual([]);
        const row = await repo.create({ name: 'shared' });
        expect((await other.read(row.id))?.payload.name).toBe('shared');
        await other.replace(row.id, { name: 'changed' });
        expect((await repo.read(row.id))?.payload.name).toBe('changed');
      });
    });

    describe('event log', () => {
      beforeEach(() => log.createTopic(topic, { partitions: 3 }));

      it('keeps one key in one partition with dense, ordered offsets', async () => {
        const byPartition = new Map<number, number[]>();
        for (let i = 0; i < 30; i++) {
          const key = `key-${i % 4}`;
          const pos = await log.append(topic, { key, value: Buffer.from(String(i)) });
          expect(pos.partition).toBe(await log.partitionFor(topic, key));
          byPartition.set(pos.partition, [...(byPartition.get(pos.partition) ?? []), pos.offset]);
        }
        for (const [p, offsets] of byPartition) {
          expect(offsets).toEqual(offsets.map((_, i) => i));
          expect(await log.highWatermark(topic, p)).toBe(offsets.length);
          const values = (await log.read(topic, p, 0)).map((r) => Number(r.value.toString()));
          expect(values).toEqual([...values].sort((a, b) => a - b));
        }
      });

      it('appends a batch in order', async () => {
        const positions = await log.appendBatch(
          topic,
          ['a', 'b', 'c'].map((v) => ({ key: 'one', value: Buffer.from(v) })),
        );
        expect(positions.map((p) => p.offset)).toEqual([0, 1, 2]);
        expect((await log.read(topic, positions[0].partition, 0)).map((r) => r.value.toString())).toEqual(['a', 'b', 'c']);
      });

      it('a consumer group commits and a new consumer resumes from the commit', async () => {
        for (let i = 0; i < 9; i++) await log.append(topic, { key: `k${i}`, value: Buffer.from(String(i)) });
        const consumed: string[] = [];
        const partitions = await log.partitionCount(topic);
        // The first consumer reads two records of each partition, commits, and goes away.
        for (let p = 0; p < partitions; p++) {
          const records = await log.read(topic, p, 0, 2);
          consumed.push(...records.map((r) => r.value.toString()));
          await log.commitOffsets('group', topic, [{ partition: p, offset: records.length }]);
        }
        // A new consumer in the same group continues from the committed offsets.
        const committed = await log.fetchOffsets('group', topic);
        expect(committed).toHaveLength(partitions);
        for (const { partition, offset } of committed) {
          consumed.push(...(await log.read(topic, partition, offset)).map((r) => r.value.toString()));
        }
        expect(consumed.sort()).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8']);
        expect(await log.fetchOffsets('another-group', topic)).toEqual([]);
      });
    });
  });
}
