/**
 * bench:storage's Kafka columns, all against the test broker (librdkafka's mock cluster on
 * this machine, in memory): they measure our use of the protocol and kafkajs, not a real
 * cluster's disks or network. BENCH_KAFKA_RTT_MS makes the broker answer that much later,
 * a model of a remote cluster.
 *   create vs a bare kafkajs produce (acks -1, same bytes), sampled alternately;
 *   a warm read with nothing new vs one ListOffsets round trip, sampled alternately;
 *   a warm read just after another instance wrote;
 *   a cold instance (its own process) rebuilding its view from BENCH_BIG events;
 *   one kafkajs consumer-group join, the price of the design we did not choose.
 */
import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import kafkajs from 'kafkajs';
import { createRepository } from '@egg/storage-core';
import { KafkaEventLog, createCluster, type KafkaLogOptions } from '@egg/storage-kafka';
import { TestBroker } from '@egg/storage-kafka-test-broker';
import { PARTITIONS, seed } from './storage-common.ts';
import { percentile } from './stats.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

export const kafkaOptions = (bootstrap: string): KafkaLogOptions => ({
  brokers: bootstrap.split(','),
  clientId: 'bench',
  tls: false,
  idempotent: false,
  topicPrefix: '',
  timeoutMs: 5000,
  connectTimeoutMs: 1000,
});

async function createVsProduce(broker: TestBroker, log: KafkaEventLog, samples: number, warmup: number) {
  await broker.createTopic('bench-create', PARTITIONS);
  await broker.createTopic('bench-bare', PARTITIONS);
  const repo = createRepository(log, 'bench-create');
  const producer = new kafkajs.Kafka({ brokers: [broker.bootstrap], logLevel: kafkajs.logLevel.NOTHING }).producer();
  await producer.connect();
  const create: number[] = [];
  const produce: number[] = [];
  try {
    for (let i = 0; i < samples + warmup; i++) {
      let start = process.hrtime.bigint();
      const row = await repo.create({ name: `hen-${i}`, serial: i });
      const createMs = ms(start);
      const value = JSON.stringify({ id: row.id, payload: row.payload, created_at: row.created_at, deleted: false, op: 'create' });
      start = process.hrtime.bigint();
      await producer.send({ topic: 'bench-bare', acks: -1, messages: [{ key: row.id, value }] });
      const produceMs = ms(start);
      if (i >= warmup) {
        create.push(createMs);
        produce.push(produceMs);
      }
    }
  } finally {
    await producer.disconnect();
  }
  return { create: percentile(create, 50), produce: percentile(produce, 50) };
}

/** One ListOffsets request for every partition, straight to the leader: the floor of a read's check. */
async function listOffsets(bootstrap: string, topic: string): Promise<() => Promise<void>> {
  const cluster = createCluster(new kafkajs.Kafka({ brokers: [bootstrap], logLevel: kafkajs.logLevel.NOTHING }));
  await cluster.connect();
  await cluster.addTargetTopic(topic);
  const [nodeId] = Object.keys(cluster.findLeaderForPartitions(topic, [0]));
  const broker = await cluster.findBroker({ nodeId });
  const partitions = Array.from({ length: PARTITIONS }, (_, partition) => ({ partition, timestamp: -1 }));
  return async () => void (await broker.listOffsets({ topics: [{ topic, partitions }] }));
}

async function warmReads(broker: TestBroker, samples: number, warmup: number) {
  await broker.createTopic('bench-read', PARTITIONS);
  const reader = await KafkaEventLog.open(kafkaOptions(broker.bootstrap));
  const writer = await KafkaEventLog.open(kafkaOptions(broker.bootstrap));
  try {
    const mine = createRepository(reader, 'bench-read');
    const theirs = createRepository(writer, 'bench-read');
    const ids = await seed(mine, 1000);
    const roundTrip = await listOffsets(broker.bootstrap, 'bench-read');
    const nothingNew: number[] = [];
    const listed: number[] = [];
    const afterWrite: number[] = [];
    for (let i = 0; i < samples + warmup; i++) {
      const id = ids[i % ids.length];
      let start = process.hrtime.bigint();
      await mine.read(id);
      const readMs = ms(start);
      start = process.hrtime.bigint();
      await roundTrip();
      const listMs = ms(start);
      await theirs.replace(id, { name: `row-${i}`, serial: i });
      start = process.hrtime.bigint();
      const row = await mine.read(id);
      const afterMs = ms(start);
      if (row?.payload.serial !== i) throw new Error('a warm read missed another instance\'s acknowledged write');
      if (i >= warmup) {
        nothingNew.push(readMs);
        listed.push(listMs);
        afterWrite.push(afterMs);
      }
    }
    return { nothingNew: percentile(nothingNew, 50), listOffsets: percentile(listed, 50), afterWrite: percentile(afterWrite, 50) };
  } finally {
    await Promise.all([reader.close(), writer.close()]);
  }
}

/** What a long-lived consumer would pay at every cold start and rebalance: kafkajs's group join. */
async function consumerJoin(broker: TestBroker): Promise<number> {
  const consumer = new kafkajs.Kafka({ brokers: [broker.bootstrap], logLevel: kafkajs.logLevel.NOTHING }).consumer({
    groupId: `bench-join-${process.pid}`,
  });
  const start = process.hrtime.bigint();
  const joined = new Promise<number>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve(ms(start))));
  await consumer.connect();
  await consumer.subscribe({ topic: 'bench-read', fromBeginning: true });
  await consumer.run({ eachBatch: async () => undefined });
  const joinMs = await joined;
  await consumer.disconnect();
  return joinMs;
}

async function coldRebuild(broker: TestBroker, big: number) {
  await broker.createTopic('bench-cold', PARTITIONS);
  const log = await KafkaEventLog.open(kafkaOptions(broker.bootstrap));
  let someId: string;
  try {
    someId = (await seed(createRepository(log, 'bench-cold'), big))[0];
  } finally {
    await log.close();
  }
  const child = fork(path.join(here, 'storage-kafka-cold.ts'), [broker.bootstrap, 'bench-cold', someId], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  type Cold = { ms: number; cpuMs: number; heapMb: number; rssMb: number };
  return new Promise<Cold>((ok, fail) => {
    child.once('message', (m) => ok(m as Cold));
    child.once('exit', (code) => code && fail(new Error(`cold-rebuild worker exited ${code}`)));
  });
}

export async function kafkaColumns(samples: number, warmup: number, big: number) {
  const broker = await TestBroker.start();
  const rtt = Number(process.env.BENCH_KAFKA_RTT_MS ?? 0);
  if (rtt > 0) await broker.rtt(rtt);
  const log = await KafkaEventLog.open(kafkaOptions(broker.bootstrap));
  try {
    const writes = await createVsProduce(broker, log, samples, warmup);
    const reads = await warmReads(broker, samples, warmup);
    const cold = await coldRebuild(broker, big);
    const joinMs = await consumerJoin(broker);
    return {
      columns: {
        kafka_create_p50_ms: writes.create,
        kafka_bare_produce_p50_ms: writes.produce,
        kafka_list_offsets_p50_ms: reads.listOffsets,
        kafka_warm_read_nothing_new_p50_ms: reads.nothingNew,
        kafka_warm_read_after_other_write_p50_ms: reads.afterWrite,
        kafka_consumer_group_join_ms: joinMs,
        kafka_cold_rebuild_ms: cold.ms,
        // Our process's CPU during the rebuild: the rest of the wall time is waiting on the test broker.
        kafka_cold_rebuild_cpu_ms: cold.cpuMs,
        kafka_cold_rebuild_heap_mb: cold.heapMb,
        kafka_cold_rebuild_rss_mb: cold.rssMb,
      },
      ratios: {
        kafka_create_vs_bare_produce: writes.create / writes.produce,
        kafka_warm_read_vs_list_offsets: reads.nothingNew / reads.listOffsets,
      },
      label: `kafka_* columns: measured against the test broker (librdkafka's mock cluster, in memory, answers delayed ${rtt} ms), not a real cluster`,
    };
  } finally {
    await log.close();
    await broker.stop();
  }
}
