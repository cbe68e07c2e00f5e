export { loadFileLogMode, loadStorageConfig, StorageConfigError, type FileLogMode, type StorageConfig } from './config.ts';
export { fileLogOptions, openEventLog } from './open.ts';
