/**
 * One partition on disk: its log and its offset index, read without locks (reads.ts) and
 * appended to under the partition's lock (append.ts), both from the state the scan finds
 * (scan.ts). Over NFS every view of the files starts with a fresh open(), so close-to-open
 * consistency shows what other clients appended and fsynced.
 */
import fs from 'node:fs';
import path from 'node:path';
import { CorruptRecordError } from '../errors.ts';
import type { TopicLeases } from '../lease.ts';
import { Appender, type AppendTarget, type NewRecord } from './append.ts';
import { OpenFiles, type Files } from './io.ts';
import { readEntries, readRecords, type StoredRecord } from './reads.ts';
import { PartitionScan, type Entry } from './scan.ts';
import { verifyPartition } from './verify.ts';

export type { NewRecord, StoredRecord };

export interface PartitionOptions {
  fsync: boolean;
  sharedPageCache: boolean;
  leases?: TopicLeases;
  /** Opened for reading only (a log this process may not write). */
  readOnly?: boolean;
}

export class PartitionFiles implements AppendTarget {
  readonly logPath: string;
  readonly indexPath: string;
  readonly fsync: boolean;
  readonly sharedPageCache: boolean;
  readonly leases?: TopicLeases;
  readonly readOnly: boolean;
  readonly scan = new PartitionScan();
  private open?: OpenFiles;
  private readonly appender: Appender;

  constructor(
    dir: string,
    readonly lockPath: string,
    private readonly topic: string,
    readonly partition: number,
    options: PartitionOptions,
  ) {
    ({ fsync: this.fsync, sharedPageCache: this.sharedPageCache, leases: this.leases } = options);
    this.readOnly = options.readOnly ?? false;
    this.logPath = path.join(dir, 'log');
    this.indexPath = path.join(dir, 'index');
    this.appender = new Appender(this);
  }

  /** Creates the partition's empty files once, so appends never create directory entries. */
  static create(dir: string): void {
    fs.mkdirSync(dir);
    for (const name of ['log', 'index']) fs.closeSync(fs.openSync(path.join(dir, name), 'wx'));
  }

  readonly corrupt = (offset: number, reason: string) => new CorruptRecordError(this.topic, this.partition, offset, reason);

  /**
   * Runs `fn` with the files, each opened on first use. With one shared page cache the
   * descriptors stay open (fstat is always current there); over NFS every use re-opens what it
   * needs, because only open() revalidates what the client cached (close-to-open consistency).
   * A read opens the index before the log, so the records its entries point to are visible.
   */
  withFiles<T>(fn: (files: Files) => T): T {
    if (this.sharedPageCache) return fn((this.open ??= new OpenFiles(this.logPath, this.indexPath, this.readOnly)));
    const files = new OpenFiles(this.logPath, this.indexPath, this.readOnly);
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

  highWatermark(): number {
    return this.withFiles((files) => {
      const v = this.scan.view(files);
      return v.count + v.tail.length;
    });
  }

  read(offset: number, max: number): StoredRecord[] {
    return this.withFiles((files) => readRecords(files, this.scan.view(files), offset, max, this.corrupt));
  }

  /** Index entries from `from` on: the record hashes the merkle tree is built on. */
  entries(from = 0): Entry[] {
    return this.withFiles((files) => readEntries(files, this.scan.view(files), from, this.corrupt));
  }

  /** Checks every record against the index and its own checksum; the first failure, if any. */
  verify(): { offset: number; reason: string } | undefined {
    return this.withFiles((files) => verifyPartition(files, this.scan.full(files)));
  }

  append(records: NewRecord[]): StoredRecord[] | Promise<StoredRecord[]> {
    return this.appender.append(records);
  }
}
