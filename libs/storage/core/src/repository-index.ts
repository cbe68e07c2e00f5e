/**
 * A repository's index of its topic, in memory and kept up to date incrementally:
 * per id its versions (where each sits in the log, the latest with its payload), and per
 * top-level scalar field the ids that ever held each value (field-indexes.ts). A lookup
 * costs what it returns, not the length of history. Snapshots (repository-index-codec.ts) let a
 * cold process skip the replay.
 */
import { FieldIndexes, isScalar } from './field-indexes.ts';
import type { ApplyListener, StoredWrite, Version } from './stored-write.ts';

export class RepositoryIndex {
  /** Next offset to apply, per partition. */
  offsets: number[];
  /** Per id, one map lookup finds everything a read by id needs. */
  readonly versions = new Map<string, Version[]>();
  readonly fields = new FieldIndexes();
  /** Ids by first creation, rebuilt only after new ids arrive so repeated lists do not re-sort. */
  private byCreation?: string[];

  /** Told of every version as it is indexed (see RepositoryOptions.onApply). */
  onApply?: ApplyListener;

  constructor(partitions: number) {
    this.offsets = new Array(partitions).fill(0);
  }

  /**
   * Applies the write at (partition, offset); writes must come in offset order per partition.
   * A writer passes the payload's JSON it already made for the log.
   */
  apply(write: StoredWrite, partition: number, offset: number, payloadJson = JSON.stringify(write.payload)): void {
    if (offset !== this.offsets[partition]) return;
    this.offsets[partition] = offset + 1;
    if (this.isVoid(write)) return;
    let list = this.versions.get(write.id);
    if (!list) {
      this.versions.set(write.id, (list = []));
      this.byCreation = undefined;
    }
    // Log order is the truth for one key: a writer with a lagging clock must not reorder versions.
    const previous = list[list.length - 1];
    const createdAt = previous ? Math.max(write.created_at, previous.createdAt + 1) : write.created_at;
    if (previous) previous.payload = undefined;
    list.push({ createdAt, deleted: write.deleted, partition, offset, payload: payloadJson });
    this.onApply?.(write.id, createdAt, write.deleted, write.payload);
    for (const [field, value] of Object.entries(write.payload)) {
      if (isScalar(value)) this.fields.add(field, value, write.id);
    }
  }

  /** Whether the id's latest version in log order exists and is not a delete. */
  private live(id: string): boolean {
    const list = this.versions.get(id);
    return list !== undefined && !list[list.length - 1].deleted;
  }

  private isVoid(write: StoredWrite): boolean {
    return write.op === 'create' ? this.live(write.id) : !this.live(write.id);
  }

  /** Whether the write at (partition, offset) became a version of `id` (it was not void). */
  holds(id: string, partition: number, offset: number): boolean {
    const list = this.versions.get(id) ?? [];
    for (let i = list.length - 1; i >= 0 && list[i].offset >= offset; i--) {
      if (list[i].offset === offset && list[i].partition === partition) return true;
    }
    return false;
  }

  /** The version visible at `at` (docs/contract.md §5), or undefined. */
  visible(id: string, at: number): Version | undefined {
    const list = this.versions.get(id);
    if (!list) return undefined;
    for (let i = list.length - 1; i >= 0; i--) {
      if (list[i].createdAt <= at) return list[i].deleted ? undefined : list[i];
    }
    return undefined;
  }

  creationOrder(): string[] {
    this.byCreation ??= [...this.versions.keys()].sort(this.byFirstVersion);
    return this.byCreation;
  }

  /**
   * Creation order: first version's time, then its place in the log, so that ids created in
   * the same millisecond order the same way in every process, however each one indexed them.
   */
  readonly byFirstVersion = (a: string, b: string): number => {
    const x = this.versions.get(a)![0];
    const y = this.versions.get(b)![0];
    return x.createdAt - y.createdAt || x.partition - y.partition || x.offset - y.offset;
  };

  /** Ids that ever held `field` = `value`, each once. */
  candidates(field: string, value: unknown): Iterable<string> {
    const ids = isScalar(value) ? this.fields.get(field)?.get(value) : undefined;
    return ids ? new Set(ids) : [];
  }
}
