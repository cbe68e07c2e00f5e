/**
 * A repository's in-memory indexes over its topic, kept up to date incrementally:
 * per id its versions (where each sits in the log, the latest with its payload), and per
 * top-level scalar field the ids that ever held each value. A lookup costs what it
 * returns, not the length of history. Snapshots let a cold process skip the replay.
 */
import type { Payload } from './repository.ts';
import { SnapshotReader, SnapshotWriter } from './snapshot-codec.ts';

/** Bumped whenever the snapshot layout changes: an old snapshot then costs one replay. */
const FORMAT = 2;

export interface StoredEvent {
  id: string;
  payload: Payload;
  created_at: number;
  deleted: boolean;
  /**
   * What the writer found before appending; the log's order settles a race between instances:
   * a create of a live id, or a replace or remove of one that is not live, is void. Every reader
   * skips it, and its writer answers 409 or 404. Absent on events of older writers: applied as is.
   */
  op?: 'create' | 'replace' | 'remove';
}

export interface Version {
  createdAt: number;
  deleted: boolean;
  partition: number;
  offset: number;
  /** The payload as JSON, on the latest version only: older ones are read back from the log. */
  payload: string | undefined;
}

/** The event as the log stores it, around a payload already in JSON. */
export function eventJson(event: StoredEvent, payloadJson: string): string {
  const op = event.op === undefined ? '' : `,"op":${JSON.stringify(event.op)}`;
  return `{"id":${JSON.stringify(event.id)},"payload":${payloadJson},"created_at":${event.created_at},"deleted":${event.deleted}${op}}`;
}

type Scalar = string | number | boolean;
const isScalar = (v: unknown): v is Scalar => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

export class Projection {
  /** Next offset to apply, per partition. */
  offsets: number[];
  /** Per id, one map lookup finds everything a read by id needs. */
  readonly versions = new Map<string, Version[]>();
  /** Ids that ever held each value: a list, appended when an id takes the value again (dedupe on lookup). */
  private readonly fields = new Map<string, Map<Scalar, string[]>>();
  /**
   * Field indexes still encoded in the snapshot they came from: a cold read by id needs none of
   * them, so each is decoded on its first lookup; values indexed meanwhile wait beside it.
   */
  private readonly encodedFields = new Map<string, { section: Buffer; ids: string[]; added: [Scalar, string][] }>();
  /** Ids by first creation, rebuilt only after new ids arrive so repeated lists do not re-sort. */
  private byCreation?: string[];

  constructor(partitions: number) {
    this.offsets = new Array(partitions).fill(0);
  }

  /**
   * Applies the event at (partition, offset); events must come in offset order per partition.
   * A writer passes the payload's JSON it already made for the log.
   */
  apply(event: StoredEvent, partition: number, offset: number, payloadJson = JSON.stringify(event.payload)): void {
    if (offset !== this.offsets[partition]) return;
    this.offsets[partition] = offset + 1;
    if (event.op && this.isVoid(event)) return;
    let list = this.versions.get(event.id);
    if (!list) {
      this.versions.set(event.id, (list = []));
      this.byCreation = undefined;
    }
    // Log order is the truth for one key: a writer with a lagging clock must not reorder versions.
    const previous = list[list.length - 1];
    const createdAt = previous ? Math.max(event.created_at, previous.createdAt + 1) : event.created_at;
    if (previous) previous.payload = undefined;
    list.push({ createdAt, deleted: event.deleted, partition, offset, payload: payloadJson });
    for (const [field, value] of Object.entries(event.payload)) {
      if (!isScalar(value)) continue;
      const encoded = this.encodedFields.get(field);
      if (encoded) encoded.added.push([value, event.id]);
      else Projection.index(this.fields, field, value, event.id);
    }
  }

  /** Whether the id's latest version in log order exists and is not a delete. */
  private live(id: string): boolean {
    const list = this.versions.get(id);
    return list !== undefined && !list[list.length - 1].deleted;
  }

  private isVoid(event: StoredEvent): boolean {
    return event.op === 'create' ? this.live(event.id) : !this.live(event.id);
  }

  /** Whether the event at (partition, offset) became a version of `id` (it was not void). */
  holds(id: string, partition: number, offset: number): boolean {
    const list = this.versions.get(id) ?? [];
    for (let i = list.length - 1; i >= 0 && list[i].offset >= offset; i--) {
      if (list[i].offset === offset && list[i].partition === partition) return true;
    }
    return false;
  }

  private static index(fields: Map<string, Map<Scalar, string[]>>, field: string, value: Scalar, id: string): void {
    let byValue = fields.get(field);
    if (!byValue) fields.set(field, (byValue = new Map()));
    const ids = byValue.get(value);
    if (!ids) byValue.set(value, [id]);
    else if (ids[ids.length - 1] !== id) ids.push(id);
  }

  private field(name: string): Map<Scalar, string[]> | undefined {
    const encoded = this.encodedFields.get(name);
    if (encoded) {
      this.encodedFields.delete(name);
      const r = new SnapshotReader(encoded.section);
      const values = JSON.parse(r.strings()[0]) as Scalar[];
      const lengths = r.u32s();
      const numbers = r.u32s();
      const byValue = new Map<Scalar, string[]>();
      let n = 0;
      values.forEach((value, i) => byValue.set(value, numbers.slice(n, (n += lengths[i])).map((k) => encoded.ids[k])));
      this.fields.set(name, byValue);
      for (const [value, id] of encoded.added) Projection.index(this.fields, name, value, id);
    }
    return this.fields.get(name);
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
    const ids = isScalar(value) ? this.field(field)?.get(value) : undefined;
    return ids ? new Set(ids) : [];
  }

  /**
   * Columnar binary: ids once, versions as three number columns, latest payloads as one UTF-8
   * block, then one section per field (its values as JSON, so each keeps its type, and the
   * postings as id numbers) that decode() leaves encoded until the field is first looked up.
   */
  encode(): Buffer {
    const ids = [...this.versions.keys()];
    const number = new Map(ids.map((id, i) => [id, i]));
    const lists = ids.map((id) => this.versions.get(id)!);
    const all = lists.flat();
    const out = new SnapshotWriter()
      .u32s([FORMAT])
      .f64s(this.offsets)
      .strings(ids)
      .u32s(lists.map((l) => l.length))
      .f64s(all.map((v) => v.createdAt))
      .f64s(all.map((v) => v.offset))
      .u32s(all.map((v) => v.partition * 2 + (v.deleted ? 1 : 0)))
      .strings(lists.map((l) => l[l.length - 1].payload!));
    const names = [...new Set([...this.fields.keys(), ...this.encodedFields.keys()])];
    out.strings(names);
    for (const name of names) {
      const byValue = this.field(name)!;
      const postings = [...byValue.values()];
      const section = new SnapshotWriter()
        .strings([JSON.stringify([...byValue.keys()])])
        .u32s(postings.map((p) => p.length))
        .u32s(postings.flat().map((id) => number.get(id)!));
      out.bytes(section.finish());
    }
    return out.finish();
  }

  /** The projection a snapshot holds, or undefined when it is of another format or partition count. */
  static decode(data: Buffer, partitions: number): Projection | undefined {
    const r = new SnapshotReader(data);
    if (r.u32s()[0] !== FORMAT) return undefined;
    const offsets = r.f64s();
    if (offsets.length !== partitions) return undefined;
    const projection = new Projection(partitions);
    projection.offsets = offsets;
    const ids = r.strings();
    const counts = r.u32s();
    const createdAt = r.f64s();
    const offset = r.f64s();
    const place = r.u32s();
    const latest = r.strings();
    let v = 0;
    ids.forEach((id, i) => {
      const list: Version[] = new Array(counts[i]);
      for (let j = 0; j < counts[i]; j++, v++) {
        const payload = j === counts[i] - 1 ? latest[i] : undefined;
        list[j] = { createdAt: createdAt[v], deleted: (place[v] & 1) === 1, partition: place[v] >>> 1, offset: offset[v], payload };
      }
      projection.versions.set(id, list);
    });
    for (const name of r.strings()) projection.encodedFields.set(name, { section: r.bytes(), ids, added: [] });
    return r.done ? projection : undefined;
  }
}
