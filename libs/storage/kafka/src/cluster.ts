/**
 * kafkajs's lower-level cluster and broker API (2.2.4, pinned): a read asks a partition's
 * leader for offsets or records directly, with no consumer group and so no join. kafkajs
 * exports no such handle, so it is taken from the client's own factory: it carries the same
 * brokers, TLS, SASL, timeouts and retries as the producer.
 */
import kafkajs from 'kafkajs';
import type { Kafka, RetryOptions } from 'kafkajs';
import type { KafkaLogOptions } from './options.ts';

export interface FetchedMessage {
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  timestamp: string;
  headers?: Record<string, Buffer | string | (Buffer | string)[] | undefined>;
  isControlRecord?: boolean;
}

export interface Broker {
  listOffsets(request: {
    isolationLevel?: number;
    topics: { topic: string; partitions: { partition: number; timestamp: number }[] }[];
  }): Promise<{ responses: { topic: string; partitions: { partition: number; errorCode: number; offset: string }[] }[] }>;
  fetch(request: {
    isolationLevel?: number;
    maxWaitTime: number;
    minBytes: number;
    maxBytes: number;
    topics: { topic: string; partitions: { partition: number; fetchOffset: string; maxBytes: number }[] }[];
  }): Promise<{ responses: { topicName: string; partitions: { partition: number; highWatermark: string; messages: FetchedMessage[] }[] }[] }>;
  offsetCommit(request: {
    groupId: string;
    groupGenerationId: number;
    memberId: string;
    retentionTime?: number;
    topics: { topic: string; partitions: { partition: number; offset: string }[] }[];
  }): Promise<unknown>;
  offsetFetch(request: {
    groupId: string;
    topics: { topic: string; partitions: { partition: number }[] }[];
  }): Promise<{ responses: { topic: string; partitions: { partition: number; offset: string; errorCode: number }[] }[] }>;
}

export interface Cluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  refreshMetadata(): Promise<void>;
  addTargetTopic(topic: string): Promise<void>;
  findTopicPartitionMetadata(topic: string): { partitionId: number; leader: number }[];
  findLeaderForPartitions(topic: string, partitions: number[]): Record<string, number[]>;
  findBroker(options: { nodeId: string }): Promise<Broker>;
  findGroupCoordinator(options: { groupId: string }): Promise<Broker>;
}

const { Kafka: KafkaClient, logLevel } = kafkajs;

/** One client per configuration: the brokers, TLS, SASL and bounds every caller of the cluster shares. */
export const kafkaClient = (options: KafkaLogOptions, retry?: RetryOptions): Kafka =>
  new KafkaClient({
    brokers: options.brokers,
    clientId: options.clientId,
    ssl: options.tls,
    sasl: options.sasl,
    connectionTimeout: options.connectTimeoutMs,
    requestTimeout: options.timeoutMs,
    retry,
    logLevel: logLevel.NOTHING,
  });

const CREATE_CLUSTER = 'private:Kafka:createCluster';

export function createCluster(kafka: Kafka): Cluster {
  const symbol = Object.getOwnPropertySymbols(kafka).find((s) => s.description === CREATE_CLUSTER);
  const factory = symbol && (kafka as unknown as Record<symbol, unknown>)[symbol];
  if (typeof factory !== 'function') throw new Error('kafkajs changed: its cluster factory is gone (this backend needs kafkajs 2.2.4)');
  // No auto-creation: a missing topic is a deploy error to report, not something a read creates.
  return (factory as (options: object) => Cluster)({ allowAutoTopicCreation: false, metadataMaxAge: 300_000 });
}
