/**
 * The Kafka backend's failure behaviour, with real wire-protocol failures from the test
 * broker (librdkafka's mock cluster): brokers taken down and up, answers held back, foreign
 * producers. Against a test broker: this proves our handling, not Kafka's durability.
 */
import { randomUUID } from 'node:crypto';
import kafkajs from 'kafkajs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, StorageUnavailableError, WriteOutcomeUnknownError, createRepository, type Envelope } from '@egg/storage-core';
import { KafkaEventLog, MissingTopicError, createKafkaTopics, type KafkaLogOptions } from '../src/index.ts';
import { ApiKey, TestBroker } from '@egg/storage-kafka-test-broker';

const TIMEOUT_MS = 1500;
let broker: TestBroker;
const logs: KafkaEventLog[] = [];
const warnings: string[] = [];

const options = (extra: Partial<KafkaLogOptions> = {}): KafkaLogOptions => ({
  brokers: broker.bootstrap.split(','),
  clientId: 'failure-tests',
  tls: false,
  idempotent: false,
  topicPrefix: '',
  timeoutMs: TIMEOUT_MS,
  connectTimeoutMs: 500,
  provisionTopic: (topic, partitions) => broker.createTopic(topic, partitions),
  warn: (message) => warnings.push(message),
  ...extra,
});

async function open(extra?: Partial<KafkaLogOptions>): Promise<KafkaEventLog> {
  const log = await KafkaEventLog.open(options(extra));
  logs.push(log);
  return log;
}

/** What `work` failed with (undefined when it succeeded). */
const failure = <T>(work: Promise<T>): Promise<unknown> =>
  work.then(
    () => undefined,
    (e: unknown) => e,
  );

beforeAll(async () => {
  broker = await TestBroker.start({ brokers: 1 });
});
afterEach(async () => {
  await broker.up();
  await Promise.all(logs.splice(0).map((l) => l.close()));
  warnings.length = 0;
});
afterAll(() => broker?.stop());

describe('kafka backend on the test broker', () => {
  it('with the broker down, writes and reads fail with 503 errors while it is down, then recover by themselves', async () => {
    const topic = `down-${randomUUID()}`;
    const repo = createRepository(await open(), topic, { partitions: 2 });
    const before = await repo.create({ name: 'acknowledged' });

    await broker.down();
    // Both fail while the broker is still down: the log's own deadline ends each wait.
    const write = await failure(repo.create({ name: 'during' }));
    expect(write).toSatisfy((e) => e instanceof StorageUnavailableError || e instanceof WriteOutcomeUnknownError);
    expect((write as Error).message).toMatch(/Kafka/);
    const read = await failure(repo.read(before.id));
    expect(read).toBeInstanceOf(StorageUnavailableError);
    expect((read as Error).message).toMatch(/cannot prove its view current/);

    await broker.up();
    // Reconnecting takes the client a retry or two; the instance is never restarted.
    let after: Envelope | undefined;
    for (let attempt = 0; !after; attempt++) {
      after = await repo.create({ name: 'after' }).catch(async (error: unknown) => {
        if (attempt > 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200));
        return undefined;
      });
    }
    expect((await repo.read(before.id))?.payload.name).toBe('acknowledged');
    expect((await repo.read(after.id))?.payload.name).toBe('after');
  });

  it('a write whose answer does not come in time is "may have happened"; a retry of its client id is refused, not duplicated', async () => {
    const topic = `unknown-${randomUUID()}`;
    const repo = createRepository(await open(), topic, { partitions: 1 });
    await repo.list();
    const id = randomUUID();
    await broker.delayNextAnswer(ApiKey.Produce, TIMEOUT_MS * 2);
    const error = await failure(repo.create({ name: 'first try' }, id));
    expect(error).toBeInstanceOf(WriteOutcomeUnknownError);
    expect((error as Error).message).toMatch(/^the write may have happened/);

    // It did happen: a second instance sees it, and the client's retry gets 409.
    const other = createRepository(await open(), topic);
    expect((await other.read(id))?.payload.name).toBe('first try');
    await expect(other.create({ name: 'retry' }, id)).rejects.toBeInstanceOf(ConflictError);
    expect((await other.list()).map((r) => r.payload.name)).toEqual(['first try']);
  });

  it('skips records of other producers with one warning naming topic, partition and offset', async () => {
    const topic = `foreign-${randomUUID()}`;
    const log = await open();
    const repo = createRepository(log, topic, { partitions: 1 });
    const mine = await repo.create({ name: 'ours' });
    const producer = new kafkajs.Kafka({ brokers: broker.bootstrap.split(','), logLevel: kafkajs.logLevel.NOTHING }).producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ key: 'x', value: 'not json at all' }, { key: null, value: null }] });
    await producer.disconnect();
    const later = await createRepository(await open(), topic).create({ name: 'after them' });

    const fresh = createRepository(await open(), topic);
    expect((await fresh.list()).map((r) => r.id)).toEqual([mine.id, later.id]);
    expect(await repo.read(later.id)).toBeDefined();
    const skipped = warnings.filter((w) => w.startsWith('skipped'));
    expect(skipped).toEqual([
      `skipped a record that is not one of our events: topic ${topic}, partition 0, offset 1 (no "egg-event: 1" header)`,
      `skipped a record that is not one of our events: topic ${topic}, partition 0, offset 2 (no "egg-event: 1" header)`,
      `skipped a record that is not one of our events: topic ${topic}, partition 0, offset 1 (no "egg-event: 1" header)`,
      `skipped a record that is not one of our events: topic ${topic}, partition 0, offset 2 (no "egg-event: 1" header)`,
    ]);
  });

  it('a missing topic is one clear line and a 503 naming it, not a timeout', async () => {
    const topic = `missing-${randomUUID()}`;
    await broker.hideTopic(`egg.${topic}`);
    const repo = createRepository(await open({ provisionTopic: undefined, topicPrefix: 'egg.' }), topic);
    const error = await failure(repo.list());
    expect(error).toBeInstanceOf(MissingTopicError);
    expect(error).toBeInstanceOf(StorageUnavailableError);
    expect((error as Error).message).toBe(`Kafka topic "egg.${topic}" does not exist: create it at deploy time (npm run kafka:topics)`);
    expect(warnings).toEqual([(error as Error).message]);
  });

  it('a consumer group resumes from its commit in another client', async () => {
    const topic = `group-${randomUUID()}`;
    const writer = await open();
    await writer.createTopic(topic, { partitions: 2 });
    for (let i = 0; i < 6; i++) await writer.append(topic, { key: `k${i}`, value: Buffer.from(String(i)) });
    await writer.commitOffsets('billing', topic, [{ partition: 0, offset: 1 }]);
    const reader = await open();
    expect(await reader.fetchOffsets('billing', topic)).toEqual([{ partition: 0, offset: 1 }]);
    await reader.commitOffsets('billing', topic, [{ partition: 1, offset: 2 }]);
    expect(await writer.fetchOffsets('billing', topic)).toEqual([
      { partition: 0, offset: 1 },
      { partition: 1, offset: 2 },
    ]);
  });

  it('kafka:topics keeps existing topics, and says clearly that the test broker cannot create one', async () => {
    const there = `topics-${randomUUID()}`;
    await broker.createTopic(there, 2);
    expect(await createKafkaTopics(options(), [{ topic: there, partitions: 2 }])).toEqual({ created: [], existing: [there] });
    const missing = `topics-${randomUUID()}`;
    await broker.hideTopic(missing);
    await expect(createKafkaTopics(options(), [{ topic: missing, partitions: 2 }])).rejects.toThrow(/the test broker has no CreateTopics/);
  });
});
