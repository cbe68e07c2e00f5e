import type { Repository } from '@egg/storage-core';

export const PARTITIONS = 8;

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

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
