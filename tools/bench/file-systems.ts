/** Where a bench run keeps its data: a fresh directory on local disk, or on the EFS model. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mountBenchFs } from './bench-fs.ts';

export interface BenchFileSystem {
  dataDir: string;
  /** For the report: the directory and what it is. */
  label: string;
  /** Storage settings beyond DATA_DIR (the model's NFS mode). */
  storageEnv: Record<string, string>;
  /** The model's added latency per operation (µs). */
  latenciesUs?: Record<string, number>;
  /** The model's operation counters (round trips to its server so far). */
  counters?: () => Record<string, number>;
  close(): Promise<void>;
}

/** A fresh directory on `name`; the model's delays come from EFS_MODEL_*_US, else AWS's published figures. */
export async function openFileSystem(name: 'local' | 'efs-model'): Promise<BenchFileSystem> {
  const model = await mountBenchFs(name);
  if (model) {
    const { DATA_DIR, ...storageEnv } = model.env;
    return { dataDir: DATA_DIR, label: `${model.dir} (EFS model, FUSE)`, storageEnv, latenciesUs: { ...model.latencies }, counters: model.counters, close: () => model.unmount() };
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'egg-bench-'));
  const type = fs.statfsSync(dataDir).type;
  return {
    dataDir,
    label: `${dataDir} (local disk, ${type === 0xef53 ? 'ext4' : `statfs type 0x${type.toString(16)}`})`,
    storageEnv: {},
    close: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
  };
}
