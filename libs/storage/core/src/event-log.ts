/**
 * The log: Kafka's model, implemented by every backend (embedded file log, Kafka).
 * All calls are async so a networked backend fits unchanged.
 */

/** One record as the producer hands it over. */
export interface RecordInput {
  /** Partitioning key (the entity id): one key always lands in the same partition. */
  key: string;
  /** Opaque record body; the repository stores JSON here. */
  value: Buffer;
  /** Producer time in ms since the epoch; the backend assigns Date.now() when absent. */
  timestamp?: number;
}

/** Where an acknowledged record sits in the log. */
export interface RecordPosition {
  topic: string;
  partition: number;
  offset: number;
  /** SHA-256 (hex) of the record's bytes, where the backend content-addresses records; else undefined. */
  hash?: string;
}

/** One record as read back. */
export interface LogRecord extends RecordPosition {
  key: string;
  value: Buffer;
  timestamp: number;
}

export interface TopicSpec {
  partitions: number;
}

export interface PartitionOffset {
  partition: number;
  /** The next offset to consume (Kafka's committed-offset meaning). */
  offset: number;
}

export interface EventLog {
  /** Creates the topic if absent; an existing topic keeps its partition count. */
  createTopic(topic: string, spec: TopicSpec): Promise<void>;
  /** Partition count of an existing topic; rejects with UnknownTopicError otherwise. */
  partitionCount(topic: string): Promise<number>;
  /** The partition a key maps to (stable for the life of the topic). */
  partitionFor(topic: string, key: string): Promise<number>;
  /** Appends one record; resolves only once it is durable. */
  append(topic: string, record: RecordInput): Promise<RecordPosition>;
  /** Appends many records; resolves once all are durable, positions in input order. */
  appendBatch(topic: string, records: RecordInput[]): Promise<RecordPosition[]>;
  /**
   * Reads up to `max` records of one partition from `offset` on, in offset order. Offsets that
   * hold no record written through an EventLog (Kafka: another producer's records) are skipped.
   */
  read(topic: string, partition: number, offset: number, max?: number): Promise<LogRecord[]>;
  /** The offset the next append to the partition will get (= number of records). */
  highWatermark(topic: string, partition: number): Promise<number>;
  /** Commits a consumer group's next offsets for some partitions of a topic. */
  commitOffsets(group: string, topic: string, offsets: PartitionOffset[]): Promise<void>;
  /** A consumer group's committed offsets; partitions never committed are absent. */
  fetchOffsets(group: string, topic: string): Promise<PartitionOffset[]>;
  close(): Promise<void>;
}

export class UnknownTopicError extends Error {
  constructor(readonly topic: string) {
    super(`unknown topic: ${topic}`);
    this.name = 'UnknownTopicError';
  }
}

/**
 * Derived state (e.g. a repository's indexes) that a backend can keep beside a topic,
 * so a cold process loads it instead of replaying the whole topic. Never the source
 * of truth: a missing or stale snapshot only costs a longer catch-up.
 */
export interface SnapshotStore {
  load(topic: string, name: string): Promise<Buffer | undefined>;
  /** Atomic: readers see the old snapshot or the new one, never a mix. */
  save(topic: string, name: string, data: Buffer): Promise<void>;
}

/** Backends that can keep snapshots expose them here. */
export interface WithSnapshots {
  readonly snapshots: SnapshotStore;
}
