/**
 * Reads one segment without a lock: records by offset, and the index entries the merkle tree is
 * built on. Offsets in and out are the segment's own (from 0); `base`, its first offset in the
 * partition, is what record headers hold and what corruption is reported at.
 */
import type { CorruptRecordError } from '../errors.ts';
import { HEADER, INDEX_ENTRY, checkRecord, decodeBody, decodeIndexEntry } from '../format.ts';
import { readAt, type Files } from './io.ts';
import type { Entry, View } from './scan.ts';

export interface StoredRecord {
  offset: number;
  key: string;
  value: Buffer;
  timestamp: number;
  hash: Buffer;
}

/** Makes the error for a record of this partition that fails its checks. */
export type Corrupt = (offset: number, reason: string) => CorruptRecordError;

/** Index entries [from, to), each checked by its CRC. */
function indexed(files: Files, from: number, to: number, corrupt: Corrupt, base: number): Entry[] {
  if (from >= to) return [];
  const raw = readAt(files.index, from * INDEX_ENTRY, (to - from) * INDEX_ENTRY);
  const out: Entry[] = [];
  for (let o = from; o < to; o++) {
    const entry = decodeIndexEntry(raw, (o - from) * INDEX_ENTRY);
    if (!entry) throw corrupt(base + o, 'damaged index entry');
    out.push({ ...entry, offset: o });
  }
  return out;
}

/**
 * Up to `max` records from `offset`, read in one pread; each one's magic, offset and SHA-256
 * are checked against its header and the index, so damage is thrown, never served.
 */
export function readRecords(files: Files, v: View, offset: number, max: number, corrupt: Corrupt, base: number): StoredRecord[] {
  const total = v.count + v.tail.length;
  const last = Math.min(total, offset + max);
  if (offset >= last) return [];
  const entries = indexed(files, offset, Math.min(last, v.count), corrupt, base);
  for (const t of v.tail) if (t.offset >= offset && t.offset < last) entries.push(t);
  const from = entries[0].position;
  const lastEntry = entries[entries.length - 1];
  const bytes = readAt(files.log, from, lastEntry.position + HEADER + lastEntry.length - from);
  return entries.map((entry) => {
    const at = entry.position - from;
    const check = checkRecord(bytes, at, base + entry.offset);
    if (!check.ok) throw corrupt(base + entry.offset, check.reason);
    if (!check.hash.equals(entry.hash)) throw corrupt(base + entry.offset, 'hash differs from the index');
    const body = decodeBody(bytes.subarray(at + HEADER, at + HEADER + check.length));
    return { offset: base + entry.offset, hash: check.hash, ...body };
  });
}

/** Index entries from `from` on, with the records the index lacks. */
export function readEntries(files: Files, v: View, from: number, corrupt: Corrupt, base: number): Entry[] {
  return [...indexed(files, from, v.count, corrupt, base), ...v.tail.filter((t) => t.offset >= from)];
}
