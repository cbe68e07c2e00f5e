/** A separate OS process for the storage bench: a writer, a plain-fs writer, or a cold reader. */
import fs from 'node:fs';
import path from 'node:path';
import { createRepository } from '@egg/storage-core';
import { FileEventLog } from '@egg/storage-file-log';
import { fileLogOptions, loadFileLogMode } from '@egg/storage-config';
import { PARTITIONS, cpuMs } from './storage-common.ts';

const [mode, dir, topic, arg, tag] = process.argv.slice(2);
const WARMUP_WRITES = 3000;
// EGG_FILE_LOG_MODE=nfs from the parent when the bench runs on the EFS model.
const logOptions = fileLogOptions(loadFileLogMode());
const send = (message: unknown) => new Promise<void>((ok) => process.send!(message, () => ok()));

if (mode === 'cold') {
  const start = performance.now();
  const log = await FileEventLog.open(dir, logOptions);
  const found = await createRepository(log, topic, { partitions: PARTITIONS }).read(arg);
  if (!found) throw new Error(`cold reader did not find ${arg}`);
  await send({ ms: performance.now() - start });
  await log.close();
} else if (mode === 'floor') {
  // The physical ceiling: each process appends 256 bytes + fdatasync to a file of its own.
  const fd = fs.openSync(path.join(dir, `floor-${tag}`), 'w');
  const record = Buffer.alloc(256, 0x61);
  await send('ready');
  await new Promise((ok) => process.once('message', ok));
  const start = Date.now();
  const cpu = cpuMs();
  for (let i = 0; i < Number(arg); i++) {
    fs.writeSync(fd, record);
    fs.fdatasyncSync(fd);
  }
  await send({ acked: Number(arg), errors: 0, start, end: Date.now(), cpuMs: cpuMs() - cpu });
  fs.closeSync(fd);
} else {
  const log = await FileEventLog.open(dir, logOptions);
  const repo = createRepository(log, topic, { partitions: PARTITIONS });
  await repo.list({ limit: 1 }); // topic created and indexed before the clock starts
  // A Lambda instance serves many requests: measure the steady state, not the JIT's first
  // compilations (about 0.2 s of CPU per process, which five processes on two cores share).
  const warmup = createRepository(log, `${topic}-warmup-${tag}`, { partitions: PARTITIONS });
  for (let i = 0; i < WARMUP_WRITES; i++) await warmup.create({ writer: tag, seq: i });
  await send('ready');
  await new Promise((ok) => process.once('message', ok));
  let acked = 0;
  let errors = 0;
  const start = Date.now();
  const cpu = cpuMs();
  for (let i = 0; i < Number(arg); i++) {
    try {
      await repo.create({ writer: tag, seq: i });
      acked++;
    } catch {
      errors++;
    }
  }
  await send({ acked, errors, start, end: Date.now(), cpuMs: cpuMs() - cpu });
  await log.close();
}
process.exit(0);
