import type { EventLog } from '@egg/storage-core';
import { FileEventLog, type FileEventLogOptions } from '@egg/storage-file-log';
import type { FileLogMode, StorageConfig } from './config.ts';
import type { FetchSecret } from './open-kafka.ts';

/** The file log's options for a mode: `nfs` forces what statfs would detect on NFS (a page cache per client). */
export function fileLogOptions(mode: FileLogMode): FileEventLogOptions {
  return mode === 'nfs' ? { sharedPageCache: false } : {};
}

export async function openEventLog(config: StorageConfig, options: { fetchSecret?: FetchSecret } = {}): Promise<EventLog> {
  switch (config.backend) {
    case 'file':
      return FileEventLog.open(config.dataDir, { ...fileLogOptions(config.fileLogMode), lockWaitMs: config.lockWaitMs });
    case 'kafka': {
      // Imported only here: kafkajs is a third of an entity bundle, and a file-backed instance
      // never loads it (the bundler splits it into a chunk of its own).
      const { openKafkaLog } = await import('./open-kafka.ts');
      return openKafkaLog(config.kafka, options);
    }
  }
}
