import type { EventLog } from '@egg/storage-core';
import { FileEventLog } from '@egg/storage-file-log';
import type { StorageConfig } from './config.ts';

export async function openEventLog(config: StorageConfig): Promise<EventLog> {
  switch (config.backend) {
    case 'file':
      return FileEventLog.open(config.dataDir);
    case 'kafka':
      throw new Error('Kafka backend not yet available (EGG_STORAGE=kafka): use EGG_STORAGE=file for now');
  }
}
