import { describe, expect, it } from 'vitest';
import { UnknownTopicError } from './event-log.ts';
import { MemoryEventLog } from './memory-event-log.ts';
import { partitionForKey } from './partitioner.ts';

describe('MemoryEventLog', () => {
  it('rejects unknown topics', async () => {
    const log = new MemoryEventLog();
    await expect(log.partitionCount('nope')).rejects.toBeInstanceOf(UnknownTopicError);
    await expect(log.append('nope', { key: 'k', value: Buffer.from('v') })).rejects.toBeInstanceOf(UnknownTopicError);
  });

  it('keeps the partition count of an existing topic', async () => {
    const log = new MemoryEventLog();
    await log.createTopic('t', { partitions: 3 });
    await log.createTopic('t', { partitions: 8 });
    expect(await log.partitionCount('t')).toBe(3);
  });

  it('partitions by Kafka murmur2 and stamps a time when the producer gives none', async () => {
    const log = new MemoryEventLog();
    await log.createTopic('t', { partitions: 5 });
    const before = Date.now();
    const pos = await log.append('t', { key: 'farm-1', value: Buffer.from('x') });
    expect(pos.partition).toBe(partitionForKey('farm-1', 5));
    const [record] = await log.read('t', pos.partition, pos.offset, 1);
    expect(record.timestamp).toBeGreaterThanOrEqual(before);
    expect((await log.append('t', { key: 'farm-1', value: Buffer.from('y'), timestamp: 42 })).offset).toBe(1);
    expect((await log.read('t', pos.partition, 1))[0].timestamp).toBe(42);
    expect(await log.read('t', pos.partition, 2)).toEqual([]);
  });

  it('copies the value so a caller reusing its buffer cannot change the log', async () => {
    const log = new MemoryEventLog();
    await log.createTopic('t', { partitions: 1 });
    const value = Buffer.from('abc');
    await log.append('t', { key: 'k', value });
    value.write('zzz');
    expect((await log.read('t', 0, 0))[0].value.toString()).toBe('abc');
  });

  it('overwrites a group commit per partition and keeps groups apart', async () => {
    const log = new MemoryEventLog();
    await log.createTopic('t', { partitions: 2 });
    await log.commitOffsets('g', 't', [{ partition: 0, offset: 3 }]);
    await log.commitOffsets('g', 't', [{ partition: 0, offset: 5 }, { partition: 1, offset: 1 }]);
    expect(await log.fetchOffsets('g', 't')).toEqual([
      { partition: 0, offset: 5 },
      { partition: 1, offset: 1 },
    ]);
    expect(await log.fetchOffsets('h', 't')).toEqual([]);
  });
});
