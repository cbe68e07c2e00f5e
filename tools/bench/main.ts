/**
 * `npm run bench`: the reference's four scenarios on local disk and on the EFS model, cold
 * start, memory and bundle sizes; writes docs/benchmarks.md and docs/benchmarks.json.
 *
 *   BENCH_FS     local | efs-model | both (default both; the model is skipped, with the reason, where FUSE is missing)
 *   BENCH_URL    measure a running stack instead (scenarios only; seeds over REST)
 *   BENCH_QUICK  1 = a small seed and short runs, to try the command (the report says so)
 *   SKIP_BUILD   1 = use the bundles in dist/apps
 */
import { execFileSync } from 'node:child_process';
import { INTERNAL_TOKEN_ENV } from '@egg/shared-contract';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildAll } from '@egg/local-stack/build';
import type { LocalStack } from '@egg/local-stack/stack';
import { renderMarkdown } from './report.ts';
import { NOTES } from './notes.ts';
import type { FsName, FsRun, Measurements, Startup } from './report-types.ts';
import { projectionReads, seedStorage, type StorageEconomy } from './projections.ts';
import { concurrentUsers, federated, warmCrud } from './scenarios.ts';
import { layReport, seedEconomy, type Economy, type SeedSize } from './seed.ts';
import { create } from './client.ts';
import { roundTrips } from '@egg/efs-model/mount';
import { startStackProcess } from './stack-process.ts';
import { authCost } from './auth.ts';
import { instanceHop } from './instance-hop.ts';
import { bundleSizes, coldStarts, memory } from './startup.ts';
import { costModel } from './cost.ts';
import { computeTargets } from './targets.ts';
import { contendedWriters } from './writers.ts';
import { openFileSystem } from './file-systems.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface Plan {
  seed: SeedSize;
  crudRounds: number;
  federatedRounds: number;
  usersSeconds: number;
  writerRounds: number;
  writerSeconds: number;
  coldStartRounds: number;
  /** Events per kind sent straight to a function instance (instance-hop.ts). */
  hopSamples: number;
  memoryRequests: number;
  /** Containers the storage events (as many as lay reports) are spread over. */
  containers: number;
  projectionRounds: number;
  /** Warm samples per side, and cold-start rounds, of the auth cost (auth.ts). */
  auth: { samples: number; rounds: number };
}

const FULL: Plan = {
  seed: { farms: 50, coopsPerFarm: 4, hensPerCoop: 10, layReports: 100_000 },
  crudRounds: 300,
  federatedRounds: 100,
  usersSeconds: 20,
  writerRounds: 3,
  writerSeconds: 5,
  coldStartRounds: 3,
  hopSamples: 2_000,
  memoryRequests: 10_000,
  containers: 100,
  projectionRounds: 100,
  auth: { samples: 2_000, rounds: 6 },
};
const QUICK: Plan = {
  seed: { farms: 10, coopsPerFarm: 4, hensPerCoop: 10, layReports: 5_000 },
  crudRounds: 40,
  federatedRounds: 15,
  usersSeconds: 4,
  writerRounds: 1,
  writerSeconds: 2,
  coldStartRounds: 1,
  hopSamples: 200,
  memoryRequests: 1_000,
  containers: 20,
  projectionRounds: 15,
  auth: { samples: 200, rounds: 2 },
};

/** Instances per entity function of the main stack at first, and at most when busy (the gateway scales out as the stack does it). */
const INSTANCES = 1;
const MAX_INSTANCES = 3;
const WRITERS = 5;

function readConfig(env: NodeJS.ProcessEnv) {
  const fsChoice = env.BENCH_FS || 'both';
  if (!['local', 'efs-model', 'both'].includes(fsChoice)) throw new Error(`BENCH_FS must be local, efs-model or both, got "${fsChoice}"`);
  const url = env.BENCH_URL?.replace(/\/$/, '') || undefined;
  if (url !== undefined && !/^https?:\/\//.test(url)) throw new Error(`BENCH_URL must be an http(s) URL, got "${url}"`);
  for (const key of ['BENCH_QUICK', 'SKIP_BUILD']) {
    if (env[key] && env[key] !== '1') throw new Error(`${key} must be 1 or unset, got "${env[key]}"`);
  }
  const fsList: FsName[] = url ? ['remote'] : fsChoice === 'both' ? ['local', 'efs-model'] : [fsChoice as FsName];
  return { fsList, url, explicitFs: fsChoice !== 'both', plan: env.BENCH_QUICK === '1' ? QUICK : FULL, quick: env.BENCH_QUICK === '1', build: env.SKIP_BUILD !== '1' };
}

const log = (message: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);

async function scenarios(
  fsName: FsName,
  base: string,
  where: string,
  plan: Plan,
  seeded: { economy: Economy; storage: StorageEconomy },
  dataDir: string | undefined,
  writerUrls: Map<number, string>,
  storageEnv?: NodeJS.ProcessEnv,
) {
  const { economy } = seeded;
  const shape = { coops: plan.seed.coopsPerFarm, hens: plan.seed.coopsPerFarm * plan.seed.hensPerCoop };
  log(`${fsName}: 1. warm CRUD`);
  const crud = await warmCrud(base, economy, dataDir, plan.crudRounds);
  log(`${fsName}: 2. federated query`);
  const fed = await federated(base, economy, shape, plan.federatedRounds);
  log(`${fsName}: 3. ten users for ${plan.usersSeconds} s`);
  const users = await concurrentUsers(base, economy, 10, plan.usersSeconds);
  log(`${fsName}: 4. five writers, INSTANCES=${[...writerUrls.keys()].join(' vs ')}`);
  const writers = await contendedWriters(writerUrls, economy.hens, { writers: WRITERS, rounds: plan.writerRounds, seconds: plan.writerSeconds, storageEnv });
  log(`${fsName}: 5. projections, then a cold first projection read`);
  const projections = await projectionReads(base, economy, seeded.storage, plan.projectionRounds, plan.coldStartRounds, storageEnv);
  const seed = { farms: plan.seed.farms, coops: shape.coops * plan.seed.farms, hens: economy.hens.length, layReports: economy.layReports, seconds: economy.seconds };
  return { fs: fsName, where, seed, crud, federated: fed, users, writers, projections } satisfies Omit<FsRun, 'modelLatenciesUs' | 'modelRoundTrips'>;
}

async function startup(plan: Plan, economy: Economy, stack: LocalStack, storageEnv: NodeJS.ProcessEnv): Promise<Startup> {
  log(`cold start of every function, ${plan.coldStartRounds} rounds`);
  const gatewayEnv = { SUBGRAPH_URL_TEMPLATE: `${stack.url}/{name}/graph`, [INTERNAL_TOKEN_ENV]: stack.internalToken };
  const coldStart = await coldStarts(plan.coldStartRounds, gatewayEnv);
  log(`memory after ${plan.memoryRequests} requests`);
  const mem = await memory(plan.memoryRequests, economy, storageEnv, gatewayEnv);
  log(`one event through a function instance, ${plan.hopSamples} samples each`);
  const hop = await instanceHop(plan.hopSamples, economy, storageEnv);
  log(`auth: ${plan.auth.samples} warm reads each way, ${plan.auth.rounds} cold starts each way`);
  const auth = await authCost(plan.auth);
  log('start-up, memory, size and auth measured');
  return { coldStart, memory: mem, bundles: bundleSizes(), auth, hop };
}

/** On the model: what one REST create costs in round trips to its server, from its counters over sequential creates. */
async function roundTripsPerCreate(base: string, economy: Economy, counters: () => Record<string, number>): Promise<FsRun['modelRoundTrips']> {
  const creates = 50;
  const before = counters();
  for (let i = 0; i < creates; i++) await create(base, 'lay_report', layReport(economy.hens[i % economy.hens.length], i));
  return { ...roundTrips(before, counters(), creates), creates };
}

/** One file system: a fresh data dir on it, the stacks, the seed, the scenarios (and, on local disk, start-up). */
async function runOn(fsName: 'local' | 'efs-model', plan: Plan, withStartup: boolean): Promise<{ run: FsRun; startup?: Startup }> {
  const target = await openFileSystem(fsName);
  const stacks: LocalStack[] = [];
  try {
    const storageEnv = { EGG_STORAGE: 'file', DATA_DIR: target.dataDir, ...target.storageEnv };
    log(`${fsName}: stacks on ${target.dataDir}`);
    const stackOptions = { port: 0, dataDir: target.dataDir, storageEnv: target.storageEnv, logs: 'ignore' as const };
    const starting = [
      startStackProcess({ ...stackOptions, instances: INSTANCES, maxInstances: MAX_INSTANCES }),
      ...[WRITERS, 1].map((instances) => startStackProcess({ ...stackOptions, instances, only: ['lay_report'] })),
    ];
    const started = await Promise.allSettled(starting);
    for (const s of started) if (s.status === 'fulfilled') stacks.push(s.value);
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    const [main, many, one] = stacks;
    const writerUrls = new Map([[WRITERS, many.url], [1, one.url]]);
    log(`${fsName}: seeding`);
    const economy = await seedEconomy(main.url, plan.seed, storageEnv);
    const storage = await seedStorage(main.url, { containers: plan.containers, events: plan.seed.layReports }, storageEnv);
    log(`${fsName}: seeded in ${economy.seconds.toFixed(1)} s, and ${storage.events} storage events`);
    const seeded = { economy, storage };
    const run: FsRun = {
      ...(await scenarios(fsName, main.url, target.label, plan, seeded, target.dataDir, writerUrls, storageEnv)),
      modelLatenciesUs: target.latenciesUs,
      modelRoundTrips: target.counters && (await roundTripsPerCreate(main.url, economy, target.counters)),
    };
    return { run, startup: withStartup ? await startup(plan, economy, main, storageEnv) : undefined };
  } finally {
    await Promise.all(stacks.map((s) => s.close()));
    await target.close();
    log(`${fsName}: stacks stopped`);
  }
}

function machine(): Measurements['machine'] {
  const cpus = os.cpus();
  return { cpu: cpus[0]?.model ?? 'unknown', cores: os.availableParallelism(), memoryBytes: os.totalmem(), os: `${os.type()} ${os.release()}`, node: process.version, loadAverage: os.loadavg() };
}

function commit(): string {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
  // The report's own files do not make the tree dirty: each run rewrites them.
  const dirty = git('status', '--porcelain', '--untracked-files=no', '--', '.', ':!docs/benchmarks.md', ':!docs/benchmarks.json');
  return `${git('rev-parse', '--short', 'HEAD')}${dirty ? ' (with uncommitted changes)' : ''}`;
}

async function main(): Promise<void> {
  const config = readConfig(process.env);
  const started = performance.now();
  const measurements: Measurements = { when: new Date().toISOString(), commit: commit(), machine: machine(), quick: config.quick, runs: [], skipped: [] };
  if (config.url) {
    log(`seeding ${config.url} over REST`);
    const economy = await seedEconomy(config.url, config.plan.seed);
    const storage = await seedStorage(config.url, { containers: config.plan.containers, events: config.plan.seed.layReports });
    measurements.runs.push(await scenarios('remote', config.url, config.url, config.plan, { economy, storage }, undefined, new Map([[WRITERS, config.url]])));
  } else {
    if (config.build) buildAll();
    for (const fsName of config.fsList as ('local' | 'efs-model')[]) {
      try {
        const { run, startup: s } = await runOn(fsName, config.plan, measurements.startup === undefined);
        measurements.runs.push(run);
        measurements.startup ??= s;
      } catch (error) {
        // The model needs FUSE: where it is missing, say so in the report instead of failing the whole run.
        if (fsName !== 'efs-model' || config.explicitFs || (error as Error).name !== 'EfsModelUnavailableError') throw error;
        log(`efs-model skipped: ${(error as Error).message}`);
        measurements.skipped.push({ fs: fsName, reason: (error as Error).message });
      }
    }
  }
  const targets = computeTargets(measurements);
  const docs = path.join(root, 'docs');
  fs.mkdirSync(docs, { recursive: true });
  fs.writeFileSync(path.join(docs, 'benchmarks.json'), `${JSON.stringify({ ...measurements, targets, cost: costModel(measurements) }, null, 2)}\n`);
  fs.writeFileSync(path.join(docs, 'benchmarks.md'), renderMarkdown(measurements, targets, NOTES));
  for (const t of targets) console.log(`${t.met ? 'met    ' : 'NOT MET'} ${t.figure}: ${t.value === null ? 'not measured' : Number(t.value.toPrecision(4))} (target ${t.target})`);
  log(`wrote docs/benchmarks.md and docs/benchmarks.json in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exitCode = 1;
});
