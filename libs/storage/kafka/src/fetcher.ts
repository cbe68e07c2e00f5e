/**
 * Reads a partition with Fetch requests to its leader (no consumer group). A catch-up asks
 * for 1,000 records at a time; one Fetch brings back up to READ_AHEAD_BYTES, and the rest
 * waits here for the next call, so a cold rebuild is a few large fetches, not one per call.
 * Memory stays bounded by one read-ahead per partition, never the topic.
 */
import type { LogRecord } from '@egg/storage-core';
import type { Cluster, FetchedMessage } from './cluster.ts';
import { foreignReason, toLogRecord } from './records.ts';

const READ_AHEAD_BYTES = 4 * 1024 * 1024;
/** A read of a few records (a past version) fetches little and leaves the read-ahead alone. */
const SMALL_READ = 16;
const SMALL_READ_BYTES = 64 * 1024;
const WARNED_LIMIT = 10_000;

/** Offsets start..next-1 were fetched; `records` are ours among them, not yet handed out. */
interface ReadAhead {
  start: number;
  next: number;
  records: LogRecord[];
}

export class PartitionFetcher {
  private readonly ahead = new Map<string, ReadAhead>();
  private readonly warned = new Set<string>();

  constructor(
    private readonly cluster: Cluster,
    private readonly warn: (message: string) => void,
  ) {}

  async read(kafkaTopic: string, topic: string, partition: number, offset: number, max: number): Promise<LogRecord[]> {
    const key = `${kafkaTopic}\u0000${partition}`;
    let from = offset;
    const small = max <= SMALL_READ;
    const ahead = small ? undefined : this.ahead.get(key);
    if (ahead && ahead.start <= offset && offset < ahead.next) {
      const at = ahead.records.findIndex((r) => r.offset >= offset);
      if (at >= 0) {
        const out = ahead.records.slice(at, at + max);
        ahead.records = ahead.records.slice(at + out.length);
        ahead.start = out[out.length - 1].offset + 1;
        return out;
      }
      from = ahead.next; // everything from offset up to there was someone else's records
    }
    // Kafka answers as many batches as fit in maxBytes; the test broker one batch per fetch.
    // Either way, fetch on until `max` records or the high watermark the answer reports.
    const records: LogRecord[] = [];
    for (;;) {
      const { messages, next, high } = await this.fetch(kafkaTopic, partition, from, small ? SMALL_READ_BYTES : READ_AHEAD_BYTES);
      for (const m of messages) {
        const why = foreignReason(m);
        if (why) this.warnOnce(kafkaTopic, partition, m.offset, why);
        else records.push(toLogRecord(topic, partition, m));
      }
      from = next;
      if (messages.length === 0 || records.length >= max || next >= high) break;
    }
    const out = records.slice(0, max);
    if (!small) this.ahead.set(key, { start: out.length ? out[out.length - 1].offset + 1 : offset, next: from, records: records.slice(out.length) });
    return out;
  }

  private async fetch(
    topic: string,
    partition: number,
    from: number,
    maxBytes: number,
  ): Promise<{ messages: FetchedMessage[]; next: number; high: number }> {
    const [nodeId] = Object.keys(this.cluster.findLeaderForPartitions(topic, [partition]));
    const broker = await this.cluster.findBroker({ nodeId });
    const { responses } = await broker.fetch({
      maxWaitTime: 0,
      minBytes: 1,
      maxBytes,
      topics: [{ topic, partitions: [{ partition, fetchOffset: String(from), maxBytes }] }],
    });
    // A fetch answers whole batches: drop what precedes the offset asked for, and control records.
    const answered = responses.flatMap((r) => r.partitions);
    const fetched = answered.flatMap((p) => p.messages);
    const messages = fetched.filter((m) => Number(m.offset) >= from && !m.isControlRecord);
    const last = fetched.at(-1);
    const high = Math.min(...answered.map((p) => Number(p.highWatermark)));
    return { messages, next: last ? Math.max(from, Number(last.offset) + 1) : from, high };
  }

  private warnOnce(topic: string, partition: number, offset: string, why: string): void {
    const id = `${topic}:${partition}:${offset}`;
    if (this.warned.has(id)) return;
    if (this.warned.size >= WARNED_LIMIT) this.warned.clear();
    this.warned.add(id);
    this.warn(`skipped a record that is not one of our events: topic ${topic}, partition ${partition}, offset ${offset} (${why})`);
  }
}
