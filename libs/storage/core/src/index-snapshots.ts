/**
 * The snapshot policy: when a repository saves its index beside the topic, and whether a saved
 * one may stand in for the replay. A snapshot is derived data: a damaged or foreign one costs a
 * replay, never a wrong answer, and failing to save one never fails a request.
 */
import type { EventLog, WithSnapshots } from './event-log.ts';
import type { RepositoryIndex } from './repository-index.ts';
import { decodeIndex, encodeIndex } from './repository-index-codec.ts';

const SNAPSHOT = 'repository-index';
const DEFAULT_EVERY = 5000;

const hasSnapshots = (log: EventLog): log is EventLog & WithSnapshots =>
  typeof (log as Partial<WithSnapshots>).snapshots === 'object';

export class IndexSnapshots {
  private readSinceSnapshot = 0;

  constructor(
    private readonly log: EventLog,
    private readonly topic: string,
    private readonly every = DEFAULT_EVERY,
  ) {}

  /** The saved index, if the log keeps one that fits this topic's partitions and history. */
  async load(partitions: number): Promise<RepositoryIndex | undefined> {
    if (!hasSnapshots(this.log)) return undefined;
    try {
      const data = await this.log.snapshots.load(this.topic, SNAPSHOT);
      const index = data && decodeIndex(data, partitions);
      if (!index) return undefined;
      // A snapshot ahead of the log belongs to some other history: replay instead.
      const highs = await Promise.all(index.offsets.map((_, p) => this.log.highWatermark(this.topic, p)));
      return index.offsets.every((offset, p) => offset <= highs[p]) ? index : undefined;
    } catch {
      return undefined;
    }
  }

  /** Records a catch-up read; a writer's own writes are not counted (see RepositoryOptions.snapshotEvery). */
  count(records: number): void {
    this.readSinceSnapshot += records;
  }

  /** Saves the index once `every` records have been read since the last save. */
  async maybeSave(index: RepositoryIndex): Promise<void> {
    if (!hasSnapshots(this.log) || this.readSinceSnapshot < this.every) return;
    this.readSinceSnapshot = 0;
    try {
      await this.log.snapshots.save(this.topic, SNAPSHOT, encodeIndex(index));
    } catch {
      // An optimisation: the next save tries again.
    }
  }
}
