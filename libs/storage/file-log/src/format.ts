/**
 * On-disk record and index formats.
 *
 * Log file (one per partition), records back to back, then zeros preallocated for the next:
 *   header (48 bytes): magic u32 | body length u32 | offset u64 | sha256(body) 32 bytes
 *   body:              timestamp f64 | key length u32 | key utf-8 | value bytes
 * The record is content-addressed by the SHA-256 of its body; the header repeats the
 * offset so a record read from the wrong place is caught, not served.
 *
 * Index file (one per partition), fixed 48-byte entries, entry i describes offset i:
 *   position u64 | body length u32 | sha256(body) 32 bytes | crc of the preceding 44 bytes u32
 * The index is derived data: written after the log's fsync, never fsynced itself,
 * validated on use and rebuilt from the log when it falls behind.
 *
 * A segment sealed when a stalled writer's lock was taken over ends its index with a seal
 * entry: body length SEALED, position = the sealed length of the log, hash all zeros. The
 * partition goes on in the next segment's files (partition/segments.ts).
 */
import { hash } from 'node:crypto';
import { crc32 } from 'node:zlib';

export const MAGIC = 0xe6610601;
export const HEADER = 48;
export const INDEX_ENTRY = 48;

export interface IndexEntry {
  position: number;
  length: number;
  hash: Buffer;
}

export interface DecodedBody {
  timestamp: number;
  key: string;
  value: Buffer;
}

export function sha256(data: Buffer): Buffer {
  return hash('sha256', data, 'buffer');
}

export interface EncodedRecord {
  bytes: Buffer;
  hash: Buffer;
  length: number;
}

/**
 * Encodes a record whose offset is not known yet: the hash covers the body alone, so the
 * work is done before the partition lock is taken, and setRecordOffset fills it in under it.
 */
export function encodeRecord(key: string, value: Buffer, timestamp: number): EncodedRecord {
  const keyLength = Buffer.byteLength(key);
  const length = 12 + keyLength + value.length;
  const bytes = Buffer.allocUnsafe(HEADER + length);
  const body = bytes.subarray(HEADER);
  body.writeDoubleBE(timestamp, 0);
  body.writeUInt32BE(keyLength, 8);
  body.write(key, 12);
  value.copy(body, 12 + keyLength);
  const hash = sha256(body);
  bytes.writeUInt32BE(MAGIC, 0);
  bytes.writeUInt32BE(length, 4);
  hash.copy(bytes, 16);
  return { bytes, hash, length };
}

export function setRecordOffset(record: EncodedRecord, offset: number): void {
  writeU64(record.bytes, offset, 8);
}

// Offsets and positions stay far below 2^53; two u32 halves spare a BigInt per call.
function writeU64(buf: Buffer, value: number, at: number): void {
  buf.writeUInt32BE(Math.floor(value / 2 ** 32), at);
  buf.writeUInt32BE(value % 2 ** 32, at + 4);
}

function readU64(buf: Buffer, at: number): number {
  return buf.readUInt32BE(at) * 2 ** 32 + buf.readUInt32BE(at + 4);
}

export function decodeBody(body: Buffer): DecodedBody {
  const keyLength = body.readUInt32BE(8);
  return {
    timestamp: body.readDoubleBE(0),
    key: body.toString('utf8', 12, 12 + keyLength),
    value: Buffer.from(body.subarray(12 + keyLength)),
  };
}

export type RecordCheck = { ok: true; length: number; hash: Buffer } | { ok: false; reason: string };

/** Checks the record starting at `at` in `buf`, expected to hold `offset`. */
export function checkRecord(buf: Buffer, at: number, offset: number): RecordCheck {
  if (buf.length - at < HEADER) return { ok: false, reason: 'incomplete header' };
  if (buf.readUInt32BE(at) !== MAGIC) return { ok: false, reason: 'bad magic' };
  const length = buf.readUInt32BE(at + 4);
  if (buf.length - at - HEADER < length) return { ok: false, reason: 'incomplete body' };
  if (readU64(buf, at + 8) !== offset) return { ok: false, reason: 'offset mismatch' };
  const hash = sha256(buf.subarray(at + HEADER, at + HEADER + length));
  if (!hash.equals(buf.subarray(at + 16, at + 48))) return { ok: false, reason: 'checksum mismatch' };
  return { ok: true, length, hash };
}

/** The body length of a seal entry (no record is that long). */
export const SEALED = 0xffffffff;

export const sealEntry = (sealedLength: number): IndexEntry => ({ position: sealedLength, length: SEALED, hash: Buffer.alloc(32) });

export const isSeal = (entry: IndexEntry): boolean => entry.length === SEALED;

export function encodeIndexEntry(entry: IndexEntry): Buffer {
  const out = Buffer.allocUnsafe(INDEX_ENTRY);
  writeU64(out, entry.position, 0);
  out.writeUInt32BE(entry.length, 8);
  entry.hash.copy(out, 12);
  out.writeUInt32BE(crc32(out.subarray(0, 44)), 44);
  return out;
}

/** Undefined when the entry is torn or damaged. */
export function decodeIndexEntry(buf: Buffer, at: number): IndexEntry | undefined {
  if (buf.readUInt32BE(at + 44) !== crc32(buf.subarray(at, at + 44))) return undefined;
  return {
    position: readU64(buf, at),
    length: buf.readUInt32BE(at + 8),
    hash: Buffer.from(buf.subarray(at + 12, at + 44)),
  };
}
