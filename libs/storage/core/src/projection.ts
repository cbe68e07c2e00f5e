/**
 * A repository's in-memory indexes over its topic, kept up to date incrementally:
 * per id its versions (where each sits in the log), the latest payload, and per
 * top-level scalar field the ids that ever held each value. A lookup costs what it
 * returns, not the length of history. Snapshots let a cold process skip the replay.
 */
import type { Payload } from './repository.ts';

export interface StoredEvent {
  id: string;
  payload: Payload;
  created_at: number;
  deleted: boolean;
}

export interface Version {
  createdAt: number;
  deleted: boolean;
  partition: number;
  offset: number;
}

type Scalar = string | number | boolean;
const isScalar = (v: unknown): v is Scalar => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

export class Projection {
  /** Next offset to apply, per partition. */
  offsets: number[];
  readonly versions = new Map<string, Version[]>();
  /** The latest version's payload (as JSON): older versions are read back from the log. */
  readonly latest = new Map<string, string>();
  readonly fields = new Map<string, Map<Scalar, Set<string>>>();
  /** Ids by first creation, rebuilt only after new ids arrive so repeated lists do not re-sort. */
  private byCreation?: string[];

  constructor(partitions: number) {
    this.offsets = new Array(partitions).fill(0);
  }

  /** Applies the event at (partition, offset); events must come in offset order per partition. */
  apply(event: StoredEvent, partition: number, offset: number): void {
    if (offset !== this.offsets[partition]) return;
    this.offsets[partition] = offset + 1;
    let list = this.versions.get(event.id);
    if (!list) {
      this.versions.set(event.id, (list = []));
      this.byCreation = undefined;
    }
    // Log order is the truth for one key: a writer with a lagging clock must not reorder versions.
    const createdAt = list.length ? Math.max(event.created_at, list[list.length - 1].createdAt + 1) : event.created_at;
    list.push({ createdAt, deleted: event.deleted, partition, offset });
    this.latest.set(event.id, JSON.stringify(event.payload));
    for (const [field, value] of Object.entries(event.payload)) {
      if (!isScalar(value)) continue;
      let byValue = this.fields.get(field);
      if (!byValue) this.fields.set(field, (byValue = new Map()));
      let ids = byValue.get(value);
      if (!ids) byValue.set(value, (ids = new Set()));
      ids.add(event.id);
    }
  }

  /** The version visible at `at` (SPEC §5), or undefined. */
  visible(id: string, at: number): Version | undefined {
    const list = this.versions.get(id);
    if (!list) return undefined;
    for (let i = list.length - 1; i >= 0; i--) {
      if (list[i].createdAt <= at) return list[i].deleted ? undefined : list[i];
    }
    return undefined;
  }

  creationOrder(): string[] {
    this.byCreation ??= [...this.versions.keys()].sort(
      (a, b) => this.versions.get(a)![0].createdAt - this.versions.get(b)![0].createdAt,
    );
    return this.byCreation;
  }

  isLatest(id: string, version: Version): boolean {
    const list = this.versions.get(id);
    return list !== undefined && list[list.length - 1] === version;
  }

  candidates(field: string, value: unknown): Set<string> | undefined {
    return isScalar(value) ? this.fields.get(field)?.get(value) : undefined;
  }

  /** Columnar JSON: ids once, versions flat, field postings as id numbers. */
  encode(): Buffer {
    const ids = [...this.versions.keys()];
    const number = new Map(ids.map((id, i) => [id, i]));
    const versions = ids.map((id) => this.versions.get(id)!.flatMap((v) => [v.createdAt, v.deleted ? 1 : 0, v.partition, v.offset]));
    const latest = ids.map((id) => this.latest.get(id)!);
    const fields = [...this.fields].map(([field, byValue]) => [
      field,
      [...byValue].map(([value, set]) => [value, [...set].map((id) => number.get(id)!)]),
    ]);
    return Buffer.from(JSON.stringify({ v: 1, offsets: this.offsets, ids, versions, latest, fields }));
  }

  static decode(data: Buffer, partitions: number): Projection | undefined {
    const raw = JSON.parse(data.toString()) as {
      v: number;
      offsets: number[];
      ids: string[];
      versions: number[][];
      latest: string[];
      fields: [string, [Scalar, number[]][]][];
    };
    if (raw.v !== 1 || raw.offsets.length !== partitions) return undefined;
    const projection = new Projection(partitions);
    projection.offsets = raw.offsets;
    raw.ids.forEach((id, i) => {
      const flat = raw.versions[i];
      const list: Version[] = [];
      for (let j = 0; j < flat.length; j += 4) {
        list.push({ createdAt: flat[j], deleted: flat[j + 1] === 1, partition: flat[j + 2], offset: flat[j + 3] });
      }
      projection.versions.set(id, list);
      projection.latest.set(id, raw.latest[i]);
    });
    for (const [field, values] of raw.fields) {
      projection.fields.set(field, new Map(values.map(([value, numbers]) => [value, new Set(numbers.map((n) => raw.ids[n]))])));
    }
    return projection;
  }
}
