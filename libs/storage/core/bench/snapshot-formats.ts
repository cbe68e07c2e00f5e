/**
 * Snapshot encodings compared on one index of N entities (default 100,000): the binary
 * columnar format the repository uses (field indexes decoded on first lookup) against the
 * columnar JSON it replaced (kept here only as the baseline, decoded eagerly as it was). Decodes alternate so machine load hits both alike; medians of 5.
 * Run: npx tsx libs/storage/core/bench/snapshot-formats.ts [entities]
 */
import { randomUUID } from 'node:crypto';
import type { Scalar } from '../src/field-indexes.ts';
import { RepositoryIndex } from '../src/repository-index.ts';
import { decodeIndex, encodeIndex } from '../src/repository-index-codec.ts';
import type { Version } from '../src/stored-write.ts';

const N = Number(process.argv[2] ?? 100_000);

function encodeJson(p: RepositoryIndex): Buffer {
  const ids = [...p.versions.keys()];
  const number = new Map(ids.map((id, i) => [id, i]));
  const versions = ids.map((id) => p.versions.get(id)!.flatMap((v) => [v.createdAt, v.deleted ? 1 : 0, v.partition, v.offset]));
  const latest = ids.map((id) => p.versions.get(id)!.at(-1)!.payload!);
  const fields = p.fields.names().map((field) => [field, [...p.fields.get(field)!].map(([value, list]) => [value, list.map((id) => number.get(id)!)])]);
  return Buffer.from(JSON.stringify({ offsets: p.offsets, ids, versions, latest, fields }));
}

/** Eager, as the JSON format was: every field index rebuilt at open. */
function decodeJson(data: Buffer, partitions: number): Map<string, Map<Scalar, string[]>> {
  const raw = JSON.parse(data.toString()) as {
    offsets: number[];
    ids: string[];
    versions: number[][];
    latest: string[];
    fields: [string, [Scalar, number[]][]][];
  };
  const p = new RepositoryIndex(partitions);
  p.offsets = raw.offsets;
  raw.ids.forEach((id, i) => {
    const flat = raw.versions[i];
    const list: Version[] = [];
    for (let j = 0; j < flat.length; j += 4) {
      list.push({ createdAt: flat[j], deleted: flat[j + 1] === 1, partition: flat[j + 2], offset: flat[j + 3], payload: undefined });
    }
    list[list.length - 1].payload = raw.latest[i];
    p.versions.set(id, list);
  });
  return new Map(raw.fields.map(([field, values]) => [field, new Map(values.map(([v, ns]) => [v, ns.map((n) => raw.ids[n])]))]));
}

const index = new RepositoryIndex(8);
const coops = Array.from({ length: 1000 }, () => randomUUID());
const offsets = new Array(8).fill(0);
for (let i = 0; i < N; i++) {
  const id = randomUUID();
  const partition = i % 8;
  const payload = { name: `hen-${i}`, coop_id: coops[i % 1000], breed: 'leghorn', dob: '2024-01-01', status: 'active' };
  index.apply({ id, created_at: 1_700_000_000_000 + i, deleted: false, op: 'create', payload }, partition, offsets[partition]++);
}

const median = (xs: number[]): number => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const timed = (f: () => unknown): number => {
  const start = performance.now();
  f();
  return performance.now() - start;
};
const binary = encodeIndex(index);
const json = encodeJson(index);
const runs = { binary: [] as number[], binaryAndOneField: [] as number[], json: [] as number[] };
for (let i = 0; i < 5; i++) {
  runs.binary.push(timed(() => decodeIndex(binary, 8)));
  runs.binaryAndOneField.push(timed(() => [...decodeIndex(binary, 8)!.candidates('coop_id', coops[0])]));
  runs.json.push(timed(() => decodeJson(json, 8)));
}
console.log(
  JSON.stringify({
    entities: N,
    binary: { bytes: binary.length, encode_ms: Math.round(timed(() => encodeIndex(index))), decode_ms: Math.round(median(runs.binary)), decode_and_first_find_by_ms: Math.round(median(runs.binaryAndOneField)) },
    json: { bytes: json.length, encode_ms: Math.round(timed(() => encodeJson(index))), decode_ms: Math.round(median(runs.json)) },
  }),
);
