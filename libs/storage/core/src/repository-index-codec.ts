/**
 * A repository index as a snapshot: columnar binary (snapshot-codec.ts). Ids once, versions as three
 * number columns, latest payloads as one UTF-8 block, then one section per field (its values
 * as JSON, so each keeps its type, and the postings as id numbers) that decoding leaves
 * encoded until the field is first looked up.
 */
import type { ByValue, Scalar } from './field-indexes.ts';
import { RepositoryIndex } from './repository-index.ts';
import { SnapshotReader, SnapshotWriter } from './snapshot-codec.ts';
import type { Version } from './stored-write.ts';

/** Bumped whenever the snapshot layout changes: an old snapshot then costs one replay. */
const FORMAT = 2;

export function encodeIndex(index: RepositoryIndex): Buffer {
  const ids = [...index.versions.keys()];
  const number = new Map(ids.map((id, i) => [id, i]));
  const lists = ids.map((id) => index.versions.get(id)!);
  const all = lists.flat();
  const out = new SnapshotWriter()
    .u32s([FORMAT])
    .f64s(index.offsets)
    .strings(ids)
    .u32s(lists.map((l) => l.length))
    .f64s(all.map((v) => v.createdAt))
    .f64s(all.map((v) => v.offset))
    .u32s(all.map((v) => v.partition * 2 + (v.deleted ? 1 : 0)))
    .strings(lists.map((l) => l[l.length - 1].payload!));
  const names = index.fields.names();
  out.strings(names);
  for (const name of names) out.bytes(encodeField(index.fields.get(name)!, number));
  return out.finish();
}

function encodeField(byValue: ByValue, number: Map<string, number>): Buffer {
  const postings = [...byValue.values()];
  return new SnapshotWriter()
    .strings([JSON.stringify([...byValue.keys()])])
    .u32s(postings.map((p) => p.length))
    .u32s(postings.flat().map((id) => number.get(id)!))
    .finish();
}

function decodeField(section: Buffer, ids: string[]): ByValue {
  const r = new SnapshotReader(section);
  const values = JSON.parse(r.strings()[0]) as Scalar[];
  const lengths = r.u32s();
  const numbers = r.u32s();
  const byValue: ByValue = new Map();
  let n = 0;
  values.forEach((value, i) => byValue.set(value, numbers.slice(n, (n += lengths[i])).map((k) => ids[k])));
  return byValue;
}

/** The index a snapshot holds, or undefined when it is of another format or partition count. */
export function decodeIndex(data: Buffer, partitions: number): RepositoryIndex | undefined {
  const r = new SnapshotReader(data);
  if (r.u32s()[0] !== FORMAT) return undefined;
  const offsets = r.f64s();
  if (offsets.length !== partitions) return undefined;
  const index = new RepositoryIndex(partitions);
  index.offsets = offsets;
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
    index.versions.set(id, list);
  });
  for (const name of r.strings()) {
    const section = r.bytes();
    index.fields.addEncoded(name, () => decodeField(section, ids));
  }
  return r.done ? index : undefined;
}
