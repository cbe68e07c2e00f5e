/**
 * Appends to one partition run one batch at a time in this process, so the file lock is
 * contended only between processes. With nothing queued and the lock free an append runs
 * synchronously.
 */
import type { NewRecord, PartitionFiles, StoredRecord } from './partition/partition-files.ts';

export class AppendQueues {
  /** The last append queued per partition, while one is. */
  private readonly queues = new Map<PartitionFiles, Promise<void>>();

  append(files: PartitionFiles, records: NewRecord[]): StoredRecord[] | Promise<StoredRecord[]> {
    const queued = this.queues.get(files);
    const run = queued ? queued.then(() => files.append(records)) : files.append(records);
    if (!(run instanceof Promise)) return run;
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(files, settled);
    void settled.then(() => {
      if (this.queues.get(files) === settled) this.queues.delete(files);
    });
    return run;
  }

  /** Resolves once every append queued now has settled. */
  async drained(): Promise<void> {
    await Promise.all(this.queues.values());
  }
}
