/**
 * Mounts the EFS model (efs-model.c: a FUSE passthrough adding EFS's published latencies to
 * fsync, open, create, rename, unlink and getattr) over a backing directory, and unmounts it
 * when asked or when this process exits. A latency model for benchmarks, not EFS.
 *
 *   await withEfsModel(async (model) => {
 *     const stack = await startLocalStack({ port: 0, instances: 5, ...model.stack });
 *   });
 *
 * The file log cannot tell a FUSE mount is meant as NFS (statfs says FUSE), so `env` and
 * `stack` carry EGG_FILE_LOG_MODE=nfs beside DATA_DIR.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EfsModelUnavailableError, buildEfsModel, checkFuse } from './build.ts';
import { EFS_LATENCIES, latencyOptions, type EfsLatencies } from './latencies.ts';

const FUSE_SUPER_MAGIC = 0x65735546;
const MOUNT_TIMEOUT_MS = 10_000;

export interface EfsModelOptions {
  /** The directory the model passes through to; a fresh temp directory (removed on unmount) by default. */
  backing?: string;
  latencies?: Partial<EfsLatencies>;
}

export interface EfsModel {
  /** The mount point: the model's files. */
  dir: string;
  backing: string;
  latencies: EfsLatencies;
  /** The storage configuration that puts the file log on the model in NFS mode. */
  env: { DATA_DIR: string; EGG_FILE_LOG_MODE: 'nfs' };
  /** The same, as options of startLocalStack (tools/local-stack/stack.ts). */
  stack: { dataDir: string; storageEnv: { EGG_FILE_LOG_MODE: 'nfs' } };
  /** The next `op` of process `pid` (on a file called `name`, if given) waits `ms` first. */
  stall(pid: number, op: ModelOp, ms: number, name?: string): void;
  /** The next fsync of process `pid` fails with EIO, dropping what it was sending. */
  failNextFsync(pid: number): void;
  /** How many of each operation the model has served since it was mounted (and stalls, failed fsyncs, flushed writes). */
  counters(): Record<string, number>;
  unmount(): Promise<void>;
}

export type ModelOp = 'open' | 'read' | 'write' | 'fsync' | 'flush' | 'rename' | 'create' | 'unlink' | 'getattr' | 'link';

/** The model's control file (client-cache.h): one command per write, the counters on read. */
const CONTROL = '.efs-model-control';

const mounted = new Set<string>();
let exitHook = false;

function unmountNow(dir: string, lazy: boolean): boolean {
  return spawnSync('fusermount3', lazy ? ['-u', '-z', dir] : ['-u', dir], { stdio: 'ignore' }).status === 0;
}

/** A mount must not outlive its process: what is still mounted at exit is detached (lazily, files may be open). */
function unmountAtExit(): void {
  if (exitHook) return;
  exitHook = true;
  process.once('exit', () => {
    for (const dir of mounted) unmountNow(dir, true);
  });
}

function isMounted(dir: string): boolean {
  try {
    return fs.statfsSync(dir).type === FUSE_SUPER_MAGIC;
  } catch {
    return false;
  }
}

async function waitForMount(child: ChildProcess, dir: string, stderr: () => string): Promise<void> {
  const deadline = performance.now() + MOUNT_TIMEOUT_MS;
  while (!isMounted(dir)) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new EfsModelUnavailableError(`the model exited before mounting ${dir}: ${stderr() || `status ${child.exitCode}`}`);
    }
    if (performance.now() > deadline) {
      child.kill('SIGKILL');
      throw new EfsModelUnavailableError(`${dir} was not mounted within ${MOUNT_TIMEOUT_MS} ms: ${stderr()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export async function mountEfsModel(options: EfsModelOptions = {}): Promise<EfsModel> {
  checkFuse();
  const binary = buildEfsModel();
  const latencies = { ...EFS_LATENCIES, ...options.latencies };
  const ownBacking = options.backing === undefined;
  const backing = options.backing ?? fs.mkdtempSync(path.join(os.tmpdir(), 'egg-efs-backing-'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'egg-efs-model-'));
  // max_threads is given because libfuse 3.14's fuse_main warns about its own default otherwise.
  const args = [backing, dir, '-f', '-o', `fsname=efs-model,subtype=efs-model,max_threads=64,${latencyOptions(latencies)}`];
  const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const spawned = new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', reject);
  });
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  await spawned;
  try {
    await waitForMount(child, dir, () => stderr.trim());
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    if (ownBacking) fs.rmSync(backing, { recursive: true, force: true });
    throw error;
  }
  mounted.add(dir);
  unmountAtExit();
  // The mount lives as long as this process wants it, not as long as the child keeps the loop alive.
  child.unref();
  (child.stderr as unknown as { unref(): void }).unref();

  let unmounting: Promise<void> | undefined;
  const unmount = () =>
    (unmounting ??= (async () => {
      mounted.delete(dir);
      // A file still open (a process that has not exited yet) makes a plain unmount fail: detach instead.
      if (!unmountNow(dir, false)) unmountNow(dir, true);
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
      fs.rmdirSync(dir);
      if (ownBacking) fs.rmSync(backing, { recursive: true, force: true });
    })());
  const control = path.join(dir, CONTROL);
  return {
    dir,
    backing,
    latencies,
    stall: (pid, op, ms, name) => fs.writeFileSync(control, `stall ${pid} ${op} ${Math.round(ms)}${name ? ` ${name}` : ''}`),
    failNextFsync: (pid) => fs.writeFileSync(control, `eio ${pid}`),
    counters: () =>
      Object.fromEntries(
        fs
          .readFileSync(control, 'utf8')
          .trim()
          .split('\n')
          .map((line) => line.split(' '))
          .map(([name, count]) => [name, Number(count)]),
      ),
    env: { DATA_DIR: dir, EGG_FILE_LOG_MODE: 'nfs' },
    stack: { dataDir: dir, storageEnv: { EGG_FILE_LOG_MODE: 'nfs' } },
    unmount,
  };
}

/** Runs `fn` with the model mounted, and unmounts it after, whatever `fn` does. */
export async function withEfsModel<T>(fn: (model: EfsModel) => Promise<T>, options?: EfsModelOptions): Promise<T> {
  const model = await mountEfsModel(options);
  try {
    return await fn(model);
  } finally {
    await model.unmount();
  }
}

/** Round trips to the (modelled) server per operation, from two reads of `counters()`: writes (fsync, a close that sends, rename, create, unlink, link) and reads (open, stat). */
export function roundTrips(before: Record<string, number>, after: Record<string, number>, per: number): { write: number; read: number } {
  const delta = (name: string) => (after[name] - before[name]) / per;
  return {
    write: delta('fsync') + delta('close_sends') + delta('rename') + delta('create') + delta('unlink') + delta('link'),
    read: delta('open') + delta('getattr'),
  };
}
