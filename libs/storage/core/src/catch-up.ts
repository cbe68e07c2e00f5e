/**
 * The catch-up queue: keeps a repository's index level with its topic. Before a read it catches
 * up on what any process appended since it last looked (one high-watermark check per partition,
 * then only the new records), so a read sees every write acknowledged before it began.
 * Catch-ups run one at a time: the index applies each partition's records in offset order.
 */
import type { EventLog } from './event-log.ts';
import type { IndexSnapshots } from './index-snapshots.ts';
import { RepositoryIndex } from './repository-index.ts';
import type { StoredWrite } from './stored-write.ts';

const READ_BATCH = 1000;

export class CatchUp {
  private opening?: Promise<RepositoryIndex>;
  /** The index once open: a write of fresh ids needs no catch-up, so it starts without awaiting. */
  opened?: RepositoryIndex;
  private queue: Promise<unknown> = Promise.resolve();
  /** A full catch-up queued but not yet started: reads arriving meanwhile share it. */
  private queuedFull?: Promise<void>;

  constructor(
    private readonly log: EventLog,
    private readonly topic: string,
    private readonly partitions: number,
    private readonly snapshots: IndexSnapshots,
    /** Runs on the loaded index before anything reads it (a listener told what a snapshot holds). */
    private readonly prepare?: (index: RepositoryIndex) => Promise<void>,
  ) {}

  /** Creates the topic if need be and loads the index: from a snapshot where one fits, else empty. */
  private open(): Promise<RepositoryIndex> {
    if (!this.opening) {
      this.opening = (async () => {
        await this.log.createTopic(this.topic, { partitions: this.partitions });
        const partitions = await this.log.partitionCount(this.topic);
        const index = (await this.snapshots.load(partitions)) ?? new RepositoryIndex(partitions);
        await this.prepare?.(index);
        this.opened = index;
        return index;
      })();
      // A failed open (say, the broker was unreachable) is retried by the next call.
      this.opening.catch(() => (this.opening = undefined));
    }
    return this.opening;
  }

  /** For a read: the index up to every partition's current high watermark. */
  async forRead(): Promise<RepositoryIndex> {
    const index = await this.open();
    // It starts after this read began, so it sees every write this read must see.
    this.queuedFull ??= this.enqueue(() => {
      this.queuedFull = undefined;
      return this.run(index, index.offsets.map((_, p) => p), false);
    });
    await this.queuedFull;
    return index;
  }

  /** For a write of `ids`: only the partitions holding them are caught up (an id lives in one partition). */
  async forWrite(ids: string[]): Promise<RepositoryIndex> {
    const index = await this.open();
    if (ids.length === 0) return index;
    const partitions = new Set(await Promise.all(ids.map((id) => this.log.partitionFor(this.topic, id))));
    await this.enqueue(() => this.run(index, [...partitions], false));
    return index;
  }

  /** A writer reading its own writes back: neither counted toward a snapshot nor paying for one. */
  settle(index: RepositoryIndex, partitions: number[]): Promise<void> {
    return this.enqueue(() => this.run(index, partitions, true));
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.queue.then(task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async run(index: RepositoryIndex, partitions: number[], ownWrites: boolean): Promise<void> {
    // Watermarks asked all at once: over a network that is one round trip, not one per partition.
    const highs = await Promise.all(partitions.map((p) => this.log.highWatermark(this.topic, p)));
    for (const [i, p] of partitions.entries()) {
      while (index.offsets[p] < highs[i]) {
        const records = await this.log.read(this.topic, p, index.offsets[p], READ_BATCH);
        if (records.length === 0) break;
        for (const r of records) {
          // Offsets a backend skipped (Kafka: other producers' records) hold nothing to apply.
          if (r.offset > index.offsets[p]) index.offsets[p] = r.offset;
          index.apply(JSON.parse(r.value.toString()) as StoredWrite, p, r.offset);
        }
        if (!ownWrites) this.snapshots.count(records.length);
      }
    }
    if (!ownWrites) await this.snapshots.maybeSave(index);
  }
}
