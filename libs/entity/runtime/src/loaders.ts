/**
 * Per-request batching: every id read and every foreign-key lookup of one GraphQL request
 * that happens in the same tick becomes one repository call per read instant.
 */
import DataLoader from 'dataloader';
import type { Envelope, Repository } from '@egg/storage-core';

export interface Loaders {
  /** The entity `id` as it was at `instant`, or null. */
  byId: DataLoader<{ id: string; instant: number }, Envelope | null, string>;
  /** Entities whose `field` equals `value` at `instant`: at most `limit`, those created after `after`. */
  byField: DataLoader<FieldKey, Envelope[], string>;
}

function groupBy<K, T>(items: readonly T[], keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return groups;
}

export interface FieldKey {
  field: string;
  value: string;
  instant: number;
  limit: number;
  after?: string;
}

/** One findByMany per field, instant and page: keys differing only in value share it. */
const pageOf = (k: FieldKey): string => `${k.field}|${k.instant}|${k.limit}|${k.after ?? ''}`;

/** `where`: the caller's read filter (access.ts); rows it rejects are not found. */
export function createLoaders(repository: Repository, where?: (row: Envelope) => boolean): Loaders {
  const byId = new DataLoader<{ id: string; instant: number }, Envelope | null, string>(
    async (keys) => {
      const found = new Map<string, Envelope>();
      await Promise.all(
        [...groupBy(keys, (k) => k.instant)].map(async ([instant, group]) => {
          const rows = await repository.readMany([...new Set(group.map((k) => k.id))], instant);
          for (const row of rows) if (!where || where(row)) found.set(`${instant}|${row.id}`, row);
        }),
      );
      return keys.map((k) => found.get(`${k.instant}|${k.id}`) ?? null);
    },
    { cacheKeyFn: (k) => `${k.instant}|${k.id}` },
  );

  const byField = new DataLoader<FieldKey, Envelope[], string>(
    async (keys) => {
      const found = new Map<string, Envelope[] | Error>();
      await Promise.all(
        [...groupBy(keys, pageOf)].map(async ([page, group]) => {
          const { field, instant, limit, after } = group[0];
          try {
            const rows = await repository.findByMany(field, [...new Set(group.map((k) => k.value))], { at: instant, limit, after, where });
            for (const [value, list] of rows) found.set(`${page}|${String(value)}`, list);
          } catch (error) {
            // An unknown `after` fails its own page's fields, not the other lookups batched with it.
            for (const k of group) found.set(`${page}|${k.value}`, error as Error);
          }
        }),
      );
      return keys.map((k) => found.get(`${pageOf(k)}|${k.value}`) ?? []);
    },
    { cacheKeyFn: (k) => `${pageOf(k)}|${k.value}` },
  );

  return { byId, byField };
}
