/**
 * 4. Five concurrent writers on one entity (lay_report), served by 5 instances and by 1,
 * in rounds that alternate between the two, then a read-back: every acknowledged write must
 * be in the log exactly once. Hand-rolled loops: each answer's id is kept for the check.
 */
import { createRepository } from '@egg/storage-core';
import { loadStorageConfig, openEventLog } from '@egg/storage-config';
import { call } from './client.ts';
import { layReport, type Hen } from './seed.ts';
import { summarize, type Latency } from './stats.ts';

/** Lambda's default timeout for the reference's functions: a request slower than this failed there. */
const TIMEOUT_MS = 30_000;
const TOPIC = 'lay_report';

interface Side {
  url: string;
  acked: string[];
  latencies: number[];
  errors: number;
  timeouts: number;
  seconds: number;
}

export interface WritersSide {
  instances: number;
  latency: Latency;
  acked: number;
  perSecond: number;
  errors: number;
  timeouts: number;
  seconds: number;
}

export interface WritersResult {
  writers: number;
  sides: WritersSide[];
  /** Acknowledged writes/s, many instances over one. */
  ratio: number;
  /** Acknowledged writes missing from the log, and found more than once. */
  lost: number;
  duplicated: number;
  /** How the read-back was done: the log itself, or the API when the stack is remote. */
  checkedIn: 'log' | 'api';
}

async function writeFor(side: Side, writers: number, hens: readonly Hen[], seconds: number, record: boolean): Promise<void> {
  const end = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      for (let i = 0; performance.now() < end; i++) {
        const start = performance.now();
        try {
          const { status, body } = await call(`${side.url}/lay_report/api`, { body: layReport(hens[(w * 7919 + i) % hens.length], i), timeoutMs: TIMEOUT_MS });
          if (!record) continue;
          if (status === 201) {
            side.acked.push((body as { id: string }).id);
            side.latencies.push(performance.now() - start);
          } else side.errors++;
        } catch (error) {
          if (!record) throw error;
          if ((error as Error).name === 'TimeoutError') side.timeouts++;
          else side.errors++;
        }
      }
    }),
  );
  if (record) side.seconds += (performance.now() - started) / 1000;
}

/** Counts each acknowledged id among the topic's records (keyed by entity id), partition by partition. */
async function countInLog(storageEnv: NodeJS.ProcessEnv, ids: Set<string>): Promise<Map<string, number>> {
  const config = loadStorageConfig(storageEnv);
  const log = await openEventLog(config);
  const seen = new Map<string, number>();
  try {
    for (let partition = 0; partition < (await log.partitionCount(TOPIC)); partition++) {
      for (let offset = 0; ; ) {
        const records = await log.read(TOPIC, partition, offset, 10_000);
        if (records.length === 0) break;
        for (const r of records) if (ids.has(r.key)) seen.set(r.key, (seen.get(r.key) ?? 0) + 1);
        offset = records[records.length - 1].offset + 1;
      }
    }
    // Present in the log is not enough: the repository must read each one back as live.
    const repo = createRepository(log, TOPIC, { partitions: config.partitions });
    const found = new Set((await repo.readMany([...ids])).map((row) => row.id));
    for (const id of ids) if (!found.has(id)) seen.delete(id);
  } finally {
    await log.close();
  }
  return seen;
}

async function countOverApi(url: string, ids: Set<string>): Promise<Map<string, number>> {
  const seen = new Map<string, number>();
  for (const id of ids) if ((await call(`${url}/lay_report/api/${id}`)).status === 200) seen.set(id, 1);
  return seen;
}

/**
 * `urls`: one stack per instance count (instances → URL), all on one log. `storageEnv`: that
 * log's configuration, to check in the log itself; absent → checked over the API (existence only).
 */
export async function contendedWriters(
  urls: Map<number, string>,
  hens: readonly Hen[],
  options: { writers: number; rounds: number; seconds: number; storageEnv?: NodeJS.ProcessEnv },
): Promise<WritersResult> {
  const sides: [number, Side][] = [...urls].map(([instances, url]) => [instances, { url, acked: [], latencies: [], errors: 0, timeouts: 0, seconds: 0 }]);
  // Warm-up: every instance opens the log, catches up on the topic and JITs its write path.
  for (const [, side] of sides) await writeFor(side, options.writers, hens, Math.max(2, options.seconds / 2), false);
  for (let round = 0; round < options.rounds; round++) {
    for (let k = 0; k < sides.length; k++) {
      const [, side] = sides[(round + k) % sides.length];
      await writeFor(side, options.writers, hens, options.seconds, true);
    }
  }
  const acked = sides.flatMap(([, side]) => side.acked);
  const ids = new Set(acked);
  const seen = options.storageEnv ? await countInLog(options.storageEnv, ids) : await countOverApi(sides[0][1].url, ids);
  const result = sides.map(([instances, side]): WritersSide => ({
    instances,
    latency: summarize(side.latencies.length ? side.latencies : [NaN]),
    acked: side.acked.length,
    perSecond: side.acked.length / side.seconds,
    errors: side.errors,
    timeouts: side.timeouts,
    seconds: side.seconds,
  }));
  const [many, one] = [...result].sort((a, b) => b.instances - a.instances);
  return {
    writers: options.writers,
    sides: result,
    ratio: many.perSecond / one.perSecond,
    lost: [...ids].filter((id) => !seen.has(id)).length,
    // An id acknowledged twice is a duplicate too, as is one the log holds twice.
    duplicated: acked.length - ids.size + [...seen.values()].filter((n) => n > 1).length,
    checkedIn: options.storageEnv ? 'log' : 'api',
  };
}
