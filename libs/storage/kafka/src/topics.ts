/**
 * Topic creation, a deploy-time step (`npm run kafka:topics`): functions never create topics,
 * they report a missing one. Uses CreateTopics, which the test broker does not implement
 * (the local stack creates its topics through the test broker itself).
 */
import { createCluster, kafkaClient } from './cluster.ts';
import { isUnknownTopic, unavailable, within } from './failures.ts';
import type { KafkaLogOptions } from './options.ts';

export interface TopicsResult {
  created: string[];
  existing: string[];
}

export async function createKafkaTopics(options: KafkaLogOptions, topics: { topic: string; partitions: number }[]): Promise<TopicsResult> {
  const kafka = kafkaClient(options);
  const admin = kafka.admin();
  // Asked one by one, without auto-creation (the admin client's own metadata would create them).
  const cluster = createCluster(kafka);
  const exists = (topic: string) =>
    within(options.timeoutMs, cluster.addTargetTopic(topic)).then(
      () => true,
      (error: unknown) => {
        if (isUnknownTopic(error)) return false;
        throw error;
      },
    );
  try {
    await within(options.timeoutMs, Promise.all([admin.connect(), cluster.connect()]));
    const named = topics.map((t) => ({ ...t, topic: `${options.topicPrefix}${t.topic}` }));
    const present = new Set<string>();
    for (const t of named) if (await exists(t.topic)) present.add(t.topic);
    const missing = named.filter((t) => !present.has(t.topic));
    if (missing.length > 0) {
      // Replication factor -1: the cluster's default (3 on Confluent Cloud).
      await within(
        options.timeoutMs * 4,
        admin.createTopics({ waitForLeaders: true, topics: missing.map((t) => ({ topic: t.topic, numPartitions: t.partitions, replicationFactor: -1 })) }),
      );
    }
    return { created: missing.map((t) => t.topic), existing: named.filter((t) => present.has(t.topic)).map((t) => t.topic) };
  } catch (error) {
    throw unavailable(`cannot create topics on ${options.brokers.join(',')} (the test broker has no CreateTopics: the local stack creates its own)`, error);
  } finally {
    await Promise.allSettled([admin.disconnect(), cluster.disconnect()]);
  }
}
