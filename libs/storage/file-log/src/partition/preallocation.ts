/**
 * Zeros ahead of the log's end. The log is preallocated with written zeros, so an append
 * overwrites blocks that already exist and fdatasync flushes data alone, with no file-size
 * metadata to commit. A torn write left by a crash is zeroed so no stale bytes follow the
 * next record.
 *
 * A power loss can persist a later page of a write and not its first, leaving bytes
 * behind zeros, where a leftover record could line up after the next one. It takes every
 * process of the kernel down with it, so on a shared page cache each process's first
 * append looks at the whole free space once (a local read of at most a few MiB).
 *
 * The size comes from fstat whenever it matters: another process may have grown the file
 * since this one looked, and zeros written from a stale size would land on its records.
 */
import fs from 'node:fs';
import { isZero, readAt } from './io.ts';
import type { View } from './scan.ts';

const MIN_PREALLOCATION = 64 * 1024;
const MAX_PREALLOCATION = 8 * 1024 * 1024;

export class Preallocation {
  private freeSpaceChecked = false;

  constructor(private readonly sharedPageCache: boolean) {}

  /** Makes the bytes after the valid end zeros, and enough of them for `length` more; returns the log's size. */
  prepare(logFd: number, v: View, length: number): number {
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
}
