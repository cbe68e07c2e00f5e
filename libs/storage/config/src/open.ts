import path from 'node:path';
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

/**
 * The logs of `entities`, for a function that reads their topics (a computed entity), by entity:
 * one log for all of them, or on the file backend with `per-entity` sources one read-only log
 * per entity directory.
 */
export async function openSourceLogs(
  config: StorageConfig,
  entities: readonly string[],
  options: { fetchSecret?: FetchSecret } = {},
): Promise<(entity: string) => EventLog> {
  if (config.backend === 'kafka' || config.fileLogSources === 'shared') {
    const log = await openEventLog(config, options);
    return () => log;
  }
  const file = fileLogOptions(config.fileLogMode);
  const logs = new Map(
    await Promise.all(
      entities.map(async (entity) => [entity, await FileEventLog.open(path.join(config.dataDir, entity), { ...file, readOnly: true })] as const),
    ),
  );
  return (entity) => {
    const log = logs.get(entity);
    if (!log) throw new Error(`no log opened for ${entity}: not among the sources`);
    return log;
  };
}
