/**
 * Per-request batching: every id read and every foreign-key lookup of one GraphQL request
 * that happens in the same tick becomes one repository call per instant (asOf).
 */
import DataLoader from 'dataloader';
import type { Envelope, Repository } from '@egg/storage-core';

export interface Loaders {
  /** The entity `id` as it was at `asOf`, or null. */
  byId: DataLoader<{ id: string; asOf: number }, Envelope | null, string>;
  /** Entities whose `field` equals `value` at `asOf`. */
  byField: DataLoader<{ field: string; value: string; asOf: number }, Envelope[], string>;
}

function groupBy<K, T>(items: readonly T[], keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return groups;
}

export function createLoaders(repository: Repository): Loaders {
  const byId = new DataLoader<{ id: string; asOf: number }, Envelope | null, string>(
    async (keys) => {
      const found = new Map<string, Envelope>();
      await Promise.all(
        [...groupBy(keys, (k) => k.asOf)].map(async ([asOf, group]) => {
          const rows = await repository.readMany([...new Set(group.map((k) => k.id))], asOf);
          for (const row of rows) found.set(`${asOf}|${row.id}`, row);
        }),
      );
      return keys.map((k) => found.get(`${k.asOf}|${k.id}`) ?? null);
    },
    { cacheKeyFn: (k) => `${k.asOf}|${k.id}` },
  );

  const byField = new DataLoader<{ field: string; value: string; asOf: number }, Envelope[], string>(
    async (keys) => {
      const found = new Map<string, Envelope[]>();
      await Promise.all(
        [...groupBy(keys, (k) => `${k.field}|${k.asOf}`)].map(async ([, group]) => {
          const { field, asOf } = group[0];
          const rows = await repository.findByMany(field, [...new Set(group.map((k) => k.value))], { at: asOf });
          for (const [value, list] of rows) found.set(`${field}|${asOf}|${String(value)}`, list);
        }),
      );
      return keys.map((k) => found.get(`${k.field}|${k.asOf}|${k.value}`) ?? []);
    },
    { cacheKeyFn: (k) => `${k.field}|${k.asOf}|${k.value}` },
  );

  return { byId, byField };
}
