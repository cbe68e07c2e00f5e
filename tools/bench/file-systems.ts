/** Where a bench run keeps its data: a fresh directory on local disk, or on the EFS model. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface BenchFileSystem {
  dataDir: string;
  /** For the report: the directory and what it is. */
  label: string;
  /** Storage settings beyond DATA_DIR (the model's NFS mode). */
  storageEnv: Record<string, string>;
  /** The model's added latency per operation (µs). */
  latenciesUs?: Record<string, number>;
  close(): Promise<void>;
}

interface EfsModelModule {
  mountEfsModel(): Promise<{ dir: string; latencies: Record<string, number>; env: Record<string, string>; unmount(): Promise<void> }>;
}

class EfsModelUnavailableError extends Error {
  override name = 'EfsModelUnavailableError';
}

async function efsModel(): Promise<BenchFileSystem> {
  // storage-split's tools/efs-model; loaded by path so this branch builds before it lands.
  const modulePath = '../efs-model/mount.ts';
  let model: EfsModelModule;
  try {
    model = (await import(modulePath)) as EfsModelModule;
  } catch (error) {
    throw new EfsModelUnavailableError(`tools/efs-model is not in this tree (${(error as Error).message.split('\n')[0]})`);
  }
  const mounted = await model.mountEfsModel();
  const { DATA_DIR, ...storageEnv } = mounted.env;
  return {
    dataDir: DATA_DIR,
    label: `${mounted.dir} (EFS model, FUSE)`,
    storageEnv,
    latenciesUs: mounted.latencies,
    close: () => mounted.unmount(),
  };
}

export async function openFileSystem(name: 'local' | 'efs-model'): Promise<BenchFileSystem> {
  if (name === 'efs-model') return efsModel();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'egg-bench-'));
  return {
    dataDir,
    label: `${dataDir} (local disk, ${fs.statfsSync(dataDir).type === 0xef53 ? 'ext4' : `statfs type 0x${fs.statfsSync(dataDir).type.toString(16)}`})`,
    storageEnv: {},
    close: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
  };
}
