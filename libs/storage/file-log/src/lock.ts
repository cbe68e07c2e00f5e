/**
 * A cross-process, cross-host lock, safe on NFS (EFS), and the fence its holders write behind.
 *
 * Kernel locks are out: POSIX locks drop when the process closes any descriptor of the file,
 * and flock on NFS is emulated with them; a native addon cannot ride in a bundle. So the lock is
 * a token file that moves: `<name>` when free, `<name>.held.<owner>` while held, where <owner>
 * is unique to one taking of the lock (machine, pid, process token, a count). Taking it is one
 * rename(), atomic on NFS too, and exactly one contender wins; releasing is the rename back.
 *
 * A holder can stall for any time (an NFS request retried for a minute, a frozen Lambda, a
 * stopped process), so a lock held longer than the staleness limit is taken over: renamed from
 * the stalled holder's name straight to the taker's (`stolen`), so exactly one taker knows it
 * must fence the stalled holder before writing (see append.ts and the README). A holder confirms
 * the lock is still its own by releasing it: a rename of its own name, which the server refuses
 * once another took it over. Names are never reused, so a taker that judged an old name stale
 * can only ever take that holding, never a fresher one of the same process.
 *
 * On the same machine (same boot, same pid namespace) a dead pid is taken over at once.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { StorageUnavailableError } from '@egg/storage-core';

/** How long a holder may keep the lock before another takes it over. */
export const STALE_MS = 5_000;
/** How long a writer waits for the lock before its append fails. */
export const LOCK_WAIT_MS = 30_000;

function readOrUndefined(read: () => string): string | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

/**
 * This kernel and pid namespace: a pid means something only there. Without a boot id (or a pid
 * namespace) there is no telling, so the id is this process's own and matches no other: every
 * other holder is then judged by age alone. Lambda environments share hostnames and pids, and a
 * wrong match could only take over a live holder early, which the fence makes cost that holder
 * its write (an error), never an acknowledged record.
 */
export const MACHINE_ID = (() => {
  const boot = readOrUndefined(() => fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim());
  const pids = readOrUndefined(() => fs.readlinkSync('/proc/self/ns/pid'));
  const source = boot && pids ? `${os.hostname()}/${boot}/${pids}` : randomBytes(16).toString('hex');
  return createHash('sha256').update(source).digest('hex').slice(0, 16);
})();
const PROCESS_TOKEN = randomBytes(4).toString('hex');
let takings = 0;

export function heldName(lockPath: string, machine: string, pid: number, token: string, taking = 0): string {
  return `${lockPath}.held.${machine}.${pid}.${token}.${taking}`;
}

/** The lock stayed held by others for the whole wait: the append fails with a 503, nothing written. */
export class LockTimeoutError extends StorageUnavailableError {
  constructor(lockPath: string, waitedMs: number) {
    super(`the log is busy: could not take the write lock ${path.basename(path.dirname(path.dirname(lockPath)))}/${path.basename(lockPath)} within ${waitedMs} ms`);
    this.name = 'LockTimeoutError';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const code = (error: unknown) => (error as NodeJS.ErrnoException).code;

/** The held token files of this lock (normally one; none while it is free). */
function holders(lockPath: string): string[] {
  const prefix = `${path.basename(lockPath)}.held.`;
  return fs
    .readdirSync(path.dirname(lockPath))
    .filter((name) => name.startsWith(prefix))
    .map((name) => path.join(path.dirname(lockPath), name));
}

function isStale(held: string, staleMs: number): boolean {
  const [machine, pid, token] = path.basename(held).split('.held.')[1].split('.');
  if (machine === MACHINE_ID) {
    // Same pid, other process token: an earlier incarnation (a restarted container reuses pids).
    if (Number(pid) === process.pid) return token !== PROCESS_TOKEN;
    if (!isAlive(Number(pid))) return true;
  }
  try {
    return Date.now() - fs.lstatSync(held).ctimeMs > staleMs;
  } catch {
    return false; // released meanwhile
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const futex = new Int32Array(new SharedArrayBuffer(4));
/** Sleeps without burning a core: timers cannot wait less than a millisecond. */
const nap = (ms: number) => Atomics.wait(futex, 0, 0, ms);

export class HeldLock {
  constructor(
    private readonly lockPath: string,
    private current: string,
    /** Taken over from a stalled or dead holder, who may still write: fence it before writing. */
    readonly stolen: boolean,
  ) {}

  get name(): string {
    return this.current;
  }

  /**
   * Confirms the lock is still ours without letting go: renames our name to a fresh one, which
   * the server refuses (false) if another took the lock over. Needed before acting on a segment
   * found after this lock was taken (partition/append.ts): its seal may be a taker's.
   */
  renew(): boolean {
    const next = heldName(this.lockPath, MACHINE_ID, process.pid, PROCESS_TOKEN, takings++);
    if (!tryRename(this.current, next)) return false;
    this.current = next;
    return true;
  }

  /** Gives the lock back; false if it was taken over meanwhile (it was not ours to give). */
  release(): boolean {
    try {
      fs.renameSync(this.current, this.lockPath);
      return true;
    } catch (error) {
      if (code(error) === 'ENOENT') return false;
      throw error;
    }
  }

  /**
   * Whether the lock is still ours, on one page cache (a local disk), where a name looked up is
   * the truth. Not on NFS: a client may answer a lookup from its cache there; release() is the check.
   */
  isHeld(): boolean {
    return fs.existsSync(this.current);
  }

  /** Renews the holder's claim without letting go (its ctime, by which others judge staleness). False if taken over. */
  refresh(): boolean {
    try {
      const now = new Date();
      fs.utimesSync(this.current, now, now);
      return true;
    } catch (error) {
      if (code(error) === 'ENOENT') return false;
      throw error;
    }
  }
}

/** One attempt: the lock, or undefined while another holder has it. */
function tryRename(from: string, to: string): boolean {
  // A failed attempt throws; without a stack trace the throw costs a fraction as much.
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    fs.renameSync(from, to);
    return true;
  } catch (error) {
    if (code(error) !== 'ENOENT') throw error;
    return false;
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** Takes over a stale holder's token: one rename, so of racing takers exactly one gets it. */
function takeOver(lockPath: string, mine: string, staleMs: number): HeldLock | undefined {
  for (const h of holders(lockPath)) if (isStale(h, staleMs) && tryRename(h, mine)) return new HeldLock(lockPath, mine, true);
  return undefined;
}

export interface LockOptions {
  /** Called when the wait starts and now and then (to ask a holder that keeps the lock between uses to give it back). */
  onWait?: () => void;
  waitMs?: number;
  staleMs?: number;
}

/**
 * Takes the lock whose free token `lockPath` was created with what it guards. A free lock is
 * taken synchronously (no promise to settle); a held one is waited for, and taken over once stale.
 */
export function acquireLock(lockPath: string, options: LockOptions = {}): HeldLock | Promise<HeldLock> {
  const mine = heldName(lockPath, MACHINE_ID, process.pid, PROCESS_TOKEN, takings++);
  if (tryRename(lockPath, mine)) return new HeldLock(lockPath, mine, false);
  return waitForLock(lockPath, mine, options);
}

async function waitForLock(lockPath: string, mine: string, { onWait, waitMs = LOCK_WAIT_MS, staleMs = STALE_MS }: LockOptions): Promise<HeldLock> {
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    // Held: look for a stale holder now and then, not on every turn.
    if (attempt % 50 === 0) {
      onWait?.();
      const taken = takeOver(lockPath, mine, staleMs);
      if (taken) return taken;
    }
    if (Date.now() - started > waitMs) throw new LockTimeoutError(lockPath, waitMs);
    // A holder keeps the lock for tens of microseconds: nap that long at first, giving the
    // core to the holder instead of spinning, then back off to timer sleeps.
    if (attempt < 100) nap(Math.min(0.5, 0.01 * 2 ** (attempt / 8)));
    else await sleep(Math.min(5, (attempt - 99) / 10));
    if (tryRename(lockPath, mine)) return new HeldLock(lockPath, mine, false);
  }
}
