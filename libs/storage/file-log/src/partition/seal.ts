/**
 * Fencing a stalled writer: what a writer does after taking the partition's lock over.
 *
 * The writer it took the lock from may wake at any time and write the segment it was appending
 * to: over NFS its record can sit in its client's cache and reach the server long after (at its
 * fsync or close). So the taker never writes that segment again. It seals it where the server's
 * bytes end now (the whole records, counted by a full look) and goes on in a new segment: the
 * stalled writer's late bytes land past the seal, where nothing reads, and its append fails when
 * it tries to give back a lock that is no longer its own (append.ts).
 *
 * Takers can race, and a taker can stall too, so a seal is decided once: written whole to a
 * temp file and published with link(2) as `seal.<n>`, which fails if it exists (atomic and
 * exclusive on NFSv4.1 as on a local disk). Whoever loses adopts the published seal. Every taker
 * then writes the same bytes to the segment's index: entries for the sealed records it lacks
 * and the seal entry after them (format.ts), fsynced before anything is written in the next
 * segment, so readers following the index always find where the partition goes on. A taker that
 * lost the seal of segment n does not know who won it (a stalled taker may have), and the winner
 * may be writing segment n + 1: it seals that one too, until it wins one.
 *
 * A taker may stall too and be taken over in turn. So before it acts on any segment after the
 * one that was last when it took the lock (sealing it, or appending to it), it confirms the lock
 * is still its own (`renew`, a rename the server refuses once another took it over): the seal it
 * would otherwise put on a segment someone else now writes would cut that writer's records off.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { INDEX_ENTRY, encodeIndexEntry, sealEntry } from '../format.ts';
import { Segment, segmentFile } from './segment.ts';

interface Seal {
  /** Records in the sealed segment. */
  count: number;
  /** Bytes of its log they fill. */
  length: number;
}

/** Publishes this seal of segment n unless one is published already; returns the one that holds. */
function publish(dir: string, n: number, seal: Seal): { seal: Seal; won: boolean } {
  const target = path.join(dir, segmentFile('seal', n));
  const temp = `${target}.tmp-${randomBytes(6).toString('hex')}`;
  const fd = fs.openSync(temp, 'wx');
  try {
    fs.writeSync(fd, JSON.stringify(seal));
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.linkSync(temp, target);
    return { seal, won: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    // Opened with O_CREAT: an NFS client asks the server then, never a cached "no such file".
    const published = fs.readFileSync(target, { encoding: 'utf8', flag: 'a+' });
    return { seal: JSON.parse(published) as Seal, won: false };
  } finally {
    fs.unlinkSync(temp);
  }
}

/** Seals `segment` (or finds it sealed); returns its record count and whether this process's seal is the one that holds. */
function sealOne(segment: Segment): { count: number; won: boolean } {
  return segment.withFiles((files) => {
    let v = segment.scan.full(files);
    if (v.sealed) return { count: v.count, won: false };
    const { seal, won } = publish(segment.dir, segment.n, { count: v.count + v.tail.length, length: v.validEnd });
    // A seal published by another taker may count records that reached the server after this look.
    if (seal.count > v.count + v.tail.length) v = segment.scan.full(files);
    if (v.count > seal.count || v.count + v.tail.length < seal.count) throw segment.corrupt(segment.base + seal.count, `segment ${segment.n} does not hold the records its seal counts`);
    const entries = v.tail.filter((t) => t.offset < seal.count).map(encodeIndexEntry);
    entries.push(encodeIndexEntry(sealEntry(seal.length)));
    const bytes = Buffer.concat(entries);
    fs.writeSync(files.index, bytes, 0, bytes.length, v.count * INDEX_ENTRY);
    fs.fdatasyncSync(files.index);
    return { count: seal.count, won };
  });
}

/**
 * After a takeover: seals the last unsealed segment, and the ones after it until this process's
 * seal is the one that holds; returns the new segment to append to. `next` adds the segment
 * that follows one sealed after `count` records; `renew` confirms the lock before each step past
 * the first segment (false: taken over, nothing more may be written).
 */
export function sealForTakeover(last: Segment, next: (sealed: Segment, count: number) => Segment, renew: () => boolean): Segment | undefined {
  for (let segment = last; ; ) {
    const { count, won } = sealOne(segment);
    const following = next(segment, count);
    if (!renew()) return undefined;
    if (won) return following;
    segment = following;
  }
}
