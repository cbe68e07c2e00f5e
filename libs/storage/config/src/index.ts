export { loadFileLogMode, loadStorageConfig, type FileLogMode, type StorageConfig } from './config.ts';
export { StorageConfigError } from './problems.ts';
export type { KafkaConfig, KafkaCredentials } from './kafka-config.ts';
export { fileLogOptions, openEventLog, openSourceLogs } from './open.ts';
// kafkaLogOptions is at '@egg/storage-config/kafka': re-exported here it would load kafkajs into every bundle.
export type { FetchSecret } from './open-kafka.ts';
