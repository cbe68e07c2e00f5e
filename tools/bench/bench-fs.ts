/**
 * BENCH_FS, read once: the file system a bench runs on. `local` (default) is this machine's
 * disk; `efs-model` mounts the EFS latency model (tools/efs-model, delays from EFS_MODEL_*_US)
 * and puts the file log on it in NFS mode.
 */
import { latenciesFromEnv } from '@egg/efs-model/latencies';
import { mountEfsModel, type EfsModel } from '@egg/efs-model/mount';

export type BenchFs = 'local' | 'efs-model';

export function loadBenchFs(env: NodeJS.ProcessEnv = process.env): BenchFs {
  const value = env.BENCH_FS?.trim() || 'local';
  if (value !== 'local' && value !== 'efs-model') throw new Error(`BENCH_FS: must be "local" or "efs-model", got "${value}"`);
  return value;
}

/** The mounted model when `benchFs` is efs-model (unmount it when done), else undefined. */
export async function mountBenchFs(benchFs: BenchFs, env: NodeJS.ProcessEnv = process.env): Promise<EfsModel | undefined> {
  return benchFs === 'efs-model' ? mountEfsModel({ latencies: latenciesFromEnv(env) }) : undefined;
}
