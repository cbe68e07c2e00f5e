/**
 * Consumer groups' committed offsets: one file per group and partition, each replaced
 * atomically, so members committing different partitions need no lock and cannot undo each
 * other; the last commit of a partition wins. Files are read by name, never listed (an NFS
 * client may serve a stale directory listing).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { PartitionOffset } from '@egg/storage-core';
import { writeAtomic } from './durable-files.ts';

/** Commits each offset in `dir` (the group's); `checkPartition` throws for a partition the topic lacks. */
export function commitGroupOffsets(dir: string, offsets: PartitionOffset[], checkPartition: (partition: number) => void): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const o of offsets) {
    checkPartition(o.partition);
    if (!Number.isInteger(o.offset) || o.offset < 0) throw new RangeError(`invalid offset ${o.offset}`);
    writeAtomic(path.join(dir, String(o.partition)), Buffer.from(String(o.offset)));
  }
}

/** The committed offsets in `dir` of partitions 0..partitions-1; a partition never committed is left out. */
export function fetchGroupOffsets(dir: string, partitions: number): PartitionOffset[] {
  const out: PartitionOffset[] = [];
  for (let partition = 0; partition < partitions; partition++) {
    try {
      out.push({ partition, offset: Number(fs.readFileSync(path.join(dir, String(partition)), 'utf8')) });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return out;
}
