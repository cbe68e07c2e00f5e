import { describe, expect, it } from 'vitest';
import { KafkaEventLog } from '@egg/storage-kafka';
import { startLocalStorage } from './storage.ts';

describe('the local stack storage', () => {
  it('is the file log under DATA_DIR by default', async () => {
    const storage = await startLocalStorage({}, '/tmp/egg-data', ['farm']);
    expect(storage.env).toEqual({ EGG_STORAGE: 'file', DATA_DIR: '/tmp/egg-data' });
  });

  it('uses the cluster KAFKA_BROKERS names, after checking every Kafka setting', async () => {
    const storage = await startLocalStorage({ EGG_STORAGE: 'kafka', KAFKA_BROKERS: 'kafka.example:9092' }, '/tmp/x', ['farm']);
    expect(storage.env).toEqual({ EGG_STORAGE: 'kafka' });
    expect(storage.description).toMatch(/^Kafka at kafka\.example:9092/);
    await expect(startLocalStorage({ EGG_STORAGE: 'kafka', KAFKA_BROKERS: 'nohost', KAFKA_TLS: 'maybe' }, '/tmp/x', [])).rejects.toThrow(
      /KAFKA_BROKERS: .*; KAFKA_TLS: /,
    );
  });

  it('without KAFKA_BROKERS starts the test broker with every topic, and says so', async () => {
    const storage = await startLocalStorage({ EGG_STORAGE: 'kafka', EGG_PARTITIONS: '3', KAFKA_TOPIC_PREFIX: 'dev.' }, '/tmp/x', ['farm', 'farm.idempotency']);
    try {
      expect(storage.description).toMatch(/started the test broker at 127\.0\.0\.1:\d+/);
      expect(storage.env).toMatchObject({ EGG_STORAGE: 'kafka', KAFKA_IDEMPOTENT: 'false' });
      const log = await KafkaEventLog.open({
        brokers: [storage.env.KAFKA_BROKERS],
        clientId: 'check',
        tls: false,
        idempotent: false,
        topicPrefix: 'dev.',
        timeoutMs: 2000,
        connectTimeoutMs: 500,
      });
      expect(await log.partitionCount('farm')).toBe(3);
      expect(await log.partitionCount('farm.idempotency')).toBe(3);
      await log.close();
    } finally {
      await storage.close();
    }
  });
});
