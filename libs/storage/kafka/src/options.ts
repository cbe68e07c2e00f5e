/** What the Kafka log needs to connect; storage-config builds it from the environment. */
import type { SASLOptions } from 'kafkajs';

/** `plain` for Confluent Cloud (the API key and secret as username and password). */
export type KafkaSasl = Extract<SASLOptions, { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512' }>;

export interface KafkaLogOptions {
  brokers: string[];
  clientId: string;
  tls: boolean;
  sasl?: KafkaSasl;
  /** The idempotent producer (on for Confluent; the test broker lacks it). Only then does a send retry. */
  idempotent: boolean;
  /** Prepended to every topic and consumer group name, so several deployments share a cluster. */
  topicPrefix: string;
  /** Bound on every call (write, watermark check, fetch), well inside a Lambda timeout. */
  timeoutMs: number;
  /** Bound on opening one TCP (and TLS) connection to a broker. */
  connectTimeoutMs: number;
  /**
   * Creates a missing topic before `createTopic` checks for it. Unset in functions (topics are
   * a deploy-time step); set by tests and the local stack, whose test broker has no CreateTopics.
   */
  provisionTopic?: (topic: string, partitions: number) => Promise<void>;
  /** One line per warning (a missing topic, a skipped foreign record); default console.warn. */
  warn?: (message: string) => void;
}
