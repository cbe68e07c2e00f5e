import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { partitionForKey, UnknownTopicError } from '@egg/storage-core';
import { CorruptRecordError, FileEventLog, verifyProof } from '../src/index.ts';
import { openTemp, parse, partitionDir, value } from './helpers.ts';

describe('FileEventLog', () => {
  it('appends, reads back and counts, offsets dense per partition', async () => {
    const { log } = await openTemp();
    await log.createTopic('t', { partitions: 3 });
    const positions = [];
    for (let i = 0; i < 30; i++) positions.push(await log.append('t', { key: `k${i % 5}`, value: value({ i }) }));
    for (let p = 0; p < 3; p++) {
      const mine = positions.filter((x) => x.partition === p).map((x) => x.offset);
      expect(mine).toEqual(mine.map((_, i) => i));
      expect(await log.highWatermark('t', p)).toBe(mine.length);
      const records = await log.read('t', p, 0);
      expect(records.map((r) => r.offset)).toEqual(mine);
      for (const r of records) expect(r.hash).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('keeps one key in one partition, the one Kafka would pick', async () => {
    const { log } = await openTemp();
    await log.createTopic('t', { partitions: 4 });
    for (let i = 0; i < 20; i++) {
      const key = `key-${i % 4}`;
      const pos = await log.append('t', { key, value: value(i) });
      expect(pos.partition).toBe(partitionForKey(key, 4));
      expect(await log.partitionFor('t', key)).toBe(pos.partition);
    }
  });

  it('appends a batch in input order, across partitions', async () => {
    const { log } = await openTemp();
    await log.createTopic('t', { partitions: 2 });
    const events = Array.from({ length: 10 }, (_, i) => ({ key: 'same', value: value({ i }), timestamp: 1000 + i }));
    const positions = await log.appendBatch('t', events);
    const records = await log.read('t', positions[0].partition, 0);
    expect(records.map((r) => parse(r.value).i)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(records.map((r) => r.timestamp)).toEqual(events.map((e) => e.timestamp));
    expect(records.every((r) => r.key === 'same')).toBe(true);
  });

  it('reads from an offset with a maximum, and nothing past the end', async () => {
    const { log } = await openTemp();
    await log.createTopic('t', { partitions: 1 });
    for (let i = 0; i < 10; i++) await log.append('t', { key: 'k', value: value(i) });
    expect((await log.read('t', 0, 4, 3)).map((r) => parse(r.value as Buffer))).toEqual([4, 5, 6]);
    expect(await log.read('t', 0, 10)).toEqual([]);
  });

  it('creates topics idempotently and rejects unknown ones', async () => {
    const { log } = await openTemp();
    await log.createTopic('t', { partitions: 2 });
    await log.createTopic('t', { partitions: 5 });
    expect(await log.partitionCount('t')).toBe(2);
    await expect(log.partitionCount('nope')).rejects.toBeInstanceOf(UnknownTopicError);
  });

  it('keeps everything across close and reopen', async () => {
    const { dir, log } = await openTemp();
    await log.createTopic('t', { partitions: 2 });
    await log.appendBatch('t', Array.from({ length: 50 }, (_, i) => ({ key: `k${i}`, value: value(i) })));
    await log.close();
    const again = await FileEventLog.open(dir);
    const all = [...(await again.read('t', 0, 0)), ...(await again.read('t', 1, 0))];
    expect(all.map((r) => parse(r.value as Buffer)).sort((a, b) => Number(a) - Number(b))).toEqual(
      Array.from({ length: 50 }, (_, i) => i),
    );
  });

  it('commits consumer group offsets and resumes from them after a restart', async () => {
    const { dir, log } = await openTemp();
    await log.createTopic('t', { partitions: 2 });
    expect(await log.fetchOffsets('g', 't')).toEqual([]);
    await log.commitOffsets('g', 't', [{ partition: 0, offset: 3 }]);
    await log.commitOffsets('g', 't', [{ partition: 1, offset: 7 }]);
    await log.close();
    const again = await FileEventLog.open(dir);
    expect(await again.fetchOffsets('g', 't')).toEqual([
      { partition: 0, offset: 3 },
      { partition: 1, offset: 7 },
    ]);
    expect(await again.fetchOffsets('other', 't')).toEqual([]);
  });

  it('creates each topic whole, with exactly one lock token per partition, however many creators race', async () => {
    const { dir, log } = await openTemp();
    const others = await Promise.all(Array.from({ length: 4 }, () => FileEventLog.open(dir)));
    await Promise.all([log, ...others].map((l) => l.createTopic('t', { partitions: 2 })));
    const topic = path.dirname(partitionDir(dir, 't', 0));
    expect(fs.readdirSync(topic).sort()).toEqual(['0', '1', 'groups', 'locks', 'meta.json', 'snapshots']);
    for (let p = 0; p < 2; p++) expect(fs.readdirSync(partitionDir(dir, 't', p)).sort()).toEqual(['index', 'log']);
    const tokens = () => [0, 1].map((p) => fs.readdirSync(path.join(topic, 'locks', String(p))));
    expect(fs.readdirSync(path.join(topic, 'locks')).sort()).toEqual(['0', '1', 'wants']);
    expect(tokens()).toEqual([['lock'], ['lock']]);
    expect(fs.readdirSync(path.join(dir, 'incoming'))).toEqual([]);
    await log.append('t', { key: 'k', value: value(1) });
    await new Promise(setImmediate); // the lease ends when the event loop turns
    expect(tokens()).toEqual([['lock'], ['lock']]);
  });

  it('keeps a partition lock between appends of one turn of the event loop, and gives it back after', async () => {
    const { dir, log } = await openTemp();
    await log.createTopic('t', { partitions: 1 });
    const locks = path.join(path.dirname(partitionDir(dir, 't', 0)), 'locks', '0');
    await log.append('t', { key: 'k', value: value(1) });
    await log.append('t', { key: 'k', value: value(2) });
    expect(fs.readdirSync(locks).filter((n) => n.startsWith('lock.held.'))).toHaveLength(1);
    await new Promise(setImmediate);
    expect(fs.readdirSync(locks)).toEqual(['lock']);
    const nfs = await FileEventLog.open(dir, { sharedPageCache: false });
    await nfs.append('t', { key: 'k', value: value(3) });
    expect(fs.readdirSync(locks)).toEqual(['lock']); // no leases where page caches are separate
  });

  it('refreshes a lease held for over a second instead of letting go, and drops one broken meanwhile', async () => {
    const { dir, log } = await openTemp();
    await log.createTopic('t', { partitions: 1 });
    const locks = path.join(path.dirname(partitionDir(dir, 't', 0)), 'locks', '0');
    const held = () => fs.readdirSync(locks).filter((n) => n.startsWith('lock.held.'));
    const sleepWithoutTurning = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
    await log.append('t', { key: 'k', value: value(1) });
    const [token] = held();
    const before = fs.statSync(path.join(locks, token)).ctimeMs;
    sleepWithoutTurning(1100);
    await log.append('t', { key: 'k', value: value(2) });
    expect(held()).toEqual([token]);
    expect(fs.statSync(path.join(locks, token)).ctimeMs).toBeGreaterThan(before);
    sleepWithoutTurning(1100);
    fs.renameSync(path.join(locks, token), path.join(locks, 'lock')); // broken as stale by another process
    await log.append('t', { key: 'k', value: value(3) });
    // Taken afresh, under a name of its own: a name is never reused for a second taking.
    expect(held()).toHaveLength(1);
    expect(held()[0]).not.toBe(token);
    expect((await log.read('t', 0, 0)).map((r) => parse(r.value))).toEqual([1, 2, 3]);
  });

  it('gives the lock back at once when asked, and clears an ask nobody is left to take up', async () => {
    const { dir, log } = await openTemp();
    await log.createTopic('t', { partitions: 2 });
    const locks = path.join(path.dirname(partitionDir(dir, 't', 0)), 'locks');
    const p = await log.partitionFor('t', 'k');
    const asked = Buffer.alloc(2);
    asked[p] = 1; // as a waiter that died left it
    fs.writeFileSync(path.join(locks, 'wants'), asked);
    await log.append('t', { key: 'k', value: value(1) });
    expect(fs.readdirSync(path.join(locks, String(p)))).toEqual(['lock']);
    expect([...fs.readFileSync(path.join(locks, 'wants'))]).toEqual([0, 0]);
  });

  it('refuses a topic of another on-disk layout with an error naming it, and writes nothing there', async () => {
    const { dir, log } = await openTemp();
    for (let p = 0; p < 2; p++) {
      fs.mkdirSync(partitionDir(dir, 'old', p), { recursive: true });
      for (const name of ['log', 'index', 'lock']) fs.writeFileSync(path.join(partitionDir(dir, 'old', p), name), '');
    }
    fs.writeFileSync(path.join(path.dirname(partitionDir(dir, 'old', 0)), 'meta.json'), JSON.stringify({ partitions: 2 }));
    await expect(log.append('old', { key: 'k', value: value(1) })).rejects.toThrow(/topic old has on-disk layout null; this log reads layout 3 only/);
    for (let p = 0; p < 2; p++) expect(fs.statSync(path.join(partitionDir(dir, 'old', p), 'log')).size).toBe(0);
  });

  it('keeps commits of different partitions by different members of a group', async () => {
    const { dir, log } = await openTemp();
    await log.createTopic('t', { partitions: 3 });
    const other = await FileEventLog.open(dir);
    await Promise.all([
      log.commitOffsets('g', 't', [{ partition: 0, offset: 5 }]),
      other.commitOffsets('g', 't', [{ partition: 2, offset: 9 }]),
    ]);
    await log.commitOffsets('g', 't', [{ partition: 0, offset: 6 }]);
    expect(await other.fetchOffsets('g', 't')).toEqual([
      { partition: 0, offset: 6 },
      { partition: 2, offset: 9 },
    ]);
    await expect(log.commitOffsets('g', 't', [{ partition: 3, offset: 1 }])).rejects.toBeInstanceOf(RangeError);
  });

  it('stores snapshots atomically beside the topic', async () => {
    const { log } = await openTemp();
    await log.createTopic('t', { partitions: 1 });
    expect(await log.snapshots.load('t', 'idx')).toBeUndefined();
    await log.snapshots.save('t', 'idx', Buffer.from('one'));
    await log.snapshots.save('t', 'idx', Buffer.from('two'));
    expect((await log.snapshots.load('t', 'idx'))?.toString()).toBe('two');
  });

  it('proves inclusion against the current root, and a tampered proof fails', async () => {
    const { log } = await openTemp();
    await log.createTopic('t', { partitions: 1 });
    for (let i = 0; i < 13; i++) await log.append('t', { key: 'k', value: value(i) });
    const root = await log.merkleRoot('t', 0);
    for (let offset = 0; offset < 13; offset++) {
      const proof = await log.proof('t', 0, offset);
      expect(proof.root).toBe(root);
      expect(verifyProof(proof, root)).toBe(true);
    }
    const proof = await log.proof('t', 0, 5);
    expect(verifyProof({ ...proof, offset: 6 }, root)).toBe(false);
    expect(verifyProof({ ...proof, recordHash: proof.path[0] }, root)).toBe(false);
    expect(verifyProof(proof, 'ff'.repeat(32))).toBe(false);
    await log.append('t', { key: 'k', value: value(13) });
    expect(verifyProof(proof, await log.merkleRoot('t', 0))).toBe(false);
    expect((await log.proof('t', 0, 0)).recordHash).toBe((await log.read('t', 0, 0, 1))[0].hash);
  });

  it('reports a flipped byte at its offset and never serves the damaged record', async () => {
    const { dir, log } = await openTemp();
    await log.createTopic('t', { partitions: 1 });
    for (let i = 0; i < 20; i++) await log.append('t', { key: 'k', value: value({ i, pad: 'x'.repeat(40) }) });
    expect(await log.verify('t')).toEqual({ ok: true, records: 20 });
    const logFile = path.join(partitionDir(dir, 't', 0), 'log');
    const bytes = fs.readFileSync(logFile);
    const seventh = (await log.read('t', 0, 7, 1))[0];
    const at = bytes.indexOf(JSON.stringify({ i: 7, pad: 'x'.repeat(40) }));
    expect(at).toBeGreaterThan(0);
    bytes[at + 3] ^= 0x01;
    fs.writeFileSync(logFile, bytes);
    expect(await log.verify('t')).toMatchObject({ ok: false, partition: 0, offset: seventh.offset });
    await expect(log.read('t', 0, 7, 1)).rejects.toBeInstanceOf(CorruptRecordError);
    await expect(log.read('t', 0, 0)).rejects.toThrow(/offset 7/);
    expect((await log.read('t', 0, 0, 7)).map((r) => parse(r.value as Buffer).i)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('reports a log truncated mid-record and refuses to append over it', async () => {
    const { dir, log } = await openTemp();
    await log.createTopic('t', { partitions: 1 });
    for (let i = 0; i < 10; i++) await log.append('t', { key: 'k', value: value(`record-${i}`) });
    const logFile = path.join(partitionDir(dir, 't', 0), 'log');
    const cut = fs.readFileSync(logFile).indexOf('record-8');
    fs.truncateSync(logFile, cut);
    expect(await log.verify('t')).toMatchObject({ ok: false, partition: 0, offset: 8 });
    // Record 8 is cut in half and record 9 went with the cut file: reading either throws.
    await expect(log.read('t', 0, 8, 1)).rejects.toBeInstanceOf(CorruptRecordError);
    await expect(log.read('t', 0, 9, 1)).rejects.toBeInstanceOf(CorruptRecordError);
    expect((await log.read('t', 0, 0, 8)).map((r) => parse(r.value as Buffer))).toEqual(
      [0, 1, 2, 3, 4, 5, 6, 7].map((i) => `record-${i}`),
    );
    await expect(log.append('t', { key: 'k', value: value(10) })).rejects.toBeInstanceOf(CorruptRecordError);
  });

  it('refuses to append over a log truncated at a record boundary', async () => {
    const { dir, log } = await openTemp();
    await log.createTopic('t', { partitions: 1 });
    for (let i = 0; i < 10; i++) await log.append('t', { key: 'k', value: value(`record-${i}`) });
    const logFile = path.join(partitionDir(dir, 't', 0), 'log');
    // Record 8 = 48-byte header, then timestamp (8), key length (4), key 'k' (1), value.
    const valueStart = fs.readFileSync(logFile).indexOf(JSON.stringify('record-8'));
    fs.truncateSync(logFile, valueStart - 13 - 48);
    expect(await log.verify('t')).toMatchObject({ ok: false, partition: 0, offset: 8 });
    expect(await log.highWatermark('t', 0)).toBe(10);
    await expect(log.append('t', { key: 'k', value: value(10) })).rejects.toBeInstanceOf(CorruptRecordError);
  });

  it('rebuilds a lost index from the log and writes over a torn tail', async () => {
    const { dir, log } = await openTemp();
    await log.createTopic('t', { partitions: 1 });
    for (let i = 0; i < 5; i++) await log.append('t', { key: 'k', value: value(`record-${i}`) });
    const p = partitionDir(dir, 't', 0);
    const logFile = path.join(p, 'log');
    const bytes = fs.readFileSync(logFile);
    const end = bytes.indexOf('record-4') + JSON.stringify('record-4').length - 1;
    // A crash after the log's fsync but before the index write, then a torn half of a further record.
    fs.truncateSync(path.join(p, 'index'), 48 * 3 + 20);
    const fd = fs.openSync(logFile, 'r+');
    fs.writeSync(fd, Buffer.from([0xe6, 0x61, 0x06, 0x01, 0, 0, 0, 99, 1, 2, 3]), 0, 11, end);
    fs.closeSync(fd);
    const fresh = await FileEventLog.open(dir);
    expect(await fresh.highWatermark('t', 0)).toBe(5);
    expect((await fresh.read('t', 0, 0)).map((r) => parse(r.value as Buffer))).toEqual([0, 1, 2, 3, 4].map((i) => `record-${i}`));
    const pos = await fresh.append('t', { key: 'k', value: value('record-5') });
    expect(pos.offset).toBe(5);
    expect((await fresh.read('t', 0, 0)).map((r) => parse(r.value as Buffer))).toEqual(
      [0, 1, 2, 3, 4, 5].map((i) => `record-${i}`),
    );
    expect(await fresh.verify('t')).toEqual({ ok: true, records: 6 });
  });

  it('keeps serving records the index lost until an append writes their entries back', async () => {
    const { dir, log } = await openTemp();
    await log.createTopic('t', { partitions: 1 });
    for (let i = 0; i < 5; i++) await log.append('t', { key: 'k', value: value(`record-${i}`) });
    // A power loss: the log was fsynced, the index (never fsynced) lost its last two entries.
    fs.truncateSync(path.join(partitionDir(dir, 't', 0), 'index'), 48 * 3);
    const reader = await FileEventLog.open(dir);
    const all = [0, 1, 2, 3, 4].map((i) => `record-${i}`);
    for (let round = 0; round < 2; round++) {
      expect(await reader.highWatermark('t', 0)).toBe(5);
      expect((await reader.read('t', 0, 0)).map((r) => parse(r.value as Buffer))).toEqual(all);
    }
    const writer = await FileEventLog.open(dir);
    expect((await writer.append('t', { key: 'k', value: value('record-5') })).offset).toBe(5);
    expect((await reader.read('t', 0, 0)).map((r) => parse(r.value as Buffer))).toEqual([...all, 'record-5']);
    expect(await reader.verify('t')).toEqual({ ok: true, records: 6 });
  });

  it('after a power loss, never lets a leftover record of a torn batch line up behind a new one', async () => {
    const { dir, log } = await openTemp();
    await log.createTopic('t', { partitions: 1 });
    for (let i = 0; i < 5; i++) await log.append('t', { key: 'k', value: value(`record-${i}`) });
    const p = partitionDir(dir, 't', 0);
    // The batch of records 3 and 4 was never acknowledged: its first page (record 3's header)
    // did not reach the disk, a later one (record 4) did, and neither has index entries.
    const third = fs.readFileSync(path.join(p, 'index')).readBigUInt64BE(3 * 48);
    fs.truncateSync(path.join(p, 'index'), 3 * 48);
    const fd = fs.openSync(path.join(p, 'log'), 'r+');
    fs.writeSync(fd, Buffer.alloc(48), 0, 48, Number(third));
    fs.closeSync(fd);
    const restarted = await FileEventLog.open(dir);
    expect(await restarted.highWatermark('t', 0)).toBe(3);
    const pos = await restarted.append('t', { key: 'k', value: value('record-X') });
    expect(pos.offset).toBe(3);
    expect((await restarted.read('t', 0, 0)).map((r) => parse(r.value as Buffer))).toEqual(['record-0', 'record-1', 'record-2', 'record-X']);
    expect(await restarted.verify('t')).toEqual({ ok: true, records: 4 });
  });

  it('grows the log past its preallocation without losing a record', async () => {
    const { log } = await openTemp();
    await log.createTopic('t', { partitions: 1 });
    const big = 'x'.repeat(30_000);
    for (let i = 0; i < 10; i++) await log.append('t', { key: 'k', value: value({ i, big }) });
    expect((await log.read('t', 0, 0)).map((r) => (parse(r.value) as { i: number }).i)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(await log.verify('t')).toEqual({ ok: true, records: 10 });
  });
});
