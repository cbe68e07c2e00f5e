/**
 * Measures (a) one 256-byte append against the floor of a plain write + fdatasync on the
 * same disk, and (c) a cold open of a topic holding 100,000 events, in a fresh process.
 *   npx tsx bench/append-and-cold-open.ts [dir]
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FileEventLog } from '../src/index.ts';

const SAMPLES = 2_000;
const COLD_EVENTS = 100_000;
const PARTITIONS = 8;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
const summary = (us: number[]) => {
  const s = [...us].sort((a, b) => a - b);
  return { p50: +percentile(s, 0.5).toFixed(1), p90: +percentile(s, 0.9).toFixed(1), p99: +percentile(s, 0.99).toFixed(1) };
};
const micros = (start: bigint) => Number(process.hrtime.bigint() - start) / 1000;

function floor(dir: string): number[] {
  const fd = fs.openSync(path.join(dir, 'floor'), 'a');
  const record = Buffer.alloc(256, 'x');
  const out: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const start = process.hrtime.bigint();
    fs.writeSync(fd, record);
    fs.fdatasyncSync(fd);
    out.push(micros(start));
  }
  fs.closeSync(fd);
  return out;
}

async function appends(dir: string): Promise<number[]> {
  const log = await FileEventLog.open(dir);
  await log.createTopic('append', { partitions: PARTITIONS });
  const value = Buffer.alloc(256 - 16, 'v');
  const out: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const start = process.hrtime.bigint();
    await log.append('append', { key: `k${i % 64}`.padEnd(16, '-'), value });
    out.push(micros(start));
  }
  return out;
}

async function fill(dir: string): Promise<void> {
  const log = await FileEventLog.open(dir, { fsync: false });
  await log.createTopic('cold', { partitions: PARTITIONS });
  const value = Buffer.alloc(200, 'v');
  for (let i = 0; i < COLD_EVENTS; i += 1_000) {
    await log.appendBatch('cold', Array.from({ length: 1_000 }, (_, j) => ({ key: `id-${i + j}`, value })));
  }
}

/** In a fresh process: open, learn every partition's end, read the newest record of each. */
async function coldOpen(dir: string): Promise<void> {
  const start = process.hrtime.bigint();
  const log = await FileEventLog.open(dir);
  let total = 0;
  for (let p = 0; p < (await log.partitionCount('cold')); p++) {
    const end = await log.highWatermark('cold', p);
    total += end;
    await log.read('cold', p, end - 1, 1);
  }
  process.stdout.write(JSON.stringify({ events: total, ms: +(micros(start) / 1000).toFixed(2) }));
}

const [mode, arg] = process.argv.slice(2);
if (mode === 'cold') {
  await coldOpen(arg);
} else {
  const dir = fs.mkdtempSync(path.join(mode ?? os.tmpdir(), 'egg-file-log-bench-'));
  try {
    const floorUs = summary(floor(dir));
    const appendUs = summary(await appends(dir));
    console.log(`(a) 256-byte append, ${SAMPLES} samples, µs`);
    console.log(`    write+fdatasync floor ${JSON.stringify(floorUs)}`);
    console.log(`    FileEventLog.append   ${JSON.stringify(appendUs)}  p50 ratio ${(appendUs.p50 / floorUs.p50).toFixed(2)}×`);
    await fill(dir);
    const self = fileURLToPath(import.meta.url);
    const runs = Array.from({ length: 3 }, () => {
      const child = spawnSync(process.execPath, ['--import', 'tsx', self, 'cold', dir], { encoding: 'utf8' });
      if (child.status !== 0) throw new Error(child.stderr);
      return JSON.parse(child.stdout) as { events: number; ms: number };
    });
    console.log(`(c) cold open of ${runs[0].events} events in a fresh process, ms: ${runs.map((r) => r.ms).join(', ')}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
