import fs from 'node:fs';
import type { Repository } from '@egg/storage-core';

export const PARTITIONS = 8;

/** Writes `size` rows with a unique `serial` (0..size-1), in batches; returns their ids. */
export async function seed(repo: Repository, size: number): Promise<string[]> {
  const ids: string[] = [];
  for (let from = 0; from < size; from += 1000) {
    const batch = Array.from({ length: Math.min(1000, size - from) }, (_, i) => ({
      payload: { name: `row-${from + i}`, serial: from + i, zone: `zone-${(from + i) % 10}` },
    }));
    for (const row of await repo.createMany(batch)) ids.push(row.id);
  }
  return ids;
}

/** Write requests completed so far by the disk holding `dir` (Linux sysfs); undefined elsewhere. */
export function diskWrites(dir: string): number | undefined {
  const dev = fs.statSync(dir).dev;
  const major = (dev >> 8) & 0xfff;
  const minor = (dev & 0xff) | ((dev >> 12) & 0xfff00);
  try {
    return Number(fs.readFileSync(`/sys/dev/block/${major}:${minor}/stat`, 'utf8').trim().split(/\s+/)[4]);
  } catch {
    return undefined;
  }
}

/** CPU time (user + system, every thread) this process has used, in ms. */
export function cpuMs(): number {
  const usage = process.resourceUsage();
  return (usage.userCPUTime + usage.systemCPUTime) / 1000;
}
