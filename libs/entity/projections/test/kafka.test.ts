import { KafkaEventLog } from '@egg/storage-kafka';
import { TestBroker } from '@egg/storage-kafka-test-broker';
import { afterAll, beforeAll, describe } from 'vitest';
import { itHoldsTheProjectionProperty } from './property.ts';

// Against the test broker (librdkafka's mock cluster): our use of the protocol, not Kafka's durability.
let broker: TestBroker;
beforeAll(async () => {
  broker = await TestBroker.start({ brokers: 3 });
});
afterAll(() => broker.stop());

let run = 0;
const open = (prefix: string) =>
  KafkaEventLog.open({
    brokers: broker.bootstrap.split(','),
    clientId: 'projections',
    tls: false,
    idempotent: false,
    topicPrefix: prefix,
    timeoutMs: 5000,
    connectTimeoutMs: 1000,
    provisionTopic: (topic, partitions) => broker.createTopic(topic, partitions),
  });

describe('projections on Kafka (test broker; two instances, each its own client)', () => {
  itHoldsTheProjectionProperty(async () => {
    // Each history on topics of its own.
    const prefix = `run${run++}.`;
    const logs = [await open(prefix), await open(prefix)] as const;
    const opened: KafkaEventLog[] = [...logs];
    return {
      logs: [logs[0], logs[1]],
      fresh: async () => {
        const log = await open(prefix);
        opened.push(log);
        return log;
      },
      close: async () => {
        await Promise.all(opened.map((log) => log.close()));
      },
    };
  }, 15, 600_000);
});
