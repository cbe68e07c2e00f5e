/**
 * Appends to a partition under its lock, in its last segment, after making the files whole:
 * index entries the log has but the index lacks are added, a torn tail is zeroed. Records are
 * encoded and hashed before the lock is taken; under it only their offsets are filled in.
 *
 * The lock may have been taken over while this writer stalled (lock.ts), and then the records
 * it wrote are past a seal and not part of the partition (seal.ts). So once its records are
 * where a taker would see them (fsynced to the server over NFS; in the shared page cache on one
 * kernel) the writer confirms the lock is still its own, by giving it back (or, keeping it as a
 * lease on one page cache, by finding its token under its own name), and only then writes their
 * index entries and answers; a lock found taken over fails the append with LockLostError. A
 * writer that took the lock over seals the segment the stalled writer may still write first.
 *
 * Where every writer shares one page cache (one kernel: a laptop's disk), the fsync runs
 * after the lock is released: an fdatasync flushes every earlier write to the file, whoever
 * made it, so writers' fsyncs overlap instead of queueing behind the lock. Over NFS each
 * client caches its own writes, so there the fsync comes before the lock is given back. On one
 * page cache the lock may also be kept as a lease for this process's next append (lease.ts).
 */
import fs from 'node:fs';
import { LockLostError } from '../errors.ts';
import { INDEX_ENTRY, encodeIndexEntry, encodeRecord, setRecordOffset, type EncodedRecord } from '../format.ts';
import type { Lease, TopicLeases } from '../lease.ts';
import { acquireLock } from '../lock.ts';
import type { Files } from './io.ts';
import { Preallocation } from './preallocation.ts';
import type { StoredRecord } from './reads.ts';
import type { View } from './scan.ts';
import type { Segment } from './segment.ts';

export interface NewRecord {
  key: string;
  value: Buffer;
  timestamp: number;
}

/** What appends need of their partition. */
export interface AppendTarget {
  readonly topic: string;
  readonly partition: number;
  readonly lockPath: string;
  readonly fsync: boolean;
  readonly sharedPageCache: boolean;
  /** The topic's lock leases, where processes share one page cache. */
  readonly leases?: TopicLeases;
  readonly lockWaitMs?: number;
  readonly lockStaleMs?: number;
  lastSegment(): Segment;
  nextSegment(sealed: Segment, count: number): Segment;
  /** After a takeover: seals what the stalled holder may still write; the segment to append to (undefined: taken over meanwhile). */
  sealForTakeover(renew: () => boolean): Segment | undefined;
}

export class Appender {
  private readonly space: Preallocation;

  constructor(private readonly target: AppendTarget) {
    this.space = new Preallocation(target.sharedPageCache);
  }

  append(records: NewRecord[]): StoredRecord[] | Promise<StoredRecord[]> {
    const encoded = records.map((r) => encodeRecord(r.key, r.value, r.timestamp));
    const { leases, partition, lockPath, lockWaitMs, lockStaleMs } = this.target;
    const leased = leases?.take(partition);
    if (leased) return this.appendLocked(leased, records, encoded);
    const lock = acquireLock(lockPath, { onWait: leases && (() => leases.ask(partition)), waitMs: lockWaitMs, staleMs: lockStaleMs });
    if (!(lock instanceof Promise)) return this.appendLocked({ lock, takenAt: performance.now() }, records, encoded);
    return lock.then((held) => {
      leases?.waited(partition);
      return this.appendLocked({ lock: held, takenAt: performance.now() }, records, encoded);
    });
  }

  private appendLocked(lease: Lease, records: NewRecord[], encoded: EncodedRecord[]): StoredRecord[] {
    const { sharedPageCache, leases, partition, fsync, topic } = this.target;
    let settled = false;
    try {
      let segment = this.target.lastSegment();
      if (lease.lock.stolen && !this.sealed.has(lease.lock)) {
        this.sealed.add(lease.lock);
        const won = this.target.sealForTakeover(() => lease.lock.renew());
        if (!won) throw new LockLostError(topic, partition);
        segment = won;
        this.confirmed = won.n;
      }
      for (;;) {
        const first = segment.withFiles((files) => {
          const v = segment.scan.view(files, true);
          if (v.sealed) return undefined;
          // A segment this process has not written under a lock confirmed since it appeared may
          // have been started by a taker of this very lock: confirm the lock before writing it.
          if (segment.n > this.confirmed) {
            if (!lease.lock.renew()) throw new LockLostError(topic, partition);
            this.confirmed = segment.n;
          }
          const at = this.writeLog(segment, files, v, encoded);
          settled = true;
          const kept = sharedPageCache && leases?.settle(partition, lease);
          if (!(kept ? lease.lock.isHeld() : lease.lock.release())) {
            segment.scan.forget();
            throw new LockLostError(topic, partition);
          }
          this.writeIndex(segment, files, v, encoded, at);
          if (sharedPageCache && fsync) fs.fdatasyncSync(files.log);
          return segment.base + at.first;
        });
        if (first !== undefined) return records.map((r, i) => ({ ...r, offset: first + i, hash: encoded[i].hash }));
        segment = this.target.nextSegment(segment, segment.look().records);
      }
    } finally {
      if (!settled) lease.lock.release();
    }
  }

  /** Locks whose takeover this process has fenced already (a lease reuses its lock). */
  private readonly sealed = new WeakSet<object>();
  /** The last segment this process found current under a lock it had confirmed since (segment numbers only grow). */
  private confirmed = 0;

  /** Writes the records at the end of the segment's log (fsynced unless the page cache is shared); where they went. */
  private writeLog(segment: Segment, files: Files, v: View, records: EncodedRecord[]): { first: number; end: number; logSize: number } {
    if (v.logSize < v.end) throw segment.corrupt(segment.base + v.count - 1, 'log shorter than its index (truncated file)');
    const first = v.count + v.tail.length;
    let position = v.validEnd;
    records.forEach((record, i) => {
      setRecordOffset(record, segment.base + first + i);
      position += record.bytes.length;
    });
    const data = records.length === 1 ? records[0].bytes : Buffer.concat(records.map((r) => r.bytes));
    const logSize = this.space.prepare(files.log, v, data.length);
    if (fs.writeSync(files.log, data, 0, data.length, v.validEnd) !== data.length) throw new Error('short write to log');
    if (!this.target.sharedPageCache && this.target.fsync) fs.fdatasyncSync(files.log);
    return { first, end: position, logSize };
  }

  /**
   * Index entries for the records the index lacked and the ones just written, once the lock is
   * known to have been ours: a writer fenced off never writes one, so every entry is of a record
   * that belongs to the partition. No truncation of anything past them: a stalled writer's late
   * truncation could cut a seal entry or a later writer's entries.
   */
  private writeIndex(segment: Segment, files: Files, v: View, records: EncodedRecord[], at: { first: number; end: number; logSize: number }): void {
    const entries = v.tail.map(encodeIndexEntry);
    let position = v.validEnd;
    for (const record of records) {
      entries.push(encodeIndexEntry({ position, length: record.length, hash: record.hash }));
      position += record.bytes.length;
    }
    const index = entries.length === 1 ? entries[0] : Buffer.concat(entries);
    fs.writeSync(files.index, index, 0, index.length, v.count * INDEX_ENTRY);
    segment.scan.written({ count: at.first + records.length, end: at.end, logSize: at.logSize });
  }
}
