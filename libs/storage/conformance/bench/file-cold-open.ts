/**
 * Cold open over the real file log: N events (default 100,000) in an 8-partition topic, then
 * a fresh process-like repository (new FileEventLog over the same dir) answers its first read,
 * with and without the index snapshot. Run: npx tsx libs/storage/conformance/bench/file-cold-open.ts [events]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { createRepository } from '@egg/storage-core';
import { FileEventLog } from '@egg/storage-file';

const N = Number(process.argv[2] ?? 100_000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'egg-cold-open-'));
const ms = (start: number): number => Math.round(performance.now() - start);

try {
  const writerLog = await FileEventLog.open(dir);
  const writer = createRepository(writerLog, 'hen', { partitions: 8 });
  const coops = Array.from({ length: 1000 }, () => randomUUID());
  let last = '';
  const start = performance.now();
  for (let i = 0; i < N; i += 1000) {
    const rows = await writer.createMany(
      Array.from({ length: Math.min(1000, N - i) }, (_, j) => ({
        payload: { name: `hen-${i + j}`, coop_id: coops[(i + j) % 1000], breed: 'leghorn', dob: '2024-01-01', status: 'active' },
      })),
    );
    last = rows[rows.length - 1].id;
  }
  const writeMs = ms(start);
  // Writers never pay for snapshots; the first reader that catches their writes up does.
  await createRepository(writerLog, 'hen').read(last);
  await writerLog.close();

  const cold = async (): Promise<number> => {
    const log = await FileEventLog.open(dir);
    const begin = performance.now();
    const found = await createRepository(log, 'hen').read(last);
    const took = ms(begin);
    if (!found) throw new Error('cold read missed the last write');
    await log.close();
    return took;
  };
  const withSnapshot = await cold();
  const snapshot = path.join(dir, 'topics', 'hen', 'snapshots', 'repository-index');
  const snapshotBytes = fs.statSync(snapshot).size;
  fs.rmSync(snapshot);
  const replay = await cold();
  console.log(JSON.stringify({ events: N, write_ms: writeMs, snapshot_bytes: snapshotBytes, cold_open_ms: withSnapshot, cold_open_replay_ms: replay }));
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
