/**
 * One partition on disk: its log and its offset index, read without locks and appended
 * to under the partition's lock. Every view of the files starts with a fresh open(), so
 * NFS close-to-open consistency shows what other clients appended and fsynced.
 */
import fs from 'node:fs';
import path from 'node:path';
import { CorruptRecordError } from './errors.ts';
import {
  HEADER,
  INDEX_ENTRY,
  MAGIC,
  checkRecord,
  decodeBody,
  decodeIndexEntry,
  encodeIndexEntry,
  encodeRecord,
  setRecordOffset,
  type EncodedRecord,
  type IndexEntry,
} from './format.ts';
import type { Lease, TopicLeases } from './lease.ts';
import { acquireLock } from './lock.ts';

const MIN_PREALLOCATION = 64 * 1024;
const MAX_PREALLOCATION = 8 * 1024 * 1024;
/** Index entries a quick look reads at once: what others appended since this process last looked. */
const QUICK_ENTRIES = 64;

export interface StoredRecord {
  offset: number;
  key: string;
  value: Buffer;
  timestamp: number;
  hash: Buffer;
}

export interface NewRecord {
  key: string;
  value: Buffer;
  timestamp: number;
}

/** What a fresh look at the files found: indexed records, plus whole records the index lacks. */
interface View {
  count: number;
  end: number;
  logSize: number;
  indexSize: number;
  tail: (IndexEntry & { offset: number })[];
  /** Where valid data stops. */
  validEnd: number;
  /** Whether bytes past validEnd are not zeros: a torn write to clear before the next. */
  dirtyTail: boolean;
}

/** What this process last found whole: `count` indexed records ending at `end`; the log's size then. */
interface Known {
  count: number;
  end: number;
  logSize: number;
}

const isZero = (buf: Buffer) => buf.every((b) => b === 0);

/** Reads up to buf.length bytes at `position`; returns how many there were. */
function readInto(fd: number, buf: Buffer, position: number): number {
  let done = 0;
  while (done < buf.length) {
    const n = fs.readSync(fd, buf, done, buf.length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return done;
}

function readAt(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.allocUnsafe(length);
  return buf.subarray(0, readInto(fd, buf, position));
}

interface Files {
  readonly log: number;
  readonly index: number;
}

/** Descriptors of a partition's log and index, each opened when first asked for. */
class OpenFiles implements Files {
  private logFd?: number;
  private indexFd?: number;

  constructor(
    private readonly logPath: string,
    private readonly indexPath: string,
  ) {}

  get log(): number {
    return (this.logFd ??= fs.openSync(this.logPath, 'r+'));
  }

  get index(): number {
    return (this.indexFd ??= fs.openSync(this.indexPath, 'r+'));
  }

  close(): void {
    for (const fd of [this.indexFd, this.logFd]) if (fd !== undefined) fs.closeSync(fd);
    this.logFd = this.indexFd = undefined;
  }
}

export class PartitionFiles {
  readonly logPath: string;
  readonly indexPath: string;
  private open?: OpenFiles;
  private freeSpaceChecked = false;
  private known?: Known;
  private readonly scratch = Buffer.allocUnsafe(QUICK_ENTRIES * INDEX_ENTRY);

  private readonly fsync: boolean;
  private readonly sharedPageCache: boolean;
  /** The topic's lock leases, where processes share one page cache. */
  private readonly leases?: TopicLeases;

  constructor(
    dir: string,
    private readonly lockPath: string,
    private readonly topic: string,
    private readonly partition: number,
    options: { fsync: boolean; sharedPageCache: boolean; leases?: TopicLeases },
  ) {
    ({ fsync: this.fsync, sharedPageCache: this.sharedPageCache, leases: this.leases } = options);
    this.logPath = path.join(dir, 'log');
    this.indexPath = path.join(dir, 'index');
  }

  /** Creates the partition's empty files once, so appends never create directory entries. */
  static create(dir: string): void {
    fs.mkdirSync(dir);
    for (const name of ['log', 'index']) fs.closeSync(fs.openSync(path.join(dir, name), 'wx'));
  }

  private corrupt(offset: number, reason: string): CorruptRecordError {
    return new CorruptRecordError(this.topic, this.partition, offset, reason);
  }

  /**
   * The files' state. They only grow, so what this process found before still holds and a
   * quick look reads only what changed since:
   * - a read reads the index entries added since (one pread): an acknowledged write always has
   *   its entry, so that is all a read must see;
   * - an append, under the lock, checks that zeros still follow the end it knows (one pread):
   *   then nobody appended since, as the next append lands exactly there. Otherwise it reads
   *   the new index entries and checks the zeros after them.
   * Records the index lacks, a torn tail or a shorter file take the full look. (Under a lease
   * nobody else appended, but the look stays: it is what notices a log cut short underneath.)
   */
  private view(files: Files, forAppend = false): View {
    let known = this.known;
    if (known && forAppend && !this.zerosAt(files.log, known.end)) {
      known = this.indexedSince(files.index, known);
      if (known && !this.zerosAt(files.log, known.end)) known = undefined;
    } else if (known && !forAppend) {
      known = this.indexedSince(files.index, known);
    }
    if (!known) return this.fullView(files);
    const { count, end } = known;
    // Zeros were seen after `end` on every path of an append, so the file reaches past them.
    const logSize = forAppend ? Math.max(known.logSize, end + HEADER) : known.logSize;
    this.known = { count, end, logSize };
    return { count, end, logSize, indexSize: count * INDEX_ENTRY, tail: [], validEnd: end, dirtyTail: false };
  }

  private zerosAt(logFd: number, position: number): boolean {
    const header = this.scratch.subarray(0, HEADER);
    return readInto(logFd, header, position) === HEADER && isZero(header);
  }

  /** The index entries appended after `known`, each in sequence; undefined if any is not whole. */
  private indexedSince(indexFd: number, known: Known): Known | undefined {
    let { count, end } = known;
    for (;;) {
      const n = readInto(indexFd, this.scratch, count * INDEX_ENTRY);
      if (n % INDEX_ENTRY !== 0) return undefined;
      for (let at = 0; at < n; at += INDEX_ENTRY) {
        const entry = decodeIndexEntry(this.scratch, at);
        if (!entry || entry.position !== end) return undefined;
        end += HEADER + entry.length;
        count++;
      }
      if (n < this.scratch.length) return { count, end, logSize: known.logSize };
    }
  }

  private fullView(files: Files): View {
    const indexFd = files.index;
    const indexSize = fs.fstatSync(indexFd).size;
    let count = Math.floor(indexSize / INDEX_ENTRY);
    let last: IndexEntry | undefined;
    // A crash can leave the last index entries torn, or (with the fsync after the lock) written
    // back before the record they describe, which then reads as preallocated zeros: both are
    // derived data, rebuilt from the log below. An entry pointing past the end of the file is
    // not that: the log was truncated, and that is reported, never written over.
    while (count > 0) {
      last = decodeIndexEntry(readAt(indexFd, (count - 1) * INDEX_ENTRY, INDEX_ENTRY), 0);
      const header = last && readAt(files.log, last.position, HEADER);
      if (header && !(header.length === HEADER && isZero(header))) break;
      last = undefined;
      count--;
    }
    const end = last ? last.position + HEADER + last.length : 0;
    const logFd = files.log;
    const logSize = fs.fstatSync(logFd).size;
    const tail: View['tail'] = [];
    let validEnd = end;
    // Records the index lacks: a writer crashed between the log's fsync and the index write.
    let dirtyTail = false;
    while (validEnd + HEADER <= logSize) {
      const header = readAt(logFd, validEnd, HEADER);
      if (header.readUInt32BE(0) !== MAGIC) {
        dirtyTail = !isZero(header);
        break;
      }
      const length = header.readUInt32BE(4);
      const record = Buffer.concat([header, readAt(logFd, validEnd + HEADER, Math.min(length, logSize - validEnd - HEADER))]);
      const check = checkRecord(record, 0, count + tail.length);
      if (!check.ok) {
        dirtyTail = true;
        break;
      }
      tail.push({ offset: count + tail.length, position: validEnd, length: check.length, hash: check.hash });
      validEnd += HEADER + check.length;
    }
    // Quick looks start from here only when the files agree: index entries set aside above would
    // be taken back, and records the index lacks (acknowledged ones, after a power loss) missed.
    this.known = indexSize === count * INDEX_ENTRY && tail.length === 0 ? { count, end, logSize } : undefined;
    return { count, end, logSize, indexSize, tail, validEnd, dirtyTail };
  }

  /**
   * Runs `fn` with the files, each opened on first use. With one shared page cache the
   * descriptors stay open (fstat is always current there); over NFS every use re-opens what it
   * needs, because only open() revalidates what the client cached (close-to-open consistency).
   * A read opens the index before the log, so the records its entries point to are visible.
   */
  private withFiles<T>(fn: (files: Files) => T): T {
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

  highWatermark(): number {
    return this.withFiles((files) => {
      const v = this.view(files);
      return v.count + v.tail.length;
    });
  }

  read(offset: number, max: number): StoredRecord[] {
    return this.withFiles((files) => {
      const v = this.view(files);
      const total = v.count + v.tail.length;
      const last = Math.min(total, offset + max);
      if (offset >= last) return [];
      const entries: (IndexEntry & { offset: number })[] = [];
      const indexedLast = Math.min(last, v.count);
      if (offset < indexedLast) {
        const raw = readAt(files.index, offset * INDEX_ENTRY, (indexedLast - offset) * INDEX_ENTRY);
        for (let o = offset; o < indexedLast; o++) {
          const entry = decodeIndexEntry(raw, (o - offset) * INDEX_ENTRY);
          if (!entry) throw this.corrupt(o, 'damaged index entry');
          entries.push({ ...entry, offset: o });
        }
      }
      for (const t of v.tail) if (t.offset >= offset && t.offset < last) entries.push(t);
      const from = entries[0].position;
      const lastEntry = entries[entries.length - 1];
      const bytes = readAt(files.log, from, lastEntry.position + HEADER + lastEntry.length - from);
      return entries.map((entry) => {
        const at = entry.position - from;
        const check = checkRecord(bytes, at, entry.offset);
        if (!check.ok) throw this.corrupt(entry.offset, check.reason);
        if (!check.hash.equals(entry.hash)) throw this.corrupt(entry.offset, 'hash differs from the index');
        const body = decodeBody(bytes.subarray(at + HEADER, at + HEADER + check.length));
        return { offset: entry.offset, hash: check.hash, ...body };
      });
    });
  }

  /** Index entries [from, to): the record hashes the merkle tree is built on. */
  entries(from = 0): (IndexEntry & { offset: number })[] {
    return this.withFiles((files) => {
      const v = this.view(files);
      const out: (IndexEntry & { offset: number })[] = [];
      const raw = v.count > from ? readAt(files.index, from * INDEX_ENTRY, (v.count - from) * INDEX_ENTRY) : Buffer.alloc(0);
      for (let o = from; o < v.count; o++) {
        const entry = decodeIndexEntry(raw, (o - from) * INDEX_ENTRY);
        if (!entry) throw this.corrupt(o, 'damaged index entry');
        out.push({ ...entry, offset: o });
      }
      return [...out, ...v.tail.filter((t) => t.offset >= from)];
    });
  }

  /** Checks every record against the index and its own checksum; the first failure, if any. */
  verify(): { offset: number; reason: string } | undefined {
    return this.withFiles((files) => {
      const v = this.fullView(files);
      const all = Math.floor(v.indexSize / INDEX_ENTRY);
      const raw = readAt(files.index, 0, all * INDEX_ENTRY);
      const log = readAt(files.log, 0, v.logSize);
      let expected = 0;
      for (let o = 0; o < all; o++) {
        const entry = decodeIndexEntry(raw, o * INDEX_ENTRY);
        if (!entry) {
          if (o >= v.count) break; // torn tail of the index: derived data, rebuilt from the log
          return { offset: o, reason: 'damaged index entry' };
        }
        if (entry.position !== expected) return { offset: o, reason: 'index position out of sequence' };
        const check = checkRecord(log, entry.position, o);
        if (!check.ok) return { offset: o, reason: check.reason };
        if (!check.hash.equals(entry.hash)) return { offset: o, reason: 'hash differs from the index' };
        expected = entry.position + HEADER + check.length;
      }
      return undefined;
    });
  }

  /**
   * Makes the bytes after the valid end zeros, and enough of them for `length` more.
   * The log is preallocated with written zeros, so an append overwrites blocks that
   * already exist and fdatasync flushes data alone, with no file-size metadata to commit.
   * A torn write left by a crash is zeroed so no stale bytes follow the next record.
   *
   * A power loss can persist a later page of a write and not its first, leaving bytes
   * behind zeros, where a leftover record could line up after the next one. It takes every
   * process of the kernel down with it, so on a shared page cache each process's first
   * append looks at the whole free space once (a local read of at most a few MiB).
   *
   * The size comes from fstat whenever it matters: another process may have grown the file
   * since this one looked, and zeros written from a stale size would land on its records.
   */
  private prepareSpace(logFd: number, v: View, length: number): number {
    const checkFreeSpace = this.sharedPageCache && !this.freeSpaceChecked;
    let logSize = v.logSize;
    if (v.dirtyTail || checkFreeSpace || v.validEnd + length > logSize) logSize = fs.fstatSync(logFd).size;
    const dirty = v.dirtyTail || (checkFreeSpace && !isZero(readAt(logFd, v.validEnd, logSize - v.validEnd)));
    this.freeSpaceChecked = true;
    if (dirty) fs.writeSync(logFd, Buffer.alloc(logSize - v.validEnd), 0, logSize - v.validEnd, v.validEnd);
    const needed = v.validEnd + length;
    if (needed <= logSize) return logSize;
    const grown = Math.max(needed, Math.min(Math.max(logSize * 2, MIN_PREALLOCATION), logSize + MAX_PREALLOCATION));
    fs.writeSync(logFd, Buffer.alloc(grown - logSize), 0, grown - logSize, logSize);
    return grown;
  }

  /**
   * Appends under the partition lock, after making the files whole: index entries the log
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
  append(records: NewRecord[]): StoredRecord[] | Promise<StoredRecord[]> {
    const encoded = records.map((r) => encodeRecord(r.key, r.value, r.timestamp));
    const leased = this.leases?.take(this.partition);
    if (leased) return this.appendLocked(leased, records, encoded);
    const leases = this.leases;
    const lock = acquireLock(this.lockPath, leases && (() => leases.ask(this.partition)));
    if (!(lock instanceof Promise)) return this.appendLocked({ lock, takenAt: performance.now() }, records, encoded);
    return lock.then((held) => {
      leases?.waited(this.partition);
      return this.appendLocked({ lock: held, takenAt: performance.now() }, records, encoded);
    });
  }

  private appendLocked(lease: Lease, records: NewRecord[], encoded: EncodedRecord[]): StoredRecord[] {
    let handedOn = false;
    try {
      return this.withFiles((files) => {
        const first = this.writeLocked(files, encoded, !this.sharedPageCache);
        if (this.sharedPageCache) {
          if (!this.leases?.settle(this.partition, lease)) lease.lock.release();
          handedOn = true;
          if (this.fsync) fs.fdatasyncSync(files.log);
        }
        return records.map((r, i) => ({ ...r, offset: first + i, hash: encoded[i].hash }));
      });
    } finally {
      if (!handedOn) lease.lock.release();
    }
  }

  /** Writes the records at the end of the log and their index entries; returns the first offset. */
  private writeLocked(files: Files, records: EncodedRecord[], syncBeforeIndex: boolean): number {
    const v = this.view(files, true);
    const logFd = files.log;
    const indexFd = files.index;
    if (v.logSize < v.end) throw this.corrupt(v.count - 1, 'log shorter than its index (truncated file)');
    const first = v.count + v.tail.length;
    const entries = v.tail.map(encodeIndexEntry);
    let position = v.validEnd;
    records.forEach((record, i) => {
      setRecordOffset(record, first + i);
      entries.push(encodeIndexEntry({ position, length: record.length, hash: record.hash }));
      position += record.bytes.length;
    });
    const data = records.length === 1 ? records[0].bytes : Buffer.concat(records.map((r) => r.bytes));
    const logSize = this.prepareSpace(logFd, v, data.length);
    if (fs.writeSync(logFd, data, 0, data.length, v.validEnd) !== data.length) throw new Error('short write to log');
    if (syncBeforeIndex && this.fsync) fs.fdatasyncSync(logFd);
    const index = entries.length === 1 ? entries[0] : Buffer.concat(entries);
    if (v.indexSize !== v.count * INDEX_ENTRY) fs.ftruncateSync(indexFd, v.count * INDEX_ENTRY);
    fs.writeSync(indexFd, index, 0, index.length, v.count * INDEX_ENTRY);
    this.known = { count: first + records.length, end: position, logSize };
    return first;
  }
}
