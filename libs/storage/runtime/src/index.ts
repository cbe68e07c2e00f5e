export { loadStorageConfig, StorageConfigError, type StorageConfig } from './config.ts';
export { openEventLog } from './open.ts';
