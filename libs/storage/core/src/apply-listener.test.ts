import { describe, expect, it } from 'vitest';
import { createRepository } from './log-repository.ts';
import { MemoryEventLog, SnapshottingMemoryLog } from './memory-event-log.ts';
import type { Payload } from './repository.ts';

type Told = [string, number, boolean, Payload];

describe('RepositoryOptions.onApply', () => {
  it('tells every version as reads see it (server time as ordered per id), only once caught up by sync', async () => {
    const log = new MemoryEventLog();
    const clock = { now: 1000 };
    const writer = createRepository(log, 'farm', { partitions: 2, clock: () => clock.now });
    const told: Told[] = [];
    const listening = createRepository(log, 'farm', { onApply: (...args) => told.push(args) });
    const a = await writer.create({ n: 1 }, 'a');
    const a2 = await writer.replace('a', { n: 2 }); // same millisecond: the repository orders it 1 ms later
    clock.now = 2000;
    const gone = await writer.remove('a');
    expect(told).toEqual([]);
    await listening.sync();
    expect(told).toEqual([
      ['a', a.created_at, false, { n: 1 }],
      ['a', a2.created_at, false, { n: 2 }],
      ['a', gone.created_at, true, { n: 2 }],
    ]);
    expect(a2.created_at).toBe(a.created_at + 1);
  });

  it('tells a repository opened from a snapshot every version the snapshot holds, older ones read from the log, then what follows', async () => {
    const log = new SnapshottingMemoryLog();
    const clock = { now: 1000 };
    const writer = createRepository(log, 'farm', { snapshotEvery: 1, clock: () => clock.now });
    const [a] = await writer.createMany([{ payload: { n: 1 }, id: 'a' }, { payload: { n: 2 }, id: 'b' }]);
    clock.now = 2000;
    await writer.replace('a', { n: 3 });
    await writer.remove('b');
    await createRepository(log, 'farm', { snapshotEvery: 1 }).list();
    expect(log.stored.size).toBe(1);
    clock.now = 3000;
    await writer.create({ n: 4 }, 'c');
    const told: Told[] = [];
    const listening = createRepository(log, 'farm', { onApply: (...args) => told.push(args) });
    await listening.sync();
    const byId = (id: string) => told.filter(([x]) => x === id).map(([, at, deleted, payload]) => [at, deleted, payload]);
    expect(byId('a')).toEqual([[a.created_at, false, { n: 1 }], [2000, false, { n: 3 }]]);
    expect(byId('b')).toEqual([[1000, false, { n: 2 }], [2000, true, { n: 2 }]]);
    expect(byId('c')).toEqual([[3000, false, { n: 4 }]]);
  });
});
