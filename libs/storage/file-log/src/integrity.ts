/** What the log can prove about its records: merkle roots, inclusion proofs, and a whole-topic verify. */
import { buildProof, merkleRoot, type InclusionProof } from './merkle.ts';
import type { PartitionFiles } from './partition/partition-files.ts';

export type VerifyResult = { ok: true; records: number } | { ok: false; partition: number; offset: number; reason: string };

/** The partition's merkle root (hex) over its records so far. */
export function partitionRoot(files: PartitionFiles): string {
  return merkleRoot(files.entries().map((e) => e.hash)).toString('hex');
}

/** An inclusion proof of one record against the partition's current root. */
export function inclusionProof(topic: string, files: PartitionFiles, offset: number): InclusionProof {
  const { partition } = files;
  const hashes = files.entries().map((e) => e.hash);
  if (offset < 0 || offset >= hashes.length) throw new RangeError(`no record at ${topic}/${partition}@${offset}`);
  const { path: siblings, root } = buildProof(hashes, offset);
  return {
    topic,
    partition,
    offset,
    recordHash: hashes[offset].toString('hex'),
    treeSize: hashes.length,
    path: siblings.map((h) => h.toString('hex')),
    root: root.toString('hex'),
  };
}

/** Checks every record of every partition; names the first offset that fails. */
export function verifyTopic(partitions: PartitionFiles[]): VerifyResult {
  let records = 0;
  for (const [partition, files] of partitions.entries()) {
    const failure = files.verify();
    if (failure) return { ok: false, partition, ...failure };
    records += files.highWatermark();
  }
  return { ok: true, records };
}
