/** Checks a whole segment: every index entry against its record, in order, up to its seal entry if it has one. */
import { HEADER, INDEX_ENTRY, checkRecord, decodeIndexEntry, isSeal } from '../format.ts';
import { readAt, type Files } from './io.ts';
import type { View } from './scan.ts';

/** The first offset (from the segment's start) that fails and why, or undefined when every record is sound. `v` is a full look. */
export function verifySegment(files: Files, v: View, base: number): { offset: number; reason: string } | undefined {
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
    if (isSeal(entry)) break;
    if (entry.position !== expected) return { offset: o, reason: 'index position out of sequence' };
    const check = checkRecord(log, entry.position, base + o);
    if (!check.ok) return { offset: o, reason: check.reason };
    if (!check.hash.equals(entry.hash)) return { offset: o, reason: 'hash differs from the index' };
    expected = entry.position + HEADER + check.length;
  }
  return undefined;
}
