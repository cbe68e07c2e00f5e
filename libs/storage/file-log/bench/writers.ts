/**
 * Measures (b): appends per second from 5 writer processes against 1, on one topic of
 * 8 partitions, every append fsynced.
 *   npx tsx bench/writers.ts [appends per writer]
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FileEventLog } from '../src/index.ts';

const PARTITIONS = 8;

async function writer(dir: string, count: number, tag: string): Promise<void> {
  const log = await FileEventLog.open(dir);
  const value = Buffer.alloc(240, 'v');
  process.send!('ready');
  await new Promise((resolve) => process.once('message', resolve));
  for (let i = 0; i < count; i++) await log.append('w', { key: `${tag}-${i}`, value });
  process.exit(0);
}

async function run(dir: string, writers: number, count: number): Promise<number> {
  const self = fileURLToPath(import.meta.url);
  const children = Array.from({ length: writers }, (_, i) =>
    spawn(process.execPath, ['--import', 'tsx', self, 'writer', dir, String(count), `w${i}`], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
  );
  await Promise.all(children.map((c) => new Promise((resolve) => c.once('message', resolve))));
  const start = performance.now();
  const exits = children.map((c) => new Promise((resolve) => c.once('exit', resolve)));
  for (const c of children) c.send('go');
  await Promise.all(exits);
  return (writers * count) / ((performance.now() - start) / 1000);
}

const [mode, ...args] = process.argv.slice(2);
if (mode === 'writer') {
  await writer(args[0], Number(args[1]), args[2]);
} else {
  const count = Number(mode ?? 1_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'egg-file-log-writers-'));
  try {
    const log = await FileEventLog.open(dir);
    await log.createTopic('w', { partitions: PARTITIONS });
    const one = await run(dir, 1, count);
    const five = await run(dir, 5, count);
    console.log(`(b) appends/s, ${PARTITIONS} partitions: 1 writer ${one.toFixed(0)}, 5 writers ${five.toFixed(0)}, ratio ${(five / one).toFixed(2)}×`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
