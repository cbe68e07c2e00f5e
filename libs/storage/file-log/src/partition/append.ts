/**
 * Appends to a partition under its lock, after making the files whole: index entries the log
 * has but the index lacks are added, a torn tail is zeroed. Returns once the log is fsynced.
 * Records are encoded and hashed before the lock is taken; under it only their offsets
 * are filled in.
 *
 * Where every writer shares one page cache (one kernel: a laptop's disk), the fsync runs
 * after the lock is released: an fdatasync flushes every earlier write to the file, whoever
 * made it, so writers' fsyncs overlap instead of queueing behind the lock. Over NFS each
 * client caches its own writes, so there the fsync stays inside the lock. On one page cache the
 * lock may also be kept as a lease for this process's next append (lease.ts).
 */
import fs from 'node:fs';
import { INDEX_ENTRY, encodeIndexEntry, encodeRecord, setRecordOffset, type EncodedRecord } from '../format.ts';
import type { Lease, TopicLeases } from '../lease.ts';
import { acquireLock } from '../lock.ts';
import type { Files } from './io.ts';
import { Preallocation } from './preallocation.ts';
import type { Corrupt, StoredRecord } from './reads.ts';
import type { PartitionScan } from './scan.ts';

export interface NewRecord {
  key: string;
  value: Buffer;
  timestamp: number;
}

/** What appends need of their partition. */
export interface AppendTarget {
  readonly partition: number;
  readonly lockPath: string;
  readonly fsync: boolean;
  readonly sharedPageCache: boolean;
  /** The topic's lock leases, where processes share one page cache. */
  readonly leases?: TopicLeases;
  readonly scan: PartitionScan;
  readonly corrupt: Corrupt;
  withFiles<T>(fn: (files: Files) => T): T;
}

export class Appender {
  private readonly space: Preallocation;

  constructor(private readonly target: AppendTarget) {
    this.space = new Preallocation(target.sharedPageCache);
  }

  append(records: NewRecord[]): StoredRecord[] | Promise<StoredRecord[]> {
    const encoded = records.map((r) => encodeRecord(r.key, r.value, r.timestamp));
    const { leases, partition, lockPath } = this.target;
    const leased = leases?.take(partition);
    if (leased) return this.appendLocked(leased, records, encoded);
    const lock = acquireLock(lockPath, leases && (() => leases.ask(partition)));
    if (!(lock instanceof Promise)) return this.appendLocked({ lock, takenAt: performance.now() }, records, encoded);
    return lock.then((held) => {
      leases?.waited(partition);
      return this.appendLocked({ lock: held, takenAt: performance.now() }, records, encoded);
    });
  }

  private appendLocked(lease: Lease, records: NewRecord[], encoded: EncodedRecord[]): StoredRecord[] {
    const { sharedPageCache, leases, partition, fsync } = this.target;
    let handedOn = false;
    try {
      return this.target.withFiles((files) => {
        const first = this.writeLocked(files, encoded, !sharedPageCache);
        if (sharedPageCache) {
          if (!leases?.settle(partition, lease)) lease.lock.release();
          handedOn = true;
          if (fsync) fs.fdatasyncSync(files.log);
        }
        return records.map((r, i) => ({ ...r, offset: first + i, hash: encoded[i].hash }));
      });
    } finally {
      if (!handedOn) lease.lock.release();
    }
  }

  /** Writes the records at the end of the log and their index entries; returns the first offset. */
  private writeLocked(files: Files, records: EncodedRecord[], syncBeforeIndex: boolean): number {
    const v = this.target.scan.view(files, true);
    const logFd = files.log;
    const indexFd = files.index;
    if (v.logSize < v.end) throw this.target.corrupt(v.count - 1, 'log shorter than its index (truncated file)');
    const first = v.count + v.tail.length;
    const entries = v.tail.map(encodeIndexEntry);
    let position = v.validEnd;
    records.forEach((record, i) => {
      setRecordOffset(record, first + i);
      entries.push(encodeIndexEntry({ position, length: record.length, hash: record.hash }));
      position += record.bytes.length;
    });
    const data = records.length === 1 ? records[0].bytes : Buffer.concat(records.map((r) => r.bytes));
    const logSize = this.space.prepare(logFd, v, data.length);
    if (fs.writeSync(logFd, data, 0, data.length, v.validEnd) !== data.length) throw new Error('short write to log');
    if (syncBeforeIndex && this.target.fsync) fs.fdatasyncSync(logFd);
    const index = entries.length === 1 ? entries[0] : Buffer.concat(entries);
    if (v.indexSize !== v.count * INDEX_ENTRY) fs.ftruncateSync(indexFd, v.count * INDEX_ENTRY);
    fs.writeSync(indexFd, index, 0, index.length, v.count * INDEX_ENTRY);
    this.target.scan.written({ count: first + records.length, end: position, logSize });
    return first;
  }
}
