export { loadFileLogMode, loadStorageConfig, type FileLogMode, type StorageConfig } from './config.ts';
export { StorageConfigError } from './problems.ts';
export type { KafkaConfig, KafkaCredentials } from './kafka-config.ts';
export { fileLogOptions, openEventLog } from './open.ts';
export { kafkaLogOptions, type FetchSecret } from './open-kafka.ts';
