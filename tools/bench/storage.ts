/**
 * `npm run bench:storage`: the embedded log's figures, side by side on one disk in one run.
 * Prints a table and writes JSON (the path is printed). Targets (from the storage issue):
 * create p50 ≤ 1.5 × the fsync floor; read and findBy at 100k ≤ 1.5 × at 100;
 * 5 writer processes ≥ 3 × 1; cold open of 100k well under a second. The same scaling of
 * plain-fs writers (each appending + fdatasync to a file of its own) shows what the disk
 * and cores allow. BENCH_FS=efs-model takes every figure on the EFS latency model
 * (tools/efs-model) with the file log in NFS mode. The kafka_* columns (storage-kafka.ts) are
 * measured against the test broker; targets: warm read with nothing new ≤ 2 × one ListOffsets
 * round trip, cold rebuild of 100k < 2 s.
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRepository } from '@egg/storage-core';
import { FileEventLog } from '@egg/storage-file-log';
import { fileLogOptions, loadFileLogMode } from '@egg/storage-config';
import { roundTrips } from '@egg/efs-model/mount';
import { loadBenchFs, mountBenchFs } from './bench-fs.ts';
import { PARTITIONS, diskWrites, seed } from './storage-common.ts';
import { percentile } from './stats.ts';
import { kafkaColumns } from './storage-kafka.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const BENCH_FS = loadBenchFs();
// On the model every figure is taken with the file log in NFS mode, as on EFS (statfs says FUSE there).
const model = await mountBenchFs(BENCH_FS);
const workerEnv = { ...process.env, ...model?.env };
const logOptions = fileLogOptions(loadFileLogMode(workerEnv));
const root = fs.mkdtempSync(path.join(model?.dir ?? process.env.BENCH_DIR ?? os.tmpdir(), 'egg-bench-storage-'));
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 1000);
const BIG = Number(process.env.BENCH_BIG ?? 100_000);
// Samples run and dropped before the measured ones: the steady state of a long-lived instance, as
// for the writer processes, not the JIT tiers of its first few hundred calls.
const WARMUP = 1000;

/**
 * The physical floor (a 256-byte append plus fdatasync with plain fs) and a create through
 * the repository, sampled alternately so both see the same disk and the same neighbours.
 */
async function floorAndCreate(log: FileEventLog) {
  const repo = createRepository(log, 'bench-create', { partitions: PARTITIONS });
  const fd = fs.openSync(path.join(root, 'floor.bin'), 'w');
  const record = Buffer.alloc(256, 0x61);
  const floor: number[] = [];
  const create: number[] = [];
  try {
    for (let i = 0; i < SAMPLES + WARMUP; i++) {
      let start = process.hrtime.bigint();
      fs.writeSync(fd, record);
      fs.fdatasyncSync(fd);
      const floorMs = Number(process.hrtime.bigint() - start) / 1e6;
      start = process.hrtime.bigint();
      await repo.create({ name: `hen-${i}`, serial: i });
      const createMs = Number(process.hrtime.bigint() - start) / 1e6;
      if (i >= WARMUP) {
        floor.push(floorMs);
        create.push(createMs);
      }
    }
  } finally {
    fs.closeSync(fd);
  }
  return { floor, create };
}

/**
 * Write requests the disk completes per plain append and per create, each run on its own so
 * the counts separate (other processes' writes count too: take it as a reading, not a proof).
 */
async function diskWritesPerOp(log: FileEventLog) {
  const repo = createRepository(log, 'bench-create', { partitions: PARTITIONS });
  const fd = fs.openSync(path.join(root, 'floor.bin'), 'a');
  const record = Buffer.alloc(256, 0x61);
  const count = 500;
  try {
    const before = diskWrites(root);
    for (let i = 0; i < count; i++) {
      fs.writeSync(fd, record);
      fs.fdatasyncSync(fd);
    }
    const between = diskWrites(root);
    for (let i = 0; i < count; i++) await repo.create({ name: `io-${i}`, serial: i });
    const after = diskWrites(root);
    if (before === undefined || between === undefined || after === undefined) return { floor: null, create: null };
    return { floor: (between - before) / count, create: (after - between) / count };
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * read(id) and findBy on a 100-event and a 100k-event topic, sampled alternately after a
 * warm-up, so both sizes see the same JIT state, heap and neighbours.
 */
async function readAndFindBy(log: FileEventLog) {
  const small = createRepository(log, 'bench-100', { partitions: PARTITIONS });
  const big = createRepository(log, 'bench-100k', { partitions: PARTITIONS });
  const sizes = [
    { repo: small, ids: await seed(small, 100), read: [] as number[], findBy: [] as number[] },
    { repo: big, ids: await seed(big, BIG), read: [] as number[], findBy: [] as number[] },
  ];
  for (let i = 0; i < SAMPLES + WARMUP; i++) {
    for (const size of sizes) {
      const pick = Math.floor(Math.random() * size.ids.length);
      let start = process.hrtime.bigint();
      if (!(await size.repo.read(size.ids[pick]))) throw new Error('bench read missed an entity it wrote');
      const readMs = Number(process.hrtime.bigint() - start) / 1e6;
      start = process.hrtime.bigint();
      const rows = await size.repo.findBy('serial', pick);
      const findByMs = Number(process.hrtime.bigint() - start) / 1e6;
      if (rows.length !== 1) throw new Error(`findBy returned ${rows.length} rows, expected 1`);
      if (i >= WARMUP) {
        size.read.push(readMs);
        size.findBy.push(findByMs);
      }
    }
  }
  const [s, b] = sizes.map((size) => ({ read: percentile(size.read, 50), findBy: percentile(size.findBy, 50) }));
  return { small: s, big: b };
}

/** On the EFS model, the round trips one create costs, from the model's own counters (null on a local disk). */
async function roundTripsPerCreate(log: FileEventLog) {
  if (!model) return null;
  const repo = createRepository(log, 'bench-create', { partitions: PARTITIONS });
  const count = 200;
  const before = model.counters();
  for (let i = 0; i < count; i++) await repo.create({ name: `rt-${i}`, serial: i });
  return roundTrips(before, model.counters(), count);
}

interface WorkerResult { acked: number; errors: number; start: number; end: number; cpuMs: number }

/** Runs `count` worker processes at once (on one topic); returns acked writes per second. */
async function writers(count: number, topic: string, writesEach: number, mode = 'write') {
  const children = Array.from({ length: count }, (_, i) =>
    fork(path.join(here, 'storage-worker.ts'), [mode, root, topic, String(writesEach), `w${i}`], {
      execArgv: ['--import', 'tsx'],
      env: workerEnv,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  );
  await Promise.all(children.map((c) => new Promise((ok) => c.once('message', ok))));
  const results = children.map((c) => new Promise<WorkerResult>((ok) => c.once('message', (m) => ok(m as WorkerResult))));
  const counters = model?.counters();
  for (const c of children) c.send('go');
  const done = await Promise.all(results);
  const trips = model && counters ? roundTrips(counters, model.counters(), done.reduce((n, r) => n + r.acked, 0)) : null;
  const start = Math.min(...done.map((r) => r.start));
  const end = Math.max(...done.map((r) => r.end));
  const acked = done.reduce((n, r) => n + r.acked, 0);
  return {
    perSecond: (acked / (end - start)) * 1000,
    errors: done.reduce((n, r) => n + r.errors, 0),
    cpuMsPerWrite: done.reduce((n, r) => n + r.cpuMs, 0) / acked,
    writeRoundTrips: trips?.write ?? null,
  };
}

async function coldOpen(topic: string, id: string) {
  const child = fork(path.join(here, 'storage-worker.ts'), ['cold', root, topic, id], {
    execArgv: ['--import', 'tsx'],
    env: workerEnv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise<number>((ok, fail) => {
    child.once('message', (m) => ok((m as { ms: number }).ms));
    child.once('exit', (code) => code && fail(new Error(`cold-open worker exited ${code}`)));
  });
}

async function main() {
  const log = await FileEventLog.open(root, logOptions);
  try {
    const { floor, create } = await floorAndCreate(log);
    const ios = await diskWritesPerOp(log);
    const trips = await roundTripsPerCreate(log);
    const { small, big } = await readAndFindBy(log);
    const bigRepo = createRepository(log, 'bench-100k', { partitions: PARTITIONS });
    const someId = (await bigRepo.list({ limit: 1 }))[0].id;
    const cold = await coldOpen('bench-100k', someId);
    const one = await writers(1, 'bench-writers-1', 3000);
    const five = await writers(5, 'bench-writers-5', 3000);
    const floorOne = await writers(1, 'floor', 3000, 'floor');
    const floorFive = await writers(5, 'floor', 3000, 'floor');
    const kafka = await kafkaColumns(SAMPLES, WARMUP, BIG);

    const result = {
      floor_fsync_p50_ms: percentile(floor, 50),
      create_p50_ms: percentile(create, 50),
      create_p99_ms: percentile(create, 99),
      read_p50_ms_100: small.read,
      read_p50_ms_100k: big.read,
      findby_p50_ms_100: small.findBy,
      findby_p50_ms_100k: big.findBy,
      writers_1_per_s: one.perSecond,
      writers_5_per_s: five.perSecond,
      writers_5_errors: five.errors + one.errors,
      floor_writers_1_per_s: floorOne.perSecond,
      floor_writers_5_per_s: floorFive.perSecond,
      writers_1_cpu_ms_per_write: one.cpuMsPerWrite,
      writers_5_cpu_ms_per_write: five.cpuMsPerWrite,
      floor_writers_5_cpu_ms_per_write: floorFive.cpuMsPerWrite,
      // What the cores allow five writers at the CPU each write costs them: the bound on writers_5_per_s.
      writers_5_cpu_ceiling_per_s: (os.availableParallelism() * 1000) / five.cpuMsPerWrite,
      floor_disk_writes_per_append: ios.floor,
      create_disk_writes_per_create: ios.create,
      // The EFS model's counters: round trips to the server per create, and per write of one and of five writer processes.
      model_write_round_trips_per_create: trips?.write ?? null,
      model_read_round_trips_per_create: trips?.read ?? null,
      model_write_round_trips_per_write_1: one.writeRoundTrips,
      model_write_round_trips_per_write_5: five.writeRoundTrips,
      cold_open_100k_ms: cold,
      ...kafka.columns,
    };
    const ratios = {
      create_vs_floor: result.create_p50_ms / result.floor_fsync_p50_ms,
      read_100k_vs_100: result.read_p50_ms_100k / result.read_p50_ms_100,
      findby_100k_vs_100: result.findby_p50_ms_100k / result.findby_p50_ms_100,
      writers_5_vs_1: result.writers_5_per_s / result.writers_1_per_s,
      floor_writers_5_vs_1: result.floor_writers_5_per_s / result.floor_writers_1_per_s,
      ...kafka.ratios,
    };
    console.table(Object.fromEntries(Object.entries({ ...result, ...ratios }).map(([k, v]) => [k, v === null ? null : Number(v.toFixed(3))])));
    const out = path.resolve(process.env.BENCH_OUT ?? (model ? 'dist/bench/storage-efs-model.json' : 'dist/bench/storage.json'));
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(
      out,
      JSON.stringify(
        { ...result, ratios, kafka_label: kafka.label, samples: SAMPLES, partitions: PARTITIONS, cores: os.availableParallelism(), dir: root, fs: BENCH_FS, efs_model_latencies_us: model?.latencies },
        null,
        2,
      ),
    );
    console.log(kafka.label);
    console.log(`JSON written to ${out}`);
  } finally {
    await log.close();
    if (!process.env.BENCH_KEEP) fs.rmSync(root, { recursive: true, force: true });
    await model?.unmount();
  }
}

await main();
