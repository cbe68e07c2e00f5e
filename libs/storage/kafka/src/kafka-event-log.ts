/**
 * EventLog on Kafka (kafkajs 2.2.4). Writes go through the producer (acks -1, our murmur2
 * partition chosen explicitly, so both backends put a key in one partition); reads go to
 * partition leaders directly through kafkajs's cluster API: one batched ListOffsets per
 * read, Fetch only for what is new. No consumer group is joined on any path.
 */
import {
  UnknownTopicError,
  partitionForKey,
  type RecordInput,
  type EventLog,
  type LogRecord,
  type PartitionOffset,
  type RecordPosition,
  type TopicSpec,
} from '@egg/storage-core';
import type { Producer } from 'kafkajs';
import { createCluster, kafkaClient, type Cluster } from './cluster.ts';
import { MissingTopicError, isUnknownTopic, outcomeUnknown, unavailable, within } from './failures.ts';
import { PartitionFetcher } from './fetcher.ts';
import { commitGroupOffsets, fetchGroupOffsets } from './groups.ts';
import type { KafkaLogOptions } from './options.ts';
import { EVENT_HEADER, EVENT_HEADER_VERSION } from './records.ts';
import { WatermarkBatcher } from './watermarks.ts';

const DEFAULT_READ_MAX = 500;

export class KafkaEventLog implements EventLog {
  private readonly partitionCounts = new Map<string, number>();
  private readonly watermarks: WatermarkBatcher;
  private readonly fetcher: PartitionFetcher;
  private readonly warn: (message: string) => void;

  private constructor(
    private readonly options: KafkaLogOptions,
    private readonly cluster: Cluster,
    private readonly producer: Producer,
  ) {
    this.warn = options.warn ?? ((message) => console.warn(`storage-kafka: ${message}`));
    this.watermarks = new WatermarkBatcher(cluster);
    this.fetcher = new PartitionFetcher(cluster, this.warn);
  }

  /** Connects (bounded by timeoutMs); an unreachable cluster rejects with StorageUnavailableError. */
  static async open(options: KafkaLogOptions): Promise<KafkaEventLog> {
    const kafka = kafkaClient(options, { retries: 3, initialRetryTime: 100, maxRetryTime: Math.max(200, options.timeoutMs / 4) });
    const cluster = createCluster(kafka);
    const producer = kafka.producer({
      idempotent: options.idempotent,
      allowAutoTopicCreation: false,
      // Without idempotence a resend after a lost answer could append twice: only the broker's
      // de-duplication makes a retry safe, so without it a send is tried once and a failure is "may have happened".
      retry: options.idempotent ? { retries: 5, initialRetryTime: 100, maxRetryTime: options.timeoutMs / 4 } : { retries: 0 },
      ...(options.idempotent ? { maxInFlightRequests: 1 } : {}),
    });
    const log = new KafkaEventLog(options, cluster, producer);
    try {
      await within(options.timeoutMs, Promise.all([cluster.connect(), producer.connect()]));
    } catch (error) {
      void log.close();
      throw unavailable(`cannot connect to ${options.brokers.join(',')}`, error);
    }
    return log;
  }

  private name(topic: string): string {
    return `${this.options.topicPrefix}${topic}`;
  }

  /** A bounded call whose failure means "unreachable, nothing changed". */
  private bounded<T>(what: string, work: () => Promise<T>): Promise<T> {
    return within(this.options.timeoutMs, work()).catch((error: unknown) => {
      throw unavailable(what, error);
    });
  }

  /** Loads the topic's metadata once; a missing topic is MissingTopicError (a 503 naming it). */
  private async load(topic: string): Promise<number> {
    const known = this.partitionCounts.get(topic);
    if (known !== undefined) return known;
    const name = this.name(topic);
    const count = await this.bounded(`cannot read the metadata of topic ${name}`, async () => {
      try {
        await this.cluster.addTargetTopic(name);
      } catch (error) {
        if (isUnknownTopic(error)) return 0;
        throw error;
      }
      return this.cluster.findTopicPartitionMetadata(name).length;
    });
    if (count === 0) throw new MissingTopicError(name);
    this.partitionCounts.set(topic, count);
    return count;
  }

  async createTopic(topic: string, spec: TopicSpec): Promise<void> {
    if (this.partitionCounts.has(topic)) return;
    await this.options.provisionTopic?.(this.name(topic), spec.partitions);
    try {
      await this.load(topic);
    } catch (error) {
      if (error instanceof MissingTopicError) this.warn(error.message);
      throw error;
    }
  }

  async partitionCount(topic: string): Promise<number> {
    try {
      return await this.load(topic);
    } catch (error) {
      throw error instanceof MissingTopicError ? new UnknownTopicError(topic) : error;
    }
  }

  async partitionFor(topic: string, key: string): Promise<number> {
    return partitionForKey(key, await this.partitionCount(topic));
  }

  async append(topic: string, input: RecordInput): Promise<RecordPosition> {
    return (await this.appendBatch(topic, [input]))[0];
  }

  async appendBatch(topic: string, inputs: RecordInput[]): Promise<RecordPosition[]> {
    if (inputs.length === 0) return [];
    const partitions = await this.partitionCount(topic);
    const name = this.name(topic);
    const now = Date.now();
    const messages = inputs.map((e) => ({
      key: e.key,
      value: e.value,
      partition: partitionForKey(e.key, partitions),
      timestamp: String(e.timestamp ?? now),
      headers: { [EVENT_HEADER]: EVENT_HEADER_VERSION },
    }));
    // Reaching every leader first proves a failure there left nothing written (no request was sent).
    await this.bounded(`cannot reach the leaders of topic ${name}`, async () => {
      const leaders = Object.keys(this.cluster.findLeaderForPartitions(name, [...new Set(messages.map((m) => m.partition))]));
      await Promise.all(leaders.map((nodeId) => this.cluster.findBroker({ nodeId })));
    });
    let acks;
    try {
      acks = await within(this.options.timeoutMs, this.producer.send({ topic: name, acks: -1, timeout: this.options.timeoutMs, messages }));
    } catch (error) {
      throw outcomeUnknown(`${inputs.length === 1 ? 'a write' : `${inputs.length} writes`} to topic ${name}`, error);
    }
    const next = new Map(acks.map((a) => [a.partition, Number(a.baseOffset)]));
    return messages.map((m) => {
      const offset = next.get(m.partition)!;
      next.set(m.partition, offset + 1);
      return { topic, partition: m.partition, offset };
    });
  }

  async read(topic: string, partition: number, offset: number, max = DEFAULT_READ_MAX): Promise<LogRecord[]> {
    await this.partitionCount(topic);
    const name = this.name(topic);
    return this.bounded(`cannot fetch partition ${partition} of topic ${name}`, () => this.fetcher.read(name, topic, partition, offset, max));
  }

  async highWatermark(topic: string, partition: number): Promise<number> {
    await this.partitionCount(topic);
    const name = this.name(topic);
    return this.bounded(`cannot fetch the high watermarks of topic ${name}, so this instance cannot prove its view current`, () =>
      this.watermarks.highWatermark(name, partition),
    );
  }

  async commitOffsets(group: string, topic: string, offsets: PartitionOffset[]): Promise<void> {
    await this.partitionCount(topic);
    const name = this.name(topic);
    await this.bounded(`cannot commit offsets of group ${group} on topic ${name}`, () =>
      commitGroupOffsets(this.cluster, this.name(group), name, offsets),
    );
  }

  async fetchOffsets(group: string, topic: string): Promise<PartitionOffset[]> {
    const partitions = await this.partitionCount(topic);
    const name = this.name(topic);
    return this.bounded(`cannot fetch offsets of group ${group} on topic ${name}`, () =>
      fetchGroupOffsets(this.cluster, this.name(group), name, partitions),
    );
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.producer.disconnect(), this.cluster.disconnect()]);
  }
}
