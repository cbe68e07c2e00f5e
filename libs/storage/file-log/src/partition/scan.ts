/**
 * What one segment's files hold: the recovery scan. The files only grow, so what this process
 * found before still holds and a quick look reads only what changed since:
 * - a read reads the index entries added since (one pread): an acknowledged write always has
 *   its entry, so that is all a read must see;
 * - an append, under the lock, reads them too (a seal entry there means the segment is closed:
 *   see segments.ts), then checks that zeros follow the end: then nobody else appended, as the
 *   next append lands exactly there.
 * Records the index lacks, a torn tail or a shorter file take the full look. (Under a lease
 * nobody else appended, but the look stays: it is what notices a log cut short underneath.)
 * Offsets here count from the segment's start; `base` (its first offset in the partition) is
 * what record headers hold.
 */
import fs from 'node:fs';
import { HEADER, INDEX_ENTRY, MAGIC, checkRecord, decodeIndexEntry, isSeal, type IndexEntry } from '../format.ts';
import { isZero, readAt, readInto, type Files } from './io.ts';

/** Index entries a quick look reads at once: what others appended since this process last looked. */
const QUICK_ENTRIES = 64;

/** An index entry with the offset it describes. */
export type Entry = IndexEntry & { offset: number };

/** What a fresh look at the files found: indexed records, plus whole records the index lacks. */
export interface View {
  count: number;
  end: number;
  logSize: number;
  indexSize: number;
  tail: Entry[];
  /** Where valid data stops. */
  validEnd: number;
  /** Whether bytes past validEnd are not zeros: a torn write to clear before the next. */
  dirtyTail: boolean;
  /** The segment was sealed after `count` records: nothing past them belongs to the partition. */
  sealed: boolean;
}

/** What this process last found whole: `count` indexed records ending at `end`; the log's size then. */
export interface Known {
  count: number;
  end: number;
  logSize: number;
  sealed?: boolean;
}

export class PartitionScan {
  private known?: Known;
  private readonly scratch = Buffer.allocUnsafe(QUICK_ENTRIES * INDEX_ENTRY);

  constructor(private readonly base = 0) {}

  /** The files' state, from what this process knows plus what changed since (see above). */
  view(files: Files, forAppend = false): View {
    let known = this.known;
    if (known && !known.sealed) known = this.indexedSince(files.index, known);
    if (known && forAppend && !known.sealed && !this.zerosAt(files.log, known.end)) known = undefined;
    if (!known) return this.full(files);
    const { count, end, sealed = false } = known;
    // Zeros were seen after `end` on every path of an append, so the file reaches past them.
    const logSize = forAppend && !sealed ? Math.max(known.logSize, end + HEADER) : known.logSize;
    this.known = { count, end, logSize, sealed };
    return { count, end, logSize, indexSize: count * INDEX_ENTRY, tail: [], validEnd: end, dirtyTail: false, sealed };
  }

  /** What an append just made whole: the next quick look starts from there. */
  written(known: Known): void {
    this.known = known;
  }

  /** What this process thought it knew is in doubt (its append was fenced off): the next look is the full one. */
  forget(): void {
    this.known = undefined;
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
        if (entry && isSeal(entry)) return { count, end, logSize: known.logSize, sealed: true };
        if (!entry || entry.position !== end) return undefined;
        end += HEADER + entry.length;
        count++;
      }
      if (n < this.scratch.length) return { count, end, logSize: known.logSize };
    }
  }

  /** The full look: the last sound index entry, then every whole record past it. */
  full(files: Files): View {
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
      if (last && isSeal(last)) return this.sealedAt(files, count - 1);
      const header = last && readAt(files.log, last.position, HEADER);
      if (header && !(header.length === HEADER && isZero(header))) break;
      last = undefined;
      count--;
    }
    const end = last ? last.position + HEADER + last.length : 0;
    const logFd = files.log;
    const logSize = fs.fstatSync(logFd).size;
    const tail: Entry[] = [];
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
      const check = checkRecord(record, 0, this.base + count + tail.length);
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
    return { count, end, logSize, indexSize, tail, validEnd, dirtyTail, sealed: false };
  }

  /** A sealed segment: `count` entries, all written before the seal entry (seal.ts), never to change. */
  private sealedAt(files: Files, count: number): View {
    const last = count > 0 ? decodeIndexEntry(readAt(files.index, (count - 1) * INDEX_ENTRY, INDEX_ENTRY), 0) : undefined;
    const end = last ? last.position + HEADER + last.length : 0;
    this.known = { count, end, logSize: end, sealed: true };
    return { count, end, logSize: end, indexSize: count * INDEX_ENTRY, tail: [], validEnd: end, dirtyTail: false, sealed: true };
  }
}
