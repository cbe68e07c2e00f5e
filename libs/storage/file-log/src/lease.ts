/**
 * Partition locks kept between appends, on one page cache (a local disk).
 *
 * Taking and giving back the lock is two renames per append: a third of a lone writer's time
 * outside the fdatasync. So a process that appended keeps the lock (a lease) until its event
 * loop turns, or until another process asks for it: a waiter sets the partition's byte in
 * `locks/wants`, and the holder reads those bytes (one pread, at most once a millisecond) when
 * it appends and gives back every lease asked for. A process that had to wait, or was asked,
 * keeps no lease of the topic for CONTENDED_MS: another writer is at work on it, and then the
 * lock changes hands at once, as without leases.
 *
 * Only where every process shares one page cache: an NFS client might read the wants from its
 * cache, and its appends fsync inside the lock anyway. A lease older than LEASE_MS is refreshed
 * before use (its token's ctime, by which others judge staleness), and one that was taken over
 * meanwhile is dropped, not used. A lease used after a stall that outlasted the staleness limit is
 * fenced like any lock (append.ts confirms the token is still under its name before answering).
 */
import fs from 'node:fs';
import type { HeldLock } from './lock.ts';

const LEASE_MS = 1_000;
const CONTENDED_MS = 1_000;

export interface Lease {
  lock: HeldLock;
  /** performance.now() when taken: a lease's age must not move with the wall clock. */
  takenAt: number;
}

export class TopicLeases {
  private fd?: number;
  private readonly held = new Map<number, Lease>();
  private contendedAt = -Infinity;
  private readonly asked: Buffer;
  /** The millisecond the wants were last read in: a holder looks at most once per millisecond. */
  private askedAt = -1;

  /** `onKept` runs when a lease is kept, so the owner can give every lease back when its event loop turns. */
  constructor(
    private readonly wantsPath: string,
    partitions: number,
    private readonly onKept: () => void,
  ) {
    this.asked = Buffer.alloc(partitions);
  }

  /** Creates the wants file of a new topic. */
  static create(wantsPath: string, partitions: number): void {
    fs.writeFileSync(wantsPath, Buffer.alloc(partitions), { flag: 'wx' });
  }

  private get wants(): number {
    return (this.fd ??= fs.openSync(this.wantsPath, 'r+'));
  }

  /** The lease of `partition`, if this process still holds one. */
  take(partition: number): Lease | undefined {
    const lease = this.held.get(partition);
    if (!lease) return undefined;
    this.held.delete(partition);
    const now = performance.now();
    if (now - lease.takenAt < LEASE_MS) return lease;
    return lease.lock.refresh() ? { lock: lease.lock, takenAt: now } : undefined;
  }

  /** Asks whoever holds `partition` to give it back (a waiter's call). */
  ask(partition: number): void {
    fs.writeSync(this.wants, Buffer.of(1), 0, 1, partition);
  }

  /** This process waited for `partition`: no leases for a while, and its ask is answered. */
  waited(partition: number): void {
    this.contendedAt = performance.now();
    fs.writeSync(this.wants, Buffer.of(0), 0, 1, partition);
  }

  /**
   * After an append under `lease`'s lock: gives back every lease another process asks for, then
   * keeps this one unless it is asked for or the topic was contended lately. Returns whether it
   * was kept. An answered ask is cleared, so one left by a waiter that died stops leases briefly.
   */
  settle(partition: number, lease: Lease): boolean {
    const now = performance.now();
    const millisecond = Math.floor(now);
    if (millisecond !== this.askedAt) {
      fs.readSync(this.wants, this.asked, 0, this.asked.length, 0);
      this.askedAt = millisecond;
    }
    for (const [p, held] of this.held) {
      if (this.asked[p] === 0) continue;
      this.held.delete(p);
      held.lock.release();
      this.answered(p, now);
    }
    if (this.asked[partition] !== 0) this.answered(partition, now);
    if (now - this.contendedAt < CONTENDED_MS) return false;
    this.held.set(partition, lease);
    this.onKept();
    return true;
  }

  private answered(partition: number, now: number): void {
    this.contendedAt = now;
    this.asked[partition] = 0;
    fs.writeSync(this.wants, this.asked, partition, 1, partition);
  }

  releaseAll(): void {
    for (const lease of this.held.values()) lease.lock.release();
    this.held.clear();
  }

  close(): void {
    this.releaseAll();
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }
}
