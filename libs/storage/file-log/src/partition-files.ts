/**
 * One partition on disk: its log and its offset index, read without locks and appended
 * to under the partition's lock. Every view of the files starts with a fresh open(), so
 * NFS close-to-open consistency shows what other clients appended and fsynced.
 */
import { randomBytes } from 'node:crypto';
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
  type IndexEntry,
} from './format.ts';
import { acquireLock } from './lock.ts';

const MIN_PREALLOCATION = 64 * 1024;
const MAX_PREALLOCATION = 8 * 1024 * 1024;

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

const isZero = (buf: Buffer) => buf.every((b) => b === 0);

function readAt(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const n = fs.readSync(fd, buf, done, length - done, position + done);
    if (n === 0) return buf.subarray(0, done);
    done += n;
  }
  return buf;
}

export class PartitionFiles {
  readonly logPath: string;
  readonly indexPath: string;
  private readonly lockPath: string;
  private fds?: [number, number];
  private freeSpaceChecked = false;

  constructor(
    dir: string,
    private readonly topic: string,
    private readonly partition: number,
    private readonly fsync: boolean,
    private readonly sharedPageCache: boolean,
  ) {
    this.logPath = path.join(dir, 'log');
    this.indexPath = path.join(dir, 'index');
    this.lockPath = path.join(dir, 'lock');
  }

  /** Creates the empty files once, so appends never create directory entries. */
  /**
   * Creates the partition whole (log, index and the one lock token) in a private directory
   * renamed into place: racing creators agree on one, a crash leaves no half partition, and
   * no lock token is ever minted later (which would need a directory listing NFS may serve
   * from a stale cache, and could make a second token while the first is held).
   */
  static create(dir: string): void {
    if (fs.existsSync(dir)) return;
    const temp = `${dir}.tmp-${randomBytes(6).toString('hex')}`;
    fs.mkdirSync(temp, { recursive: true });
    for (const name of ['log', 'index', 'lock']) fs.closeSync(fs.openSync(path.join(temp, name), 'wx'));
    try {
      fs.renameSync(temp, dir);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST' && code !== 'ENOTEMPTY') throw error;
      fs.rmSync(temp, { recursive: true, force: true });
    }
  }

  private corrupt(offset: number, reason: string): CorruptRecordError {
    return new CorruptRecordError(this.topic, this.partition, offset, reason);
  }

  private view(logFd: number, indexFd: number): View {
    const indexSize = fs.fstatSync(indexFd).size;
    let count = Math.floor(indexSize / INDEX_ENTRY);
    let last: IndexEntry | undefined;
    // A crash can leave the last index entries torn, or (with the fsync after the lock) written
    // back before the record they describe, which then reads as preallocated zeros: both are
    // derived data, rebuilt from the log below. An entry pointing past the end of the file is
    // not that: the log was truncated, and that is reported, never written over.
    while (count > 0) {
      last = decodeIndexEntry(readAt(indexFd, (count - 1) * INDEX_ENTRY, INDEX_ENTRY), 0);
      const header = last && readAt(logFd, last.position, HEADER);
      if (header && !(header.length === HEADER && isZero(header))) break;
      last = undefined;
      count--;
    }
    const end = last ? last.position + HEADER + last.length : 0;
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
    return { count, end, logSize, indexSize, tail, validEnd, dirtyTail };
  }

  /**
   * Runs `fn` with descriptors of both files. With one shared page cache, descriptors stay
   * open (fstat is always current there); over NFS every use re-opens, because only open()
   * revalidates what the client cached (close-to-open consistency).
   */
  private withFiles<T>(fn: (logFd: number, indexFd: number) => T): T {
    if (this.sharedPageCache) {
      this.fds ??= [fs.openSync(this.logPath, 'r+'), fs.openSync(this.indexPath, 'r+')];
      return fn(this.fds[0], this.fds[1]);
    }
    const logFd = fs.openSync(this.logPath, 'r+');
    try {
      const indexFd = fs.openSync(this.indexPath, 'r+');
      try {
        return fn(logFd, indexFd);
      } finally {
        fs.closeSync(indexFd);
      }
    } finally {
      fs.closeSync(logFd);
    }
  }

  close(): void {
    if (this.fds) for (const fd of this.fds) fs.closeSync(fd);
    this.fds = undefined;
  }

  highWatermark(): number {
    return this.withFiles((logFd, indexFd) => {
      const v = this.view(logFd, indexFd);
      return v.count + v.tail.length;
    });
  }

  read(offset: number, max: number): StoredRecord[] {
    return this.withFiles((logFd, indexFd) => {
      const v = this.view(logFd, indexFd);
      const total = v.count + v.tail.length;
      const last = Math.min(total, offset + max);
      if (offset >= last) return [];
      const entries: (IndexEntry & { offset: number })[] = [];
      const indexedLast = Math.min(last, v.count);
      if (offset < indexedLast) {
        const raw = readAt(indexFd, offset * INDEX_ENTRY, (indexedLast - offset) * INDEX_ENTRY);
        for (let o = offset; o < indexedLast; o++) {
          const entry = decodeIndexEntry(raw, (o - offset) * INDEX_ENTRY);
          if (!entry) throw this.corrupt(o, 'damaged index entry');
          entries.push({ ...entry, offset: o });
        }
      }
      for (const t of v.tail) if (t.offset >= offset && t.offset < last) entries.push(t);
      const from = entries[0].position;
      const lastEntry = entries[entries.length - 1];
      const bytes = readAt(logFd, from, lastEntry.position + HEADER + lastEntry.length - from);
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
    return this.withFiles((logFd, indexFd) => {
      const v = this.view(logFd, indexFd);
      const out: (IndexEntry & { offset: number })[] = [];
      const raw = v.count > from ? readAt(indexFd, from * INDEX_ENTRY, (v.count - from) * INDEX_ENTRY) : Buffer.alloc(0);
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
    return this.withFiles((logFd, indexFd) => {
      const v = this.view(logFd, indexFd);
      const all = Math.floor(v.indexSize / INDEX_ENTRY);
      const raw = readAt(indexFd, 0, all * INDEX_ENTRY);
      const log = readAt(logFd, 0, v.logSize);
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
   */
  private prepareSpace(logFd: number, v: View, length: number): void {
    const dirty =
      v.dirtyTail ||
      (this.sharedPageCache && !this.freeSpaceChecked && !isZero(readAt(logFd, v.validEnd, v.logSize - v.validEnd)));
    this.freeSpaceChecked = true;
    if (dirty) fs.writeSync(logFd, Buffer.alloc(v.logSize - v.validEnd), 0, v.logSize - v.validEnd, v.validEnd);
    const needed = v.validEnd + length;
    if (needed <= v.logSize) return;
    const grown = Math.max(needed, Math.min(Math.max(v.logSize * 2, MIN_PREALLOCATION), v.logSize + MAX_PREALLOCATION));
    fs.writeSync(logFd, Buffer.alloc(grown - v.logSize), 0, grown - v.logSize, v.logSize);
  }

  /**
   * Appends under the partition lock, after making the files whole: index entries the log
   * has but the index lacks are added, a torn tail is zeroed. Returns once the log is fsynced.
   *
   * Where every writer shares one page cache (one kernel: a laptop's disk), the fsync runs
   * after the lock is released: an fdatasync flushes every earlier write to the file, whoever
   * made it, so writers' fsyncs overlap instead of queueing behind the lock. Over NFS each
   * client caches its own writes, so there the fsync stays inside the lock.
   */
  async append(records: NewRecord[]): Promise<StoredRecord[]> {
    const lock = await acquireLock(this.lockPath);
    let released = false;
    try {
      return this.withFiles((logFd, indexFd) => {
        const stored = this.writeLocked(logFd, indexFd, records, !this.sharedPageCache);
        if (this.sharedPageCache) {
          lock.release();
          released = true;
          if (this.fsync) fs.fdatasyncSync(logFd);
        }
        return stored;
      });
    } finally {
      if (!released) lock.release();
    }
  }

  private writeLocked(logFd: number, indexFd: number, records: NewRecord[], syncBeforeIndex: boolean): StoredRecord[] {
    {
      const v = this.view(logFd, indexFd);
      if (v.logSize < v.end) throw this.corrupt(v.count - 1, 'log shorter than its index (truncated file)');
      const repair = v.tail.map(encodeIndexEntry);
      const first = v.count + v.tail.length;
      let position = v.validEnd;
      const encoded = records.map((r, i) => {
        const e = encodeRecord(first + i, r.key, r.value, r.timestamp);
        const entry = encodeIndexEntry({ position, length: e.length, hash: e.hash });
        position += e.bytes.length;
        return { ...e, entry };
      });
      const data = Buffer.concat(encoded.map((e) => e.bytes));
      this.prepareSpace(logFd, v, data.length);
      if (fs.writeSync(logFd, data, 0, data.length, v.validEnd) !== data.length) throw new Error('short write to log');
      if (syncBeforeIndex && this.fsync) fs.fdatasyncSync(logFd);
      const index = Buffer.concat([...repair, ...encoded.map((e) => e.entry)]);
      if (v.indexSize !== v.count * INDEX_ENTRY) fs.ftruncateSync(indexFd, v.count * INDEX_ENTRY);
      fs.writeSync(indexFd, index, 0, index.length, v.count * INDEX_ENTRY);
      return records.map((r, i) => ({ ...r, offset: first + i, hash: encoded[i].hash }));
    }
  }
}
