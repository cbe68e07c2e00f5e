/**
 * Storage configuration, read once from the environment. Which backend sits under the
 * repository is decided here alone; nothing above it changes between the two.
 *
 *   EGG_STORAGE     file | kafka            default file
 *   DATA_DIR        root of the file log     default ./data (resolved against the working
 *                                            directory; set it explicitly on Lambda, e.g. the EFS mount)
 *   EGG_PARTITIONS  partitions of a new topic, integer 1..1024   default 4
 *   EGG_FILE_LOG_MODE  auto | nfs: nfs forces the file log's NFS mode where statfs cannot
 *                   tell (a FUSE model of EFS); auto detects it   default auto
 */
import path from 'node:path';

/** How the file log treats its directory: `auto` asks statfs whether it is NFS; `nfs` says so. */
export type FileLogMode = 'auto' | 'nfs';

export type StorageConfig =
  | { backend: 'file'; dataDir: string; partitions: number; fileLogMode: FileLogMode }
  | { backend: 'kafka'; partitions: number };

export class StorageConfigError extends Error {
  constructor(readonly variable: string, message: string) {
    super(`${variable}: ${message}`);
    this.name = 'StorageConfigError';
  }
}

const DEFAULT_DATA_DIR = './data';
const DEFAULT_PARTITIONS = 4;
const MAX_PARTITIONS = 1024;

/** Blank values count as unset, so `EGG_PARTITIONS=` in a .env file means the default. */
const read = (env: NodeJS.ProcessEnv, name: string): string | undefined => {
  const value = env[name]?.trim();
  return value ? value : undefined;
};

function partitions(env: NodeJS.ProcessEnv): number {
  const raw = read(env, 'EGG_PARTITIONS');
  if (raw === undefined) return DEFAULT_PARTITIONS;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > MAX_PARTITIONS) {
    throw new StorageConfigError('EGG_PARTITIONS', `must be an integer from 1 to ${MAX_PARTITIONS}, got "${raw}"`);
  }
  return n;
}

export function loadFileLogMode(env: NodeJS.ProcessEnv = process.env): FileLogMode {
  const mode = read(env, 'EGG_FILE_LOG_MODE') ?? 'auto';
  if (mode !== 'auto' && mode !== 'nfs') throw new StorageConfigError('EGG_FILE_LOG_MODE', `must be "auto" or "nfs", got "${mode}"`);
  return mode;
}

export function loadStorageConfig(env: NodeJS.ProcessEnv = process.env): StorageConfig {
  const backend = read(env, 'EGG_STORAGE') ?? 'file';
  if (backend === 'kafka') return { backend, partitions: partitions(env) };
  if (backend !== 'file') throw new StorageConfigError('EGG_STORAGE', `must be "file" or "kafka", got "${backend}"`);
  const dataDir = path.resolve(read(env, 'DATA_DIR') ?? DEFAULT_DATA_DIR);
  return { backend, dataDir, partitions: partitions(env), fileLogMode: loadFileLogMode(env) };
}
