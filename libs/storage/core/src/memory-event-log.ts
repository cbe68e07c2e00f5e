/**
 * An in-memory EventLog with Kafka's semantics, for fast unit tests of code above the
 * storage interface. Not durable, not shared between processes: never the only backend
 * a behaviour is tested on.
 */
import { createHash } from 'node:crypto';
import {
  UnknownTopicError,
  type RecordInput,
  type EventLog,
  type LogRecord,
  type PartitionOffset,
  type RecordPosition,
  type SnapshotStore,
  type TopicSpec,
  type WithSnapshots,
} from './event-log.ts';
import { partitionForKey } from './partitioner.ts';

export class MemoryEventLog implements EventLog {
  private readonly topics = new Map<string, LogRecord[][]>();
  private readonly groups = new Map<string, Map<number, number>>();

  private partitions(topic: string): LogRecord[][] {
    const partitions = this.topics.get(topic);
    if (!partitions) throw new UnknownTopicError(topic);
    return partitions;
  }

  async createTopic(topic: string, spec: TopicSpec): Promise<void> {
    if (!this.topics.has(topic)) this.topics.set(topic, Array.from({ length: spec.partitions }, () => []));
  }

  async partitionCount(topic: string): Promise<number> {
    return this.partitions(topic).length;
  }

  async partitionFor(topic: string, key: string): Promise<number> {
    return partitionForKey(key, this.partitions(topic).length);
  }

  async append(topic: string, input: RecordInput): Promise<RecordPosition> {
    return (await this.appendBatch(topic, [input]))[0];
  }

  async appendBatch(topic: string, inputs: RecordInput[]): Promise<RecordPosition[]> {
    const partitions = this.partitions(topic);
    const now = Date.now();
    return inputs.map((input) => {
      const partition = partitionForKey(input.key, partitions.length);
      const records = partitions[partition];
      const record: LogRecord = {
        topic,
        partition,
        offset: records.length,
        key: input.key,
        value: Buffer.from(input.value),
        timestamp: input.timestamp ?? now,
        hash: createHash('sha256').update(input.value).digest('hex'),
      };
      records.push(record);
      return { topic, partition, offset: record.offset, hash: record.hash };
    });
  }

  async read(topic: string, partition: number, offset: number, max = 500): Promise<LogRecord[]> {
    return this.partitions(topic)[partition].slice(offset, offset + max);
  }

  async highWatermark(topic: string, partition: number): Promise<number> {
    return this.partitions(topic)[partition].length;
  }

  async commitOffsets(group: string, topic: string, offsets: PartitionOffset[]): Promise<void> {
    const key = `${group}\u0000${topic}`;
    const committed = this.groups.get(key) ?? new Map<number, number>();
    for (const o of offsets) committed.set(o.partition, o.offset);
    this.groups.set(key, committed);
  }

  async fetchOffsets(group: string, topic: string): Promise<PartitionOffset[]> {
    const committed = this.groups.get(`${group}\u0000${topic}`) ?? new Map<number, number>();
    return [...committed].map(([partition, offset]) => ({ partition, offset }));
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** The in-memory log with a snapshot store of its own (`stored`, keyed `<topic>/<name>`), for tests and benchmarks of snapshots. */
export class SnapshottingMemoryLog extends MemoryEventLog implements WithSnapshots {
  readonly stored = new Map<string, Buffer>();
  readonly snapshots: SnapshotStore = {
    load: async (topic, name) => this.stored.get(`${topic}/${name}`),
    save: async (topic, name, data) => {
      this.stored.set(`${topic}/${name}`, data);
    },
  };
}
