import type { EventLog } from '@egg/storage-core';
import { FileEventLog, type FileEventLogOptions } from '@egg/storage-file-log';
import type { FileLogMode, StorageConfig } from './config.ts';

/** The file log's options for a mode: `nfs` forces what statfs would detect on NFS (a page cache per client). */
export function fileLogOptions(mode: FileLogMode): FileEventLogOptions {
  return mode === 'nfs' ? { sharedPageCache: false } : {};
}

export async function openEventLog(config: StorageConfig): Promise<EventLog> {
  switch (config.backend) {
    case 'file':
      return FileEventLog.open(config.dataDir, fileLogOptions(config.fileLogMode));
    case 'kafka':
      throw new Error('Kafka backend not yet available (EGG_STORAGE=kafka): use EGG_STORAGE=file for now');
  }
}
