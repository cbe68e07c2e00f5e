/**
 * A version's payload. The index keeps each id's latest payload; a past version's is read back
 * from the log, and the most recently read PAST_VERSION_CACHE of them are kept.
 */
import type { EventLog } from './event-log.ts';
import type { StoredWrite, Version } from './stored-write.ts';

const PAST_VERSION_CACHE = 1000;

export class PastVersions {
  /** Past versions' records (JSON), least recently used first; parsed per read so callers cannot alter the cache. */
  private readonly records = new Map<string, string>();

  constructor(
    private readonly log: EventLog,
    private readonly topic: string,
  ) {}

  async payloadOf<P>(version: Version): Promise<P> {
    if (version.payload !== undefined) return JSON.parse(version.payload) as P;
    const key = `${version.partition}:${version.offset}`;
    let json = this.records.get(key);
    if (json !== undefined) {
      this.records.delete(key); // re-inserted below: Map order is the LRU order
    } else {
      const [record] = await this.log.read(this.topic, version.partition, version.offset, 1);
      json = record.value.toString();
      if (this.records.size >= PAST_VERSION_CACHE) this.records.delete(this.records.keys().next().value!);
    }
    this.records.set(key, json);
    return (JSON.parse(json) as StoredWrite).payload as P;
  }
}
