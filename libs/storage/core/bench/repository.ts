/**
 * Repository figures for a topic of N events (default 100,000), over the in-memory log so the
 * numbers are the repository's own: heap held by the indexes, warm read/findBy latency,
 * snapshot size and encode/decode time, and a cold open (snapshot load + first read).
 * Run: npx tsx libs/storage/core/bench/repository.ts [events]
 */
import { randomUUID } from 'node:crypto';
import { SnapshottingMemoryLog, createRepository } from '../src/index.ts';

const N = Number(process.argv[2] ?? 100_000);
const PARTITIONS = 8;
const TOPIC = 'hen';

const heapMb = (): number => {
  global.gc?.();
  return process.memoryUsage().heapUsed / 1e6;
};
const time = async <T>(f: () => Promise<T>): Promise<[T, number]> => {
  const start = performance.now();
  const result = await f();
  return [result, performance.now() - start];
};

const log = new SnapshottingMemoryLog();
const coops = Array.from({ length: 1000 }, () => randomUUID());
const writer = createRepository(log, TOPIC, { partitions: PARTITIONS });
const ids: string[] = [];
for (let i = 0; i < N; i += 1000) {
  const rows = await writer.createMany(
    Array.from({ length: Math.min(1000, N - i) }, (_, j) => ({
      payload: { name: `hen-${i + j}`, coop_id: coops[(i + j) % coops.length], breed: 'leghorn', dob: '2024-01-01', status: 'active' },
    })),
  );
  ids.push(...rows.map((r) => r.id));
}

const base = heapMb();
// Catching up the writer's 100k events, this reader saves the snapshot the cold one loads.
const reader = createRepository(log, TOPIC);
const [, replayMs] = await time(() => reader.read(ids[0]));
const indexMb = heapMb() - base;

const sample = Array.from({ length: 1000 }, (_, i) => ids[(i * 7919) % ids.length]);
const [, readMs] = await time(async () => {
  for (const id of sample) await reader.read(id);
});
const [, findMs] = await time(async () => {
  for (let i = 0; i < 1000; i++) await reader.findBy('coop_id', coops[i]);
});
const [, batchMs] = await time(() => reader.findByMany('coop_id', coops.slice(0, 50)));

const cold = createRepository(log, TOPIC);
const [, coldMs] = await time(() => cold.read(ids[ids.length - 1]));

console.log(
  JSON.stringify(
    {
      events: N,
      replay_first_read_ms: Math.round(replayMs),
      index_heap_mb: Math.round(indexMb),
      warm_read_us: Math.round(readMs),
      warm_find_by_100_rows_us: Math.round(findMs),
      find_by_many_50_values_ms: Math.round(batchMs * 10) / 10,
      snapshot_bytes: [...log.stored.values()].reduce((n, b) => n + b.length, 0),
      cold_open_from_snapshot_ms: Math.round(coldMs),
    },
    null,
    2,
  ),
);
