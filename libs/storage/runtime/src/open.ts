import type { EventLog } from '@egg/storage-core';
import { FileEventLog } from '@egg/storage-file-log';
import type { StorageConfig } from './config.ts';
import { openKafkaLog, type FetchSecret } from './open-kafka.ts';

export async function openEventLog(config: StorageConfig, options: { fetchSecret?: FetchSecret } = {}): Promise<EventLog> {
  switch (config.backend) {
    case 'file':
      return FileEventLog.open(config.dataDir);
    case 'kafka':
      return openKafkaLog(config.kafka, options);
  }
}
