/** Every lock lease this process holds (lease.ts), given back when its event loop turns: once its current work is done. */
import { TopicLeases } from './lease.ts';

export class ProcessLeases {
  private readonly topics: TopicLeases[] = [];
  private release?: NodeJS.Immediate;

  /** The leases of one topic, given back with the rest. */
  forTopic(wantsPath: string, partitions: number): TopicLeases {
    const leases = new TopicLeases(wantsPath, partitions, () => this.releaseSoon());
    this.topics.push(leases);
    return leases;
  }

  private releaseSoon(): void {
    this.release ??= setImmediate(() => this.releaseAll());
  }

  releaseAll(): void {
    if (this.release) clearImmediate(this.release);
    this.release = undefined;
    for (const leases of this.topics) leases.releaseAll();
  }

  close(): void {
    this.releaseAll();
    for (const leases of this.topics) leases.close();
  }
}
