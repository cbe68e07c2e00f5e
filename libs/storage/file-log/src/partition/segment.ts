/**
 * One segment of a partition: its log and its offset index, read without locks (reads.ts) from
 * the state the scan finds (scan.ts). Over NFS every view of the files starts with a fresh
 * open(), so close-to-open consistency shows what other clients appended and fsynced.
 *
 * Offsets here are the segment's own, from 0; `base` is its first offset in the partition.
 * Over NFS readers serve indexed records only: a record the index lacks there was never
 * acknowledged (its writer writes its entry before answering), and it may be a stalled writer's
 * late record, past a seal its readers have not seen yet. On one page cache the index can lose
 * acknowledged entries to a power loss, so readers serve whole records past it too.
 */
import fs from 'node:fs';
import path from 'node:path';
import { CorruptRecordError } from '../errors.ts';
import { OpenFiles, type Files } from './io.ts';
import { readEntries, readRecords, type StoredRecord } from './reads.ts';
import { PartitionScan, type Entry, type View } from './scan.ts';
import { verifySegment } from './verify.ts';

/** Segment 0 keeps the names partitions had before segments; the ones after it carry their number. */
export const segmentFile = (kind: 'log' | 'index' | 'seal', n: number) => (n === 0 && kind !== 'seal' ? kind : `${kind}.${n}`);

export class Segment {
  readonly logPath: string;
  readonly indexPath: string;
  readonly scan: PartitionScan;
  private open?: OpenFiles;

  constructor(
    readonly dir: string,
    readonly n: number,
    readonly base: number,
    private readonly topic: string,
    private readonly partition: number,
    readonly sharedPageCache: boolean,
  ) {
    this.logPath = path.join(dir, segmentFile('log', n));
    this.indexPath = path.join(dir, segmentFile('index', n));
    this.scan = new PartitionScan(base);
  }

  /** Creates the segment's empty files if they are not there yet (racing sealers create the same ones). */
  static create(dir: string, n: number): void {
    for (const kind of ['log', 'index'] as const) fs.closeSync(fs.openSync(path.join(dir, segmentFile(kind, n)), 'a'));
  }

  readonly corrupt = (offset: number, reason: string) => new CorruptRecordError(this.topic, this.partition, offset, reason);

  /**
   * Runs `fn` with the files, each opened on first use. With one shared page cache the
   * descriptors stay open (fstat is always current there); over NFS every use re-opens what it
   * needs, because only open() revalidates what the client cached (close-to-open consistency),
   * and the close sends what this use wrote.
   */
  withFiles<T>(fn: (files: Files) => T): T {
    if (this.sharedPageCache) return fn((this.open ??= new OpenFiles(this.logPath, this.indexPath)));
    const files = new OpenFiles(this.logPath, this.indexPath);
    try {
      return fn(files);
    } finally {
      files.close();
    }
  }

  close(): void {
    this.open?.close();
    this.open = undefined;
  }

  /** What a reader may serve (see above). */
  private readView(files: Files): View {
    const v = this.scan.view(files);
    return this.sharedPageCache ? v : { ...v, tail: [] };
  }

  /** Records this segment holds, and whether it is sealed (the partition goes on in the next). */
  look(): { records: number; sealed: boolean } {
    return this.withFiles((files) => {
      const v = this.readView(files);
      return { records: v.count + v.tail.length, sealed: v.sealed };
    });
  }

  read(offset: number, max: number): StoredRecord[] {
    return this.withFiles((files) => readRecords(files, this.readView(files), offset, max, this.corrupt, this.base));
  }

  /** Index entries from `from` on: the record hashes the merkle tree is built on. */
  entries(from = 0): Entry[] {
    return this.withFiles((files) => readEntries(files, this.readView(files), from, this.corrupt, this.base));
  }

  /** Checks every record against the index and its own checksum; the first failure (a partition offset), if any. */
  verify(): { offset: number; reason: string } | undefined {
    const failure = this.withFiles((files) => verifySegment(files, this.scan.full(files), this.base));
    return failure && { ...failure, offset: this.base + failure.offset };
  }
}
