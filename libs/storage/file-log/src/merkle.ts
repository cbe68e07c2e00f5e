/**
 * A merkle tree over a partition's record hashes, as Certificate Transparency builds it
 * (RFC 9162 §2.1): leaf = H(0x00 ‖ record hash), node = H(0x01 ‖ left ‖ right), the left
 * subtree the largest power of two. Proofs verify with nothing but the proof and the root.
 */
import { createHash } from 'node:crypto';

export interface InclusionProof {
  topic: string;
  partition: number;
  offset: number;
  /** SHA-256 (hex) of the record's bytes. */
  recordHash: string;
  treeSize: number;
  /** Sibling hashes (hex), leaf to root. */
  path: string[];
  /** The root (hex) the proof was made against. */
  root: string;
}

const leafHash = (recordHash: Buffer) => createHash('sha256').update(Buffer.of(0)).update(recordHash).digest();
const nodeHash = (left: Buffer, right: Buffer) =>
  createHash('sha256').update(Buffer.of(1)).update(left).update(right).digest();

function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function root(leaves: Buffer[], from: number, to: number): Buffer {
  if (to - from === 1) return leaves[from];
  const k = split(to - from);
  return nodeHash(root(leaves, from, from + k), root(leaves, from + k, to));
}

function auditPath(leaves: Buffer[], index: number, from: number, to: number): Buffer[] {
  if (to - from === 1) return [];
  const k = split(to - from);
  return index < k
    ? [...auditPath(leaves, index, from, from + k), root(leaves, from + k, to)]
    : [...auditPath(leaves, index - k, from + k, to), root(leaves, from, from + k)];
}

const EMPTY_ROOT = createHash('sha256').digest();

export function merkleRoot(recordHashes: Buffer[]): Buffer {
  return recordHashes.length === 0 ? EMPTY_ROOT : root(recordHashes.map(leafHash), 0, recordHashes.length);
}

export function buildProof(recordHashes: Buffer[], offset: number): { path: Buffer[]; root: Buffer } {
  const leaves = recordHashes.map(leafHash);
  return { path: auditPath(leaves, offset, 0, leaves.length), root: root(leaves, 0, leaves.length) };
}

/** True when the proof shows its record at its offset in a tree with this root (hex). */
export function verifyProof(proof: InclusionProof, expectedRoot: string): boolean {
  if (proof.offset < 0 || proof.offset >= proof.treeSize) return false;
  let fn = proof.offset;
  let sn = proof.treeSize - 1;
  let r = leafHash(Buffer.from(proof.recordHash, 'hex'));
  for (const hex of proof.path) {
    const sibling = Buffer.from(hex, 'hex');
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(sibling, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      r = nodeHash(r, sibling);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && r.toString('hex') === expectedRoot;
}
