/** A cold instance: its own process, opening the Kafka log and answering its first read (a full rebuild of the view). */
import { createRepository } from '@egg/storage-core';
import { KafkaEventLog } from '@egg/storage-kafka';
import { kafkaOptions } from './storage-kafka.ts';

const [bootstrap, topic, id] = process.argv.slice(2);
const start = process.hrtime.bigint();
const cpu = process.cpuUsage();
const log = await KafkaEventLog.open(kafkaOptions(bootstrap));
const row = await createRepository(log, topic).read(id);
const ms = Number(process.hrtime.bigint() - start) / 1e6;
const { user, system } = process.cpuUsage(cpu);
if (!row) throw new Error('the cold instance missed an entity written before it started');
global.gc?.();
const { heapUsed, rss } = process.memoryUsage();
process.send!({ ms, cpuMs: (user + system) / 1000, heapMb: heapUsed / 2 ** 20, rssMb: rss / 2 ** 20 });
await log.close();
