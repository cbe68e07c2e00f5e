/**
 * High watermarks asked in one tick go out as one ListOffsets request per leader broker: the
 * repository asks every partition at once before a read, and that check is on every read's
 * path, so it costs one round trip however many partitions the topic has.
 */
import type { Cluster } from './cluster.ts';

const LATEST = -1;

interface Pending {
  partition: number;
  resolve(offset: number): void;
  reject(error: unknown): void;
}

export class WatermarkBatcher {
  private readonly pending = new Map<string, Pending[]>();
  private scheduled = false;

  constructor(private readonly cluster: Cluster) {}

  highWatermark(topic: string, partition: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const list = this.pending.get(topic) ?? [];
      list.push({ partition, resolve, reject });
      this.pending.set(topic, list);
      if (!this.scheduled) {
        this.scheduled = true;
        queueMicrotask(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const batch = new Map(this.pending);
    this.pending.clear();
    for (const [topic, waiters] of batch) {
      this.ask(topic, waiters).catch((error: unknown) => waiters.forEach((w) => w.reject(error)));
    }
  }

  private async ask(topic: string, waiters: Pending[]): Promise<void> {
    const partitions = [...new Set(waiters.map((w) => w.partition))];
    const byLeader = this.cluster.findLeaderForPartitions(topic, partitions);
    const offsets = new Map<number, number>();
    await Promise.all(
      Object.entries(byLeader).map(async ([nodeId, ids]) => {
        const broker = await this.cluster.findBroker({ nodeId });
        const { responses } = await broker.listOffsets({
          topics: [{ topic, partitions: ids.map((partition) => ({ partition, timestamp: LATEST })) }],
        });
        for (const r of responses) for (const p of r.partitions) offsets.set(p.partition, Number(p.offset));
      }),
    );
    for (const w of waiters) {
      const offset = offsets.get(w.partition);
      if (offset === undefined) w.reject(new Error(`no leader answered for partition ${w.partition} of ${topic}`));
      else w.resolve(offset);
    }
  }
}
