import { afterAll, beforeAll } from 'vitest';
import { KafkaEventLog } from '@egg/storage-kafka';
import { TestBroker } from '@egg/storage-kafka-test-broker';
import { describeConformance } from './conformance.ts';

// Against the test broker (librdkafka's mock cluster): our use of the protocol, not Kafka's durability.
let broker: TestBroker;
beforeAll(async () => {
  broker = await TestBroker.start({ brokers: 3 });
});
afterAll(() => broker.stop());

describeConformance('kafka (test broker)', async () => ({
  log: await KafkaEventLog.open({
    brokers: broker.bootstrap.split(','),
    clientId: 'conformance',
    tls: false,
    idempotent: false,
    topicPrefix: 'egg.',
    timeoutMs: 5000,
    connectTimeoutMs: 1000,
    provisionTopic: (topic, partitions) => broker.createTopic(topic, partitions),
  }),
  cleanup: async () => undefined,
}));
