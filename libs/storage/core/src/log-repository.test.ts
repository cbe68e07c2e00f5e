import { randomUUID } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { createRepository } from './log-repository.ts';
import { MemoryEventLog, SnapshottingMemoryLog } from './memory-event-log.ts';
import { ConflictError, NotFoundError } from './repository.ts';

/** A repository whose server clock the test sets. */
function timed(log = new MemoryEventLog(), start = 1_000_000) {
  const clock = { now: start };
  return { log, clock, repo: createRepository(log, 'farm', { partitions: 4, clock: () => clock.now }) };
}

describe('time travel', () => {
  it('orders two writes in the same millisecond', async () => {
    const { repo } = timed();
    const v1 = await repo.create({ name: 'v1' });
    const v2 = await repo.replace(v1.id, { name: 'v2' });
    expect(v2.created_at).toBe(v1.created_at + 1);
    expect((await repo.read(v1.id, v1.created_at))?.payload.name).toBe('v1');
    expect((await repo.read(v1.id, v2.created_at))?.payload.name).toBe('v2');
  });

  it('a delete at exactly t hides the entity at t, not at t - 1', async () => {
    const { repo, clock } = timed();
    const row = await repo.create({ name: 'a' });
    clock.now += 100;
    const gone = await repo.remove(row.id);
    expect(gone.created_at).toBe(clock.now);
    expect(await repo.read(row.id, clock.now)).toBeUndefined();
    expect((await repo.read(row.id, clock.now - 1))?.payload.name).toBe('a');
    expect(await repo.list({ at: clock.now })).toEqual([]);
    expect(await repo.findBy('name', 'a', { at: clock.now })).toEqual([]);
    expect(await repo.findBy('name', 'a', { at: clock.now - 1 })).toHaveLength(1);
  });

  it('an entity created after t is absent at t', async () => {
    const { repo, clock } = timed();
    const row = await repo.create({ name: 'a' });
    expect(await repo.read(row.id, clock.now - 1)).toBeUndefined();
    expect(await repo.readMany([row.id], clock.now - 1)).toEqual([]);
  });

  it('re-creates an id after its delete, with the gap visible in the past', async () => {
    const { repo, clock } = timed();
    const id = randomUUID();
    await repo.create({ name: 'first' }, id);
    clock.now += 10;
    await repo.remove(id);
    clock.now += 10;
    await repo.create({ name: 'second' }, id);
    expect((await repo.read(id))?.payload.name).toBe('second');
    expect(await repo.read(id, clock.now - 5)).toBeUndefined();
    expect((await repo.read(id, clock.now - 15))?.payload.name).toBe('first');
    expect((await repo.list()).map((r) => r.payload.name)).toEqual(['second']);
  });

  it('keeps log order for one id when a writer clock lags', async () => {
    const log = new MemoryEventLog();
    const ahead = timed(log, 2_000_000);
    const behind = timed(log, 1_000_000);
    const row = await ahead.repo.create({ name: 'v1' });
    await behind.repo.replace(row.id, { name: 'v2' });
    const read = await ahead.repo.read(row.id);
    expect(read?.payload.name).toBe('v2');
    expect(read!.created_at).toBeGreaterThan(row.created_at);
  });

  it('serves past versions of many entities, not only the latest', async () => {
    const { repo, clock } = timed();
    const rows = await repo.createMany(Array.from({ length: 20 }, (_, i) => ({ payload: { n: i, zone: 'z' } })));
    const t = clock.now;
    clock.now += 10;
    for (const r of rows) await repo.replace(r.id, { n: (r.payload.n as number) + 100, zone: 'z' });
    const ns = (list: { payload: { n?: unknown } }[]) => list.map((r) => r.payload.n as number).sort((a, b) => a - b);
    const original = ns(rows);
    expect(ns(await repo.list({ at: t }))).toEqual(original);
    expect(ns(await repo.findBy('zone', 'z', { at: t }))).toEqual(original);
    expect(ns(await repo.list())).toEqual(original.map((n) => n + 100));
  });
});

describe('writes', () => {
  it('refuses a batch with a repeated id and writes nothing', async () => {
    const { repo, log } = timed();
    const id = randomUUID();
    await expect(repo.createMany([{ payload: {}, id }, { payload: {}, id }])).rejects.toBeInstanceOf(ConflictError);
    await expect(repo.removeMany([randomUUID()])).rejects.toBeInstanceOf(NotFoundError);
    for (let p = 0; p < 4; p++) expect(await log.highWatermark('farm', p)).toBe(0);
  });

  it('appends a batch as one appendBatch call', async () => {
    const { repo, log } = timed();
    const spy = vi.spyOn(log, 'appendBatch');
    const rows = await repo.createMany([{ payload: { n: 1 } }, { payload: { n: 2 } }]);
    await repo.removeMany(rows.map((r) => r.id));
    expect(spy).toHaveBeenCalledTimes(2);
  });

  it('a tombstone keeps the deleted payload and position', async () => {
    const { repo } = timed();
    const row = await repo.create({ name: 'a' });
    const gone = await repo.remove(row.id);
    expect(gone).toMatchObject({ id: row.id, deleted: true, payload: { name: 'a' } });
    expect(gone.position.partition).toBe(row.position.partition);
    expect(gone.position.offset).toBe(row.position.offset + 1);
  });
});

describe('lookups', () => {
  it('findBy matches the field of the visible version only, and never non-scalars', async () => {
    const { repo } = timed();
    const a = await repo.create({ zone: 'north', tags: ['x'] });
    await repo.replace(a.id, { zone: 'south', tags: ['x'] });
    await repo.replace(a.id, { zone: 'north', tags: ['x'] });
    expect((await repo.findBy('zone', 'north')).map((r) => r.id)).toEqual([a.id]);
    expect(await repo.findBy('zone', 'south')).toEqual([]);
    expect(await repo.findBy('tags', ['x'])).toEqual([]);
    expect(await repo.findBy('zone', 1)).toEqual([]);
  });

  it('findByMany answers every value, in creation order per value', async () => {
    const { repo, clock } = timed();
    const farms = ['f1', 'f2', 'f3'];
    for (let i = 0; i < 9; i++) {
      clock.now += 1;
      await repo.create({ farm_id: farms[i % 3], n: i });
    }
    const found = await repo.findByMany('farm_id', ['f3', 'f1', 'none'], { limit: 2 });
    expect([...found.keys()]).toEqual(['f3', 'f1', 'none']);
    expect(found.get('f3')!.map((r) => r.payload.n)).toEqual([2, 5]);
    expect(found.get('f1')!.map((r) => r.payload.n)).toEqual([0, 3]);
    expect(found.get('none')).toEqual([]);
  });

  it('pages list and findByMany with after: no gap, no repeat, and an unknown id is refused', async () => {
    const { repo, clock } = timed();
    for (let i = 0; i < 7; i++) {
      clock.now += 1;
      await repo.create({ zone: 'z', n: i });
    }
    const at = clock.now;
    clock.now += 1;
    await repo.create({ zone: 'z', n: 99 }); // after the instant: never on a page read at `at`
    const walk = async (page: (after?: string) => Promise<{ id: string; payload: Record<string, unknown> }[]>) => {
      const seen: unknown[] = [];
      let after: string | undefined;
      for (let rows = await page(); rows.length > 0; rows = await page(after)) {
        seen.push(...rows.map((r) => r.payload.n));
        after = rows[rows.length - 1].id;
      }
      return seen;
    };
    expect(await walk((after) => repo.list({ at, limit: 3, after }))).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(await walk((after) => repo.findBy('zone', 'z', { at, limit: 2, after }))).toEqual([0, 1, 2, 3, 4, 5, 6]);
    await expect(repo.list({ after: 'nobody' })).rejects.toBeInstanceOf(NotFoundError);
    await expect(repo.findBy('zone', 'z', { after: 'nobody' })).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('many processes', () => {
  it('ids written in one instant list in the same order in every instance', async () => {
    const log = new MemoryEventLog();
    const writer = createRepository(log, 'farm', { partitions: 4, clock: () => 5 });
    await writer.createMany(Array.from({ length: 40 }, (_, i) => ({ payload: { n: i, zone: 'z' } })));
    const order = (await writer.list()).map((r) => r.id);
    const reader = createRepository(log, 'farm');
    expect((await reader.list()).map((r) => r.id)).toEqual(order);
    expect((await reader.findBy('zone', 'z')).map((r) => r.id)).toEqual(order);
    expect((await reader.list({ limit: 3 })).map((r) => r.id)).toEqual(order.slice(0, 3));
  });

  it('never stamps a write later than the clock, so a read "now" sees it', async () => {
    const repo = createRepository(new MemoryEventLog(), 'farm');
    for (let n = 0; n < 50; n++) {
      const row = await repo.create({ n });
      const again = await repo.replace(row.id, { n: n + 1 });
      const now = Date.now();
      expect(again.created_at).toBeLessThanOrEqual(now);
      expect((await repo.read(row.id, now))?.payload.n).toBe(n + 1);
    }
  });

  it('lists creates in time order across instants', async () => {
    const { repo, clock } = timed();
    for (let n = 0; n < 5; n++) {
      await repo.create({ n });
      clock.now += 1;
    }
    expect((await repo.list()).map((r) => r.payload.n)).toEqual([0, 1, 2, 3, 4]);
  });

  it('a second instance catches up incrementally, never rescanning', async () => {
    const log = new MemoryEventLog();
    const a = createRepository(log, 'farm', { partitions: 4 });
    const b = createRepository(log, 'farm');
    const first = await a.createMany(Array.from({ length: 50 }, (_, i) => ({ payload: { n: i } })));
    expect(await b.list()).toHaveLength(50);

    const read = vi.spyOn(log, 'read');
    const high = vi.spyOn(log, 'highWatermark');
    expect((await b.read(first[0].id))?.payload.n).toBe(0);
    expect(read).not.toHaveBeenCalled();
    expect(high).toHaveBeenCalledTimes(4);

    const added = await a.create({ n: 50 });
    expect((await b.read(added.id))?.payload.n).toBe(50);
    expect(read).toHaveBeenCalledTimes(1);
    expect(read.mock.calls[0].slice(1, 3)).toEqual([added.position.partition, added.position.offset]);
  });

  it('two instances racing to create one client id: one wins, the other is refused, both see the winner', async () => {
    const log = new MemoryEventLog();
    const [a, b] = [createRepository(log, 'farm'), createRepository(log, 'farm')];
    await Promise.all([a.list(), b.list()]);
    const id = randomUUID();
    const results = await Promise.allSettled([a.create({ n: 'a' }, id), b.create({ n: 'b' }, id)]);
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')?.reason).toBeInstanceOf(ConflictError);
    const winner = results[0].status === 'fulfilled' ? 'a' : 'b';
    expect((await a.read(id))?.payload).toEqual({ n: winner });
    expect((await b.read(id))?.payload).toEqual({ n: winner });
    expect(await createRepository(log, 'farm').findBy('n', winner === 'a' ? 'b' : 'a')).toEqual([]);
  });

  it('a replace that checked before a remove and appended after it is refused, and the entity stays deleted', async () => {
    const log = new MemoryEventLog();
    let reached!: () => void;
    let open!: () => void;
    const appending = new Promise<void>((resolve) => (reached = resolve));
    const gate = new Promise<void>((resolve) => (open = resolve));
    // b has checked the entity is there and is about to append; a removes it meanwhile.
    const gated = new Proxy(log, {
      get: (target, prop: keyof MemoryEventLog) => {
        if (prop === 'appendBatch') {
          return async (...args: Parameters<MemoryEventLog['appendBatch']>) => {
            reached();
            await gate;
            return target.appendBatch(...args);
          };
        }
        const member = target[prop];
        return typeof member === 'function' ? (member as (...a: unknown[]) => unknown).bind(target) : member;
      },
    });
    const [a, b] = [createRepository(log, 'farm'), createRepository(gated, 'farm')];
    const row = await a.create({ n: 1 });
    const replaced = b.replace(row.id, { n: 2 });
    await appending;
    await a.remove(row.id);
    open();
    await expect(replaced).rejects.toBeInstanceOf(NotFoundError);
    for (const repo of [a, b, createRepository(log, 'farm')]) expect(await repo.read(row.id)).toBeUndefined();
  });

  it('sees a conflicting create from another instance', async () => {
    const log = new MemoryEventLog();
    const a = createRepository(log, 'farm');
    const b = createRepository(log, 'farm');
    const id = randomUUID();
    await b.list();
    await a.create({ n: 1 }, id);
    await expect(b.create({ n: 2 }, id)).rejects.toBeInstanceOf(ConflictError);
    await a.remove(id);
    await expect(b.replace(id, { n: 3 })).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('snapshots', () => {
  // Fixed ids so every partition holds records before the snapshot.
  async function seeded(count: number) {
    const log = new SnapshottingMemoryLog();
    const writer = createRepository(log, 'farm', { partitions: 4, snapshotEvery: 10 });
    const rows = await writer.createMany(Array.from({ length: count }, (_, i) => ({ id: `farm-${i}`, payload: { n: i, zone: `z${i % 3}` } })));
    await writer.replace(rows[0].id, { n: -1, zone: 'z0' });
    await writer.list();
    // A writer's own writes never make it snapshot: the first reader to catch them up does.
    expect(log.stored.size).toBe(0);
    await createRepository(log, 'farm', { snapshotEvery: 10 }).list();
    return { log, rows };
  }

  it('a cold instance loads the snapshot and reads only newer records', async () => {
    const { log, rows } = await seeded(30);
    expect(log.stored.get('farm/repository-index')).toBeDefined();
    const late = await createRepository(log, 'farm').create({ n: 99, zone: 'z0' }, 'farm-late');

    const read = vi.spyOn(log, 'read');
    const cold = createRepository(log, 'farm', { snapshotEvery: 1_000_000 });
    expect((await cold.read(rows[0].id))?.payload.n).toBe(-1);
    expect((await cold.read(rows[0].id, rows[0].created_at))?.payload.n).toBe(0);
    const z0 = (await cold.findBy('zone', 'z0')).map((r) => r.payload.n as number);
    expect(z0.sort((a, b) => a - b)).toEqual([-1, ...rows.filter((r) => r.payload.zone === 'z0' && r.id !== rows[0].id).map((r) => r.payload.n), 99]);
    expect(await cold.list()).toHaveLength(31);
    // Catch-up resumed from the snapshot's offsets (no partition read from 0) and found the late record.
    const catchUps = read.mock.calls.filter(([, , , max]) => max !== 1);
    expect(catchUps.length).toBeGreaterThan(0);
    expect(catchUps.every(([, , offset]) => offset > 0)).toBe(true);
    expect(catchUps).toContainEqual(['farm', late.position.partition, late.position.offset, expect.any(Number)]);
  });

  it('a snapshot taken by a cold instance keeps the field indexes it never looked up', async () => {
    const { log, rows } = await seeded(30);
    const cold = createRepository(log, 'farm', { snapshotEvery: 5 });
    expect((await cold.read(rows[1].id))?.payload.n).toBe(1);
    const before = log.stored.get('farm/repository-index');
    await createRepository(log, 'farm').createMany(Array.from({ length: 5 }, (_, i) => ({ payload: { n: 100 + i, zone: 'z1' } })));
    await cold.list();
    expect(log.stored.get('farm/repository-index')).not.toBe(before);

    const third = createRepository(log, 'farm');
    const read = vi.spyOn(log, 'read');
    const z1 = (await third.findBy('zone', 'z1')).map((r) => r.payload.n as number);
    expect(z1.sort((a, b) => a - b)).toEqual([...rows.filter((r) => r.payload.zone === 'z1').map((r) => r.payload.n), 100, 101, 102, 103, 104]);
    expect(read.mock.calls.filter(([, , , max]) => max !== 1)).toEqual([]);
  });

  it('replays when the snapshot is corrupt', async () => {
    const { log, rows } = await seeded(30);
    log.stored.set('farm/repository-index', Buffer.from('\u0000garbage{'));
    const cold = createRepository(log, 'farm');
    expect((await cold.read(rows[0].id))?.payload.n).toBe(-1);
    expect(await cold.list()).toHaveLength(30);
  });

  it('replays when the snapshot is ahead of the log (another history)', async () => {
    const { log } = await seeded(30);
    const other = new SnapshottingMemoryLog();
    other.stored.set('farm/repository-index', log.stored.get('farm/repository-index')!);
    const fresh = createRepository(other, 'farm', { partitions: 4 });
    expect(await fresh.list()).toEqual([]);
  });

  it('replays when the snapshot store fails', async () => {
    const { log, rows } = await seeded(30);
    vi.spyOn(log.snapshots, 'load').mockRejectedValue(new Error('EIO'));
    vi.spyOn(log.snapshots, 'save').mockRejectedValue(new Error('EIO'));
    const cold = createRepository(log, 'farm', { snapshotEvery: 1 });
    expect(await cold.list()).toHaveLength(30);
    expect((await cold.create({ n: 1 })).payload.n).toBe(1);
    expect((await cold.read(rows[1].id))?.payload.n).toBe(1);
  });
});

describe('one instance under load', () => {
  it('concurrent reads share one catch-up', async () => {
    const log = new MemoryEventLog();
    const repo = createRepository(log, 'farm', { partitions: 4 });
    const row = await repo.create({ n: 1 });
    const high = vi.spyOn(log, 'highWatermark');
    const reads = await Promise.all(Array.from({ length: 10 }, () => repo.read(row.id)));
    expect(reads.every((r) => r?.payload.n === 1)).toBe(true);
    expect(high.mock.calls.length).toBeLessThanOrEqual(8);
  });

  it('a read queued behind a running catch-up still sees a write acknowledged before it began', async () => {
    const log = new MemoryEventLog();
    const repo = createRepository(log, 'farm', { partitions: 1 });
    const other = createRepository(log, 'farm');
    await repo.list();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const original = log.highWatermark.bind(log);
    // The running catch-up learns the high watermark before the other write, then stalls.
    vi.spyOn(log, 'highWatermark').mockImplementationOnce(async (t, p) => {
      const high = await original(t, p);
      await gate;
      return high;
    });
    const first = repo.list();
    await new Promise((resolve) => setImmediate(resolve));
    const written = await other.create({ n: 2 });
    const second = repo.read(written.id);
    release();
    await first;
    expect((await second)?.payload.n).toBe(2);
  });

  it('past payloads handed out cannot alter what the next read returns', async () => {
    const { repo, clock } = timed();
    const row = await repo.create({ name: 'v1' });
    clock.now += 10;
    await repo.replace(row.id, { name: 'v2' });
    (await repo.read(row.id, row.created_at))!.payload.name = 'mutated';
    expect((await repo.read(row.id, row.created_at))?.payload.name).toBe('v1');
  });

  it('retries an open that failed', async () => {
    const log = new MemoryEventLog();
    vi.spyOn(log, 'createTopic').mockRejectedValueOnce(new Error('broker down'));
    const repo = createRepository(log, 'farm');
    await expect(repo.list()).rejects.toThrow('broker down');
    expect(await repo.list()).toEqual([]);
  });
});
