/**
 * Storage configuration, read once from the environment. Which backend sits under the
 * repository is decided here alone; nothing above it changes between the two. Every bad
 * value is named in one StorageConfigError.
 *
 *   EGG_STORAGE     file | kafka            default file
 *   DATA_DIR        root of the file log     default ./data (resolved against the working
 *                                            directory; set it explicitly on Lambda, e.g. the EFS mount)
 *   EGG_PARTITIONS  partitions of a new topic, integer 1..1024   default 4
 *   EGG_FILE_LOG_MODE  auto | nfs: nfs forces the file log's NFS mode where statfs cannot
 *                   tell (a FUSE model of EFS); auto detects it   default auto
 *   EGG_FILE_LOG_LOCK_WAIT_MS  how long an append waits for a partition's lock before it fails
 *                   with a 503, 100..900000; on Lambda below the function's timeout   default 30000
 *   KAFKA_*         see kafka-config.ts and the README
 */
import path from 'node:path';
import { readKafkaConfig, type KafkaConfig } from './kafka-config.ts';
import { EnvReader } from './problems.ts';

/** How the file log treats its directory: `auto` asks statfs whether it is NFS; `nfs` says so. */
export type FileLogMode = 'auto' | 'nfs';

export type StorageConfig =
  | { backend: 'file'; dataDir: string; partitions: number; fileLogMode: FileLogMode; lockWaitMs: number }
  | { backend: 'kafka'; partitions: number; kafka: KafkaConfig };

const DEFAULT_DATA_DIR = './data';
const DEFAULT_PARTITIONS = 4;
const MAX_PARTITIONS = 1024;
const FILE_LOG_MODES = ['auto', 'nfs'] as const;
const DEFAULT_LOCK_WAIT_MS = 30_000;

export function loadFileLogMode(env: NodeJS.ProcessEnv = process.env): FileLogMode {
  const reader = new EnvReader(env);
  const mode = reader.oneOf('EGG_FILE_LOG_MODE', FILE_LOG_MODES) ?? 'auto';
  reader.check();
  return mode;
}

export function loadStorageConfig(env: NodeJS.ProcessEnv = process.env): StorageConfig {
  const reader = new EnvReader(env);
  const backend = reader.raw('EGG_STORAGE') ?? 'file';
  const partitions = reader.integer('EGG_PARTITIONS', DEFAULT_PARTITIONS, 1, MAX_PARTITIONS);
  if (backend === 'kafka') {
    const kafka = readKafkaConfig(reader);
    reader.check();
    return { backend, partitions, kafka };
  }
  if (backend !== 'file') reader.problem('EGG_STORAGE', `must be "file" or "kafka", got "${backend}"`);
  const fileLogMode = reader.oneOf('EGG_FILE_LOG_MODE', FILE_LOG_MODES) ?? 'auto';
  const lockWaitMs = reader.integer('EGG_FILE_LOG_LOCK_WAIT_MS', DEFAULT_LOCK_WAIT_MS, 100, 900_000);
  reader.check();
  return { backend: 'file', dataDir: path.resolve(reader.raw('DATA_DIR') ?? DEFAULT_DATA_DIR), partitions, fileLogMode, lockWaitMs };
}
