/**
 * The storage the local stack's functions share, from the same variables a deployment uses:
 * the file log under DATA_DIR, a Kafka cluster named by KAFKA_BROKERS, or, with
 * EGG_STORAGE=kafka and no KAFKA_BROKERS, the test broker started here with every entity's
 * topic (the test broker has no CreateTopics).
 */
import { loadStorageConfig } from '@egg/storage-config';
import { TestBroker } from '@egg/storage-kafka-test-broker';

export interface LocalStorage {
  /** Environment for every entity function instance, over the stack's own. */
  env: Record<string, string>;
  /** One line for the console. */
  description: string;
  close(): Promise<void>;
}

const kafkaConfig = (env: NodeJS.ProcessEnv) => {
  const config = loadStorageConfig(env); // a bad setting stops the stack here, with every bad value named
  if (config.backend !== 'kafka') throw new Error('EGG_STORAGE must be kafka here');
  return config;
};

export async function startLocalStorage(env: NodeJS.ProcessEnv, dataDir: string, topics: string[]): Promise<LocalStorage> {
  if (env.EGG_STORAGE?.trim() !== 'kafka') {
    return { env: { EGG_STORAGE: 'file', DATA_DIR: dataDir }, description: `data in ${dataDir}`, close: async () => undefined };
  }
  if (env.KAFKA_BROKERS?.trim()) {
    const { kafka } = kafkaConfig(env);
    return { env: { EGG_STORAGE: 'kafka' }, description: `Kafka at ${kafka.brokers.join(',')} (topics must exist: npm run kafka:topics)`, close: async () => undefined };
  }
  const broker = await TestBroker.start();
  const brokerEnv = { EGG_STORAGE: 'kafka', KAFKA_BROKERS: broker.bootstrap, KAFKA_IDEMPOTENT: 'false' };
  try {
    const { partitions, kafka } = kafkaConfig({ ...env, ...brokerEnv });
    for (const topic of topics) await broker.createTopic(`${kafka.topicPrefix}${topic}`, partitions);
  } catch (error) {
    await broker.stop();
    throw error;
  }
  return {
    env: brokerEnv,
    description:
      `Kafka: no KAFKA_BROKERS, so started the test broker at ${broker.bootstrap} ` +
      `(librdkafka's mock cluster, in memory: its data goes when the stack stops; it proves the protocol, not Kafka's durability)`,
    close: () => broker.stop(),
  };
}
