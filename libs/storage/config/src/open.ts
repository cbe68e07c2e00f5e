import type { EventLog } from '@egg/storage-core';
import { FileEventLog, type FileEventLogOptions } from '@egg/storage-file-log';
import type { FileLogMode, StorageConfig } from './config.ts';
import { openKafkaLog, type FetchSecret } from './open-kafka.ts';

/** The file log's options for a mode: `nfs` forces what statfs would detect on NFS (a page cache per client). */
export function fileLogOptions(mode: FileLogMode): FileEventLogOptions {
  return mode === 'nfs' ? { sharedPageCache: false } : {};
}

export async function openEventLog(config: StorageConfig, options: { fetchSecret?: FetchSecret } = {}): Promise<EventLog> {
  switch (config.backend) {
    case 'file':
      return FileEventLog.open(config.dataDir, { ...fileLogOptions(config.fileLogMode), lockWaitMs: config.lockWaitMs });
    case 'kafka':
      return openKafkaLog(config.kafka, options);
  }
}
