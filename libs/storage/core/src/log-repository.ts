/**
 * The repository over any EventLog: writes are events, reads a projection of the topic.
 * Before every read it catches up on what any process appended since it last looked
 * (one high-watermark check per partition, then only the new records), so a read sees
 * every write acknowledged before it began.
 */
import { randomUUID } from 'node:crypto';
import type { EventLog, RecordPosition, WithSnapshots } from './event-log.ts';
import { Projection } from './projection.ts';
import { decodeProjection, encodeProjection } from './projection-codec.ts';
import { eventJson, type StoredEvent, type Version } from './stored-event.ts';
import {
  ConflictError,
  NotFoundError,
  type Envelope,
  type ListOptions,
  type Payload,
  type Repository,
} from './repository.ts';

export interface RepositoryOptions {
  /** Partitions of the topic when this repository creates it; an existing topic keeps its own. */
  partitions?: number;
  /** Server time; injectable so tests can write in the past. */
  clock?: () => number;
  /**
   * Save an index snapshot once catch-up has read this many records since the last one (where
   * the log keeps snapshots; default 5000). Own writes do not count: encoding is a pause, and a
   * writer should not pay it; the readers that would otherwise replay its writes do.
   */
  snapshotEvery?: number;
}

const SNAPSHOT = 'repository-index';
const READ_BATCH = 1000;
const PAST_VERSION_CACHE = 1000;
const MAX_CLOCK_WAIT_MS = 5;

const hasSnapshots = (log: EventLog): log is EventLog & WithSnapshots =>
  typeof (log as Partial<WithSnapshots>).snapshots === 'object';

export function createRepository<P extends Payload = Payload>(
  log: EventLog,
  topic: string,
  options: RepositoryOptions = {},
): Repository<P> {
  return new LogRepository<P>(log, topic, options);
}

export class LogRepository<P extends Payload> implements Repository<P> {
  private opening?: Promise<Projection>;
  /** The projection once open: a write of fresh ids needs no catch-up, so it starts without awaiting. */
  private opened?: Projection;
  private catchingUp: Promise<unknown> = Promise.resolve();
  /** A full catch-up queued but not yet started: reads arriving meanwhile share it. */
  private queuedFullCatchUp?: Promise<void>;
  private caughtUpSinceSnapshot = 0;
  /** Past versions' records (JSON), least recently used first; parsed per read so callers cannot alter the cache. */
  private readonly pastVersions = new Map<string, string>();
  private readonly clock: () => number;

  constructor(
    private readonly log: EventLog,
    private readonly topic: string,
    private readonly options: RepositoryOptions,
  ) {
    this.clock = options.clock ?? Date.now;
  }

  private open(): Promise<Projection> {
    if (!this.opening) {
      this.opening = (async () => {
        await this.log.createTopic(this.topic, { partitions: this.options.partitions ?? 4 });
        const partitions = await this.log.partitionCount(this.topic);
        this.opened = (await this.loadSnapshot(partitions)) ?? new Projection(partitions);
        return this.opened;
      })();
      // A failed open (say, the broker was unreachable) is retried by the next call.
      this.opening.catch(() => (this.opening = undefined));
    }
    return this.opening;
  }

  private async loadSnapshot(partitions: number): Promise<Projection | undefined> {
    if (!hasSnapshots(this.log)) return undefined;
    try {
      const data = await this.log.snapshots.load(this.topic, SNAPSHOT);
      const projection = data && decodeProjection(data, partitions);
      if (!projection) return undefined;
      // A snapshot ahead of the log belongs to some other history: replay instead.
      const highs = await Promise.all(projection.offsets.map((_, p) => this.log.highWatermark(this.topic, p)));
      return projection.offsets.every((offset, p) => offset <= highs[p]) ? projection : undefined;
    } catch {
      return undefined; // derived data only: a damaged snapshot costs a replay, never a wrong answer
    }
  }

  /**
   * Brings the projection up to the partitions' current high watermarks: all of them for a
   * read, only the ones holding the written ids for a write (an id lives in one partition).
   */
  private async current(ids?: string[]): Promise<Projection> {
    const projection = await this.open();
    if (ids?.length === 0) return projection;
    if (ids) {
      const partitions = new Set(await Promise.all(ids.map((id) => this.log.partitionFor(this.topic, id))));
      await this.enqueue(() => this.catchUp(projection, [...partitions]));
      return projection;
    }
    // It starts after this read began, so it sees every write this read must see.
    this.queuedFullCatchUp ??= this.enqueue(() => {
      this.queuedFullCatchUp = undefined;
      return this.catchUp(projection, projection.offsets.map((_, p) => p));
    });
    await this.queuedFullCatchUp;
    return projection;
  }

  /** Catch-ups run one at a time: the projection applies each partition's records in order. */
  private enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.catchingUp.then(task);
    this.catchingUp = run.catch(() => undefined);
    return run;
  }

  /** `forWrite`: a writer settling its own writes, which neither counts them nor pays for a snapshot. */
  private async catchUp(projection: Projection, partitions: number[], forWrite = false): Promise<void> {
    // Watermarks asked all at once: over a network that is one round trip, not one per partition.
    const highs = await Promise.all(partitions.map((p) => this.log.highWatermark(this.topic, p)));
    for (const [i, p] of partitions.entries()) {
      while (projection.offsets[p] < highs[i]) {
        const records = await this.log.read(this.topic, p, projection.offsets[p], READ_BATCH);
        if (records.length === 0) break;
        for (const r of records) {
          // Offsets a backend skipped (Kafka: other producers' records) hold nothing to apply.
          if (r.offset > projection.offsets[p]) projection.offsets[p] = r.offset;
          projection.apply(JSON.parse(r.value.toString()) as StoredEvent, p, r.offset);
        }
        if (!forWrite) this.caughtUpSinceSnapshot += records.length;
      }
    }
    if (!forWrite) await this.maybeSnapshot(projection);
  }

  private async maybeSnapshot(projection: Projection): Promise<void> {
    if (!hasSnapshots(this.log) || this.caughtUpSinceSnapshot < (this.options.snapshotEvery ?? 5000)) return;
    this.caughtUpSinceSnapshot = 0;
    try {
      await this.log.snapshots.save(this.topic, SNAPSHOT, encodeProjection(projection));
    } catch {
      // A snapshot is an optimisation; failing to write one must not fail the request.
    }
  }

  private async payloadOf(version: Version): Promise<P> {
    if (version.payload !== undefined) return JSON.parse(version.payload) as P;
    const key = `${version.partition}:${version.offset}`;
    let json = this.pastVersions.get(key);
    if (json !== undefined) {
      this.pastVersions.delete(key); // re-inserted below: Map order is the LRU order
    } else {
      const [record] = await this.log.read(this.topic, version.partition, version.offset, 1);
      json = record.value.toString();
      if (this.pastVersions.size >= PAST_VERSION_CACHE) this.pastVersions.delete(this.pastVersions.keys().next().value!);
    }
    this.pastVersions.set(key, json);
    return (JSON.parse(json) as StoredEvent).payload as P;
  }

  private async envelope(id: string, version: Version): Promise<Envelope<P>> {
    return {
      id,
      payload: await this.payloadOf(version),
      created_at: version.createdAt,
      deleted: version.deleted,
      position: { topic: this.topic, partition: version.partition, offset: version.offset },
    };
  }

  /**
   * Server time for a new version of `ids`: now, unless that is not after an id's previous
   * version (a write in the same millisecond). Then it waits for the clock to pass rather
   * than stamp the write in the future, where a read "now" would not see it yet. A clock that
   * does not move (a test's) or lags another instance's stamp by more than MAX_CLOCK_WAIT_MS
   * gets the previous version + 1, which keeps versions ordered.
   */
  private stamp(projection: Projection, ids: string[]): number | Promise<number> {
    let floor = -Infinity;
    for (const id of ids) {
      const list = projection.versions.get(id);
      if (list) floor = Math.max(floor, list[list.length - 1].createdAt);
    }
    const now = this.clock();
    if (now > floor) return now;
    return floor - now > MAX_CLOCK_WAIT_MS ? floor + 1 : this.waitForClock(floor);
  }

  private async waitForClock(floor: number): Promise<number> {
    for (let waited = 1; ; waited++) {
      await new Promise((resolve) => setTimeout(resolve, 1));
      const now = this.clock();
      if (now > floor) return now;
      if (waited >= MAX_CLOCK_WAIT_MS || floor - now > MAX_CLOCK_WAIT_MS) return floor + 1;
    }
  }

  /**
   * Appends the events. A fresh id's create cannot race and is indexed at once (unless another
   * process's write sits before it). Any other write (`settled`) may have raced one from another
   * instance since this one looked: the partitions are caught up past it, and a write the log's
   * order made void (see StoredEvent.op) is refused, as it would have been had it come second.
   * In a batch, the writes before the void one stand.
   */
  private async write(projection: Projection, events: StoredEvent[], settled: boolean): Promise<Envelope<P>[]> {
    const payloads = events.map((e) => JSON.stringify(e.payload));
    const positions: RecordPosition[] = await this.log.appendBatch(
      this.topic,
      events.map((e, i) => ({ key: e.id, value: Buffer.from(eventJson(e, payloads[i])), timestamp: e.created_at })),
    );
    if (settled) {
      const partitions = [...new Set(positions.map((p) => p.partition))];
      await this.enqueue(() => this.catchUp(projection, partitions, true));
    }
    return events.map((e, i) => {
      const { partition, offset } = positions[i];
      if (!settled) projection.apply(e, partition, offset, payloads[i]);
      else if (!projection.holds(e.id, partition, offset)) throw e.op === 'create' ? new ConflictError(e.id) : new NotFoundError(e.id);
      return { id: e.id, payload: e.payload as P, created_at: e.created_at, deleted: e.deleted, position: positions[i] };
    });
  }

  async create(payload: P, id?: string): Promise<Envelope<P>> {
    return (await this.createMany([{ payload, id }]))[0];
  }

  async createMany(items: { payload: P; id?: string }[]): Promise<Envelope<P>[]> {
    // Fresh UUIDs cannot conflict: only client-chosen ids need their partition caught up.
    const chosen = items.flatMap((item) => (item.id ? [item.id] : []));
    const projection = chosen.length === 0 && this.opened ? this.opened : await this.current(chosen);
    const seen = new Set<string>();
    const rows = items.map(({ payload, id = randomUUID() }) => {
      if (seen.has(id) || projection.visible(id, Infinity)) throw new ConflictError(id);
      seen.add(id);
      return { id, payload };
    });
    const stamped = this.stamp(projection, [...seen]);
    const now = typeof stamped === 'number' ? stamped : await stamped;
    const events = rows.map(({ id, payload }) => ({ id, payload, created_at: now, deleted: false, op: 'create' as const }));
    return await this.write(projection, events, chosen.length > 0); // awaited: settles a tick sooner than a returned promise
  }

  async read(id: string, at = Infinity): Promise<Envelope<P> | undefined> {
    const projection = await this.current();
    const version = projection.visible(id, at);
    return version && this.envelope(id, version);
  }

  async readMany(ids: string[], at = Infinity): Promise<Envelope<P>[]> {
    const projection = await this.current();
    const found: Envelope<P>[] = [];
    for (const id of ids) {
      const version = projection.visible(id, at);
      if (version) found.push(await this.envelope(id, version));
    }
    return found;
  }

  async list({ at = Infinity, limit = Infinity, after, where }: ListOptions<P> = {}): Promise<Envelope<P>[]> {
    const projection = await this.current();
    await this.checkAfter(projection, after, at, where);
    const order = projection.creationOrder();
    const rows: Envelope<P>[] = [];
    for (let i = after === undefined ? 0 : firstAfter(projection, order, after); i < order.length; i++) {
      if (rows.length >= limit) break;
      const id = order[i];
      const version = projection.visible(id, at);
      if (!version) continue;
      const row = await this.envelope(id, version);
      if (!where || where(row)) rows.push(row);
    }
    return rows;
  }

  /** An `after` never stored, or one the filter hides at `at`, names nothing the caller could have paged to. */
  private async checkAfter(projection: Projection, after: string | undefined, at: number, where?: (row: Envelope<P>) => boolean) {
    if (after === undefined) return;
    if (!projection.versions.has(after)) throw new NotFoundError(after);
    if (!where) return;
    const version = projection.visible(after, at);
    if (!version || !where(await this.envelope(after, version))) throw new NotFoundError(after);
  }

  async replace(id: string, payload: P): Promise<Envelope<P>> {
    const projection = await this.current([id]);
    if (!projection.visible(id, Infinity)) throw new NotFoundError(id);
    const [row] = await this.write(
      projection,
      [{ id, payload, created_at: await this.stamp(projection, [id]), deleted: false, op: 'replace' }],
      true,
    );
    return row;
  }

  async remove(id: string, record?: Partial<P>): Promise<Envelope<P>> {
    return (await this.removeMany([id], record))[0];
  }

  async removeMany(ids: string[], record?: Partial<P>): Promise<Envelope<P>[]> {
    const projection = await this.current(ids);
    const now = await this.stamp(projection, ids);
    const seen = new Set<string>();
    const events = await Promise.all(
      ids.map(async (id) => {
        const version = projection.visible(id, Infinity);
        if (!version || seen.has(id)) throw new NotFoundError(id);
        seen.add(id);
        const { payload } = await this.envelope(id, version);
        return { id, payload: { ...payload, ...record }, created_at: now, deleted: true, op: 'remove' as const };
      }),
    );
    return this.write(projection, events, true);
  }

  async findBy(field: string, value: unknown, options: ListOptions<P> = {}): Promise<Envelope<P>[]> {
    return (await this.findByMany(field, [value], options)).get(value) ?? [];
  }

  async findByMany(field: string, values: unknown[], { at = Infinity, limit = Infinity, after, where }: ListOptions<P> = {}) {
    const projection = await this.current();
    await this.checkAfter(projection, after, at, where);
    const result = new Map<unknown, Envelope<P>[]>();
    for (const value of values) {
      const rows: Envelope<P>[] = [];
      for (const id of projection.candidates(field, value)) {
        const version = projection.visible(id, at);
        if (!version || (after !== undefined && projection.byFirstVersion(id, after) <= 0)) continue;
        const row = await this.envelope(id, version);
        if (row.payload[field] === value && (!where || where(row))) rows.push(row);
      }
      rows.sort((a, b) => projection.byFirstVersion(a.id, b.id));
      result.set(value, rows.slice(0, limit));
    }
    return result;
  }
}

/** Index in `order` (creation order) of the first id created after `after`: a binary search. */
function firstAfter(projection: Projection, order: readonly string[], after: string): number {
  if (!projection.versions.has(after)) throw new NotFoundError(after);
  let low = 0;
  let high = order.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (projection.byFirstVersion(order[mid], after) <= 0) low = mid + 1;
    else high = mid;
  }
  return low;
}
