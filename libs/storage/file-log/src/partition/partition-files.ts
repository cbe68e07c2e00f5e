/**
 * One partition on disk: a chain of segments (segment.ts), each a log and its offset index. A
 * partition has one segment until a writer takes the lock over from a stalled one: then the
 * segment the stalled writer may still write is sealed and the partition goes on in the next
 * (seal.ts). Reads follow the chain through the seal entries in each index; appends run under
 * the partition's lock in its last segment (append.ts).
 */
import fs from 'node:fs';
import type { TopicLeases } from '../lease.ts';
import { Appender, type AppendTarget, type NewRecord } from './append.ts';
import type { StoredRecord } from './reads.ts';
import type { Entry } from './scan.ts';
import { sealForTakeover } from './seal.ts';
import { Segment } from './segment.ts';

export type { NewRecord, StoredRecord };

export interface PartitionOptions {
  fsync: boolean;
  sharedPageCache: boolean;
  leases?: TopicLeases;
  lockWaitMs?: number;
  lockStaleMs?: number;
}

export class PartitionFiles implements AppendTarget {
  readonly fsync: boolean;
  readonly sharedPageCache: boolean;
  readonly leases?: TopicLeases;
  readonly lockWaitMs?: number;
  readonly lockStaleMs?: number;
  /** The segments this process knows of, in order; the last may have been sealed since. */
  private readonly segments: Segment[];
  private readonly appender: Appender;

  constructor(
    private readonly dir: string,
    readonly lockPath: string,
    readonly topic: string,
    readonly partition: number,
    options: PartitionOptions,
  ) {
    ({ fsync: this.fsync, sharedPageCache: this.sharedPageCache, leases: this.leases, lockWaitMs: this.lockWaitMs, lockStaleMs: this.lockStaleMs } = options);
    this.segments = [new Segment(dir, 0, 0, topic, partition, this.sharedPageCache)];
    this.appender = new Appender(this);
  }

  /** Creates the partition's empty first segment once, so appends never create directory entries. */
  static create(dir: string): void {
    fs.mkdirSync(dir);
    Segment.create(dir, 0);
  }

  lastSegment(): Segment {
    return this.segments[this.segments.length - 1];
  }

  /** The segment after `sealed`, which holds `count` records (its files created if missing). */
  nextSegment(sealed: Segment, count: number): Segment {
    const known = this.segments[sealed.n + 1];
    if (known) return known;
    Segment.create(this.dir, sealed.n + 1);
    const next = new Segment(this.dir, sealed.n + 1, sealed.base + count, this.topic, this.partition, this.sharedPageCache);
    this.segments.push(next);
    return next;
  }

  sealForTakeover(renew: () => boolean): Segment | undefined {
    return sealForTakeover(this.lastSegment(), (sealed, count) => this.nextSegment(sealed, count), renew);
  }

  /** Visits the segments from the one holding `offset`, learning of new ones as seals are found, until `visit` says stop or the chain ends. */
  private walk(offset: number, visit: (segment: Segment, records: number) => boolean): void {
    let i = this.segments.length - 1;
    while (i > 0 && this.segments[i].base > offset) i--;
    for (;;) {
      const segment = this.segments[i];
      const { records, sealed } = segment.look();
      if (!visit(segment, records) || !sealed) return;
      this.nextSegment(segment, records);
      i++;
    }
  }

  close(): void {
    for (const segment of this.segments) segment.close();
  }

  highWatermark(): number {
    let end = 0;
    this.walk(Infinity, (segment, records) => ((end = segment.base + records), true));
    return end;
  }

  read(offset: number, max: number): StoredRecord[] {
    const out: StoredRecord[] = [];
    this.walk(offset, (segment, records) => {
      const from = Math.max(offset, segment.base) - segment.base;
      if (from < records) out.push(...segment.read(from, max - out.length));
      return out.length < max;
    });
    return out;
  }

  /** Index entries from `from` on (partition offsets): the record hashes the merkle tree is built on. */
  entries(from = 0): Entry[] {
    const out: Entry[] = [];
    this.walk(from, (segment) => {
      const local = Math.max(from, segment.base) - segment.base;
      for (const e of segment.entries(local)) out.push({ ...e, offset: segment.base + e.offset });
      return true;
    });
    return out;
  }

  /** Checks every record against the index and its own checksum; the first failure, if any. */
  verify(): { offset: number; reason: string } | undefined {
    let failure: { offset: number; reason: string } | undefined;
    this.walk(0, (segment) => !(failure = segment.verify()));
    return failure;
  }

  append(records: NewRecord[]): StoredRecord[] | Promise<StoredRecord[]> {
    return this.appender.append(records);
  }
}
