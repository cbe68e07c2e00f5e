/**
 * The repository over any EventLog: writes are records, reads answered from an index of the
 * topic that catch-up keeps level with the log (catch-up.ts). A write's path: catch up the
 * partitions it touches, check it against the index, stamp it (stamp.ts), append it, and
 * either index it at once or read it back to learn whether it won a race.
 */
import { randomUUID } from 'node:crypto';
import { CatchUp } from './catch-up.ts';
import type { EventLog, RecordPosition } from './event-log.ts';
import { IndexSnapshots } from './index-snapshots.ts';
import { PastVersions } from './past-versions.ts';
import type { RepositoryIndex } from './repository-index.ts';
import { stamp } from './stamp.ts';
import { writeJson, type ApplyListener, type StoredWrite, type Version } from './stored-write.ts';
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
  /**
   * Told of every version as it is indexed, from the topic's first (those a snapshot holds
   * when the repository opens): for indexes of one's own beside the repository's, as exact
   * as its reads.
   */
  onApply?: ApplyListener;
}

export function createRepository<P extends Payload = Payload>(
  log: EventLog,
  topic: string,
  options: RepositoryOptions = {},
): LogRepository<P> {
  return new LogRepository<P>(log, topic, options);
}

export class LogRepository<P extends Payload> implements Repository<P> {
  private readonly catchUp: CatchUp;
  private readonly pastVersions: PastVersions;
  private readonly clock: () => number;

  constructor(
    private readonly log: EventLog,
    private readonly topic: string,
    options: RepositoryOptions,
  ) {
    const snapshots = new IndexSnapshots(log, topic, options.snapshotEvery);
    this.pastVersions = new PastVersions(log, topic);
    const { onApply } = options;
    this.catchUp = new CatchUp(log, topic, options.partitions ?? 4, snapshots, onApply && ((index) => this.tell(index, onApply)));
    this.clock = options.clock ?? Date.now;
  }

  /**
   * Tells a listener every version a snapshot already holds, as if it had followed the replay,
   * then attaches it for what catch-up adds. A snapshot keeps the latest payloads; an id's
   * earlier versions are read back from the log.
   */
  private async tell(index: RepositoryIndex, listener: ApplyListener): Promise<void> {
    for (const [id, versions] of index.versions) {
      for (const version of versions) listener(id, version.createdAt, version.deleted, await this.pastVersions.payloadOf<Payload>(version));
    }
    index.onApply = listener;
  }

  /** Catches up on every write acknowledged before this call, as a read would, and answers nothing. */
  async sync(): Promise<void> {
    await this.catchUp.forRead();
  }

  async create(payload: P, id?: string): Promise<Envelope<P>> {
    return (await this.createMany([{ payload, id }]))[0];
  }

  async createMany(items: { payload: P; id?: string }[]): Promise<Envelope<P>[]> {
    // Fresh UUIDs cannot conflict: only client-chosen ids need their partition caught up.
    const chosen = items.flatMap((item) => (item.id ? [item.id] : []));
    const index = chosen.length === 0 && this.catchUp.opened ? this.catchUp.opened : await this.catchUp.forWrite(chosen);
    const seen = new Set<string>();
    const rows = items.map(({ payload, id = randomUUID() }) => {
      if (seen.has(id) || index.visible(id, Infinity)) throw new ConflictError(id);
      seen.add(id);
      return { id, payload };
    });
    const stamped = stamp(index, [...seen], this.clock);
    const now = typeof stamped === 'number' ? stamped : await stamped;
    const writes = rows.map(({ id, payload }) => ({ id, payload, created_at: now, deleted: false, op: 'create' as const }));
    return await this.write(index, writes, chosen.length > 0); // awaited: settles a tick sooner than a returned promise
  }

  async replace(id: string, payload: P): Promise<Envelope<P>> {
    const index = await this.catchUp.forWrite([id]);
    if (!index.visible(id, Infinity)) throw new NotFoundError(id);
    const [row] = await this.write(
      index,
      [{ id, payload, created_at: await stamp(index, [id], this.clock), deleted: false, op: 'replace' }],
      true,
    );
    return row;
  }

  async remove(id: string, record?: Partial<P>): Promise<Envelope<P>> {
    return (await this.removeMany([id], record))[0];
  }

  async removeMany(ids: string[], record?: Partial<P>): Promise<Envelope<P>[]> {
    const index = await this.catchUp.forWrite(ids);
    const now = await stamp(index, ids, this.clock);
    const seen = new Set<string>();
    const writes = await Promise.all(
      ids.map(async (id) => {
        const version = index.visible(id, Infinity);
        if (!version || seen.has(id)) throw new NotFoundError(id);
        seen.add(id);
        const { payload } = await this.envelope(id, version);
        return { id, payload: { ...payload, ...record }, created_at: now, deleted: true, op: 'remove' as const };
      }),
    );
    return this.write(index, writes, true);
  }

  /**
   * Appends the writes. A fresh id's create cannot race and is indexed at once (unless another
   * process's write sits before it). Any other write (`settled`) may have raced one from another
   * instance since this one looked: the partitions are caught up past it, and a write the log's
   * order made void (see StoredWrite.op) is refused, as it would have been had it come second.
   * In a batch, the writes before the void one stand.
   */
  private async write(index: RepositoryIndex, writes: StoredWrite[], settled: boolean): Promise<Envelope<P>[]> {
    const payloads = writes.map((e) => JSON.stringify(e.payload));
    const positions: RecordPosition[] = await this.log.appendBatch(
      this.topic,
      writes.map((e, i) => ({ key: e.id, value: Buffer.from(writeJson(e, payloads[i])), timestamp: e.created_at })),
    );
    if (settled) await this.catchUp.settle(index, [...new Set(positions.map((p) => p.partition))]);
    return writes.map((e, i) => {
      const { partition, offset } = positions[i];
      if (!settled) index.apply(e, partition, offset, payloads[i]);
      else if (!index.holds(e.id, partition, offset)) throw e.op === 'create' ? new ConflictError(e.id) : new NotFoundError(e.id);
      return { id: e.id, payload: e.payload as P, created_at: e.created_at, deleted: e.deleted, position: positions[i] };
    });
  }

  async read(id: string, at = Infinity): Promise<Envelope<P> | undefined> {
    const index = await this.catchUp.forRead();
    const version = index.visible(id, at);
    return version && this.envelope(id, version);
  }

  async readMany(ids: string[], at = Infinity): Promise<Envelope<P>[]> {
    const index = await this.catchUp.forRead();
    const found: Envelope<P>[] = [];
    for (const id of ids) {
      const version = index.visible(id, at);
      if (version) found.push(await this.envelope(id, version));
    }
    return found;
  }

  async list({ at = Infinity, limit = Infinity, after, where }: ListOptions<P> = {}): Promise<Envelope<P>[]> {
    const index = await this.catchUp.forRead();
    await this.checkAfter(index, after, at, where);
    const order = index.creationOrder();
    const rows: Envelope<P>[] = [];
    for (let i = after === undefined ? 0 : firstAfter(index, order, after); i < order.length; i++) {
      if (rows.length >= limit) break;
      const id = order[i];
      const version = index.visible(id, at);
      if (!version) continue;
      const row = await this.envelope(id, version);
      if (!where || where(row)) rows.push(row);
    }
    return rows;
  }

  /** An `after` never stored, or one the filter hides at `at`, names nothing the caller could have paged to. */
  private async checkAfter(index: RepositoryIndex, after: string | undefined, at: number, where?: (row: Envelope<P>) => boolean) {
    if (after === undefined) return;
    if (!index.versions.has(after)) throw new NotFoundError(after);
    if (!where) return;
    const version = index.visible(after, at);
    if (!version || !where(await this.envelope(after, version))) throw new NotFoundError(after);
  }

  async findBy(field: string, value: unknown, options: ListOptions<P> = {}): Promise<Envelope<P>[]> {
    return (await this.findByMany(field, [value], options)).get(value) ?? [];
  }

  async findByMany(field: string, values: unknown[], { at = Infinity, limit = Infinity, after, where }: ListOptions<P> = {}) {
    const index = await this.catchUp.forRead();
    await this.checkAfter(index, after, at, where);
    const result = new Map<unknown, Envelope<P>[]>();
    for (const value of values) {
      const rows: Envelope<P>[] = [];
      for (const id of index.candidates(field, value)) {
        const version = index.visible(id, at);
        if (!version || (after !== undefined && index.byFirstVersion(id, after) <= 0)) continue;
        const row = await this.envelope(id, version);
        if (row.payload[field] === value && (!where || where(row))) rows.push(row);
      }
      rows.sort((a, b) => index.byFirstVersion(a.id, b.id));
      result.set(value, rows.slice(0, limit));
    }
    return result;
  }

  private async envelope(id: string, version: Version): Promise<Envelope<P>> {
    return {
      id,
      payload: await this.pastVersions.payloadOf<P>(version),
      created_at: version.createdAt,
      deleted: version.deleted,
      position: { topic: this.topic, partition: version.partition, offset: version.offset },
    };
  }
}

/** Index in `order` (creation order) of the first id created after `after`: a binary search. */
function firstAfter(index: RepositoryIndex, order: readonly string[], after: string): number {
  if (!index.versions.has(after)) throw new NotFoundError(after);
  let low = 0;
  let high = order.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (index.byFirstVersion(order[mid], after) <= 0) low = mid + 1;
    else high = mid;
  }
  return low;
}
