/**
 * A cross-process, cross-host lock, safe on NFS (EFS).
 *
 * Kernel locks are out: POSIX locks drop when the process closes any descriptor of the
 * file, and flock on NFS is emulated with them; a native addon cannot ride in a bundle.
 * So the lock is a token file that moves: `<name>` when free, `<name>.held.<owner>` while
 * held. Taking it is one rename(), atomic on NFS too, and exactly one contender wins;
 * releasing is the rename back. A rename allocates no inode, which made it the cheapest
 * directory operation measured here (~10 µs, against ~35-75 µs for create and unlink).
 * The owner rides in the name, so there is never a lock without an owner.
 *
 * A holder that dies must not block the others for long: on the same machine (same boot)
 * a dead pid is broken at once, otherwise a lock held longer than STALE_MS is.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const STALE_MS = 5_000;
const LIVE_HOLDER_STALE_MS = 60_000;

/** This kernel instance: a pid means something only on the machine and boot that issued it. */
export const MACHINE_ID = createHash('sha256').update(`${os.hostname()}/${readBootId()}`).digest('hex').slice(0, 16);
const PROCESS_TOKEN = randomBytes(4).toString('hex');

function readBootId(): string {
  try {
    return fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return 'unknown-boot';
  }
}

export function heldName(lockPath: string, machine: string, pid: number, token: string): string {
  return `${lockPath}.held.${machine}.${pid}.${token}`;
}

export class LockTimeoutError extends Error {
  constructor(lockPath: string, waitedMs: number) {
    super(`could not take lock ${lockPath} within ${waitedMs} ms`);
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

function isStale(held: string): boolean {
  const [machine, pid, token = ''] = path.basename(held).split('.held.')[1].split('.');
  let limit = STALE_MS;
  if (machine === MACHINE_ID) {
    // Same pid, other process token: an earlier incarnation (a restarted container reuses pids).
    if (Number(pid) === process.pid) return token !== PROCESS_TOKEN;
    if (!isAlive(Number(pid))) return true;
    // A live pid: a holder stalled by a debugger, swap or an overloaded core keeps its lock, as
    // breaking it lets two writers share one end; only a reused pid is waited out.
    limit = LIVE_HOLDER_STALE_MS;
  }
  try {
    return Date.now() - fs.lstatSync(held).ctimeMs > limit;
  } catch {
    return false; // released meanwhile
  }
}

/**
 * When the free token is missing: frees a stale holder's token (one atomic rename, so racing
 * processes agree). The token itself is created once with what it guards, never here.
 */
function recover(lockPath: string): void {
  for (const h of holders(lockPath)) {
    if (!isStale(h)) continue;
    try {
      fs.renameSync(h, lockPath);
    } catch (error) {
      if (code(error) !== 'ENOENT') throw error; // another process broke it first
    }
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const futex = new Int32Array(new SharedArrayBuffer(4));
/** Sleeps without burning a core: timers cannot wait less than a millisecond. */
const nap = (ms: number) => Atomics.wait(futex, 0, 0, ms);

export interface HeldLock {
  release(): void;
  /**
   * Renews the holder's claim without letting go: staleness is judged by the token's ctime,
   * which this sets to now. False if the lock was broken meanwhile (it is no longer ours).
   */
  refresh(): boolean;
}

function heldLock(lockPath: string, mine: string): HeldLock {
  return {
    refresh: () => {
      try {
        const now = new Date();
        fs.utimesSync(mine, now, now);
        return true;
      } catch (error) {
        if (code(error) === 'ENOENT') return false;
        throw error;
      }
    },
    release: () => {
      try {
        fs.renameSync(mine, lockPath);
      } catch (error) {
        // ENOENT: our lock was broken as stale; whoever broke it owns the token now.
        if (code(error) !== 'ENOENT') throw error;
      }
    },
  };
}

/** One attempt: the lock, or undefined while another holder has it. */
function tryLock(lockPath: string, mine: string): HeldLock | undefined {
  // A failed attempt throws; without a stack trace the throw costs a fraction as much.
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    fs.renameSync(lockPath, mine);
    return heldLock(lockPath, mine);
  } catch (error) {
    if (code(error) !== 'ENOENT') throw error;
    return undefined;
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/**
 * Takes the lock whose free token `lockPath` was created with what it guards. A free lock is
 * taken synchronously (no promise to settle); a held one is waited for, calling `onWait` at the
 * start and now and then (to ask a holder that keeps the lock between uses to give it back).
 */
export function acquireLock(lockPath: string, onWait?: () => void, timeoutMs = 30_000): HeldLock | Promise<HeldLock> {
  // One name per process and lock: its appends to a partition queue in memory, so it never
  // holds one lock twice, and a name used before is a cached directory entry, cheaper to rename to.
  const mine = heldName(lockPath, MACHINE_ID, process.pid, PROCESS_TOKEN);
  return tryLock(lockPath, mine) ?? waitForLock(lockPath, mine, timeoutMs, onWait);
}

async function waitForLock(lockPath: string, mine: string, timeoutMs: number, onWait?: () => void): Promise<HeldLock> {
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    // Held: look for a dead holder now and then, not on every turn.
    if (attempt % 50 === 0) {
      onWait?.();
      recover(lockPath);
    }
    if (Date.now() - started > timeoutMs) throw new LockTimeoutError(lockPath, timeoutMs);
    // A holder keeps the lock for tens of microseconds: nap that long at first, giving the
    // core to the holder instead of spinning, then back off to timer sleeps.
    if (attempt < 100) nap(Math.min(0.5, 0.01 * 2 ** (attempt / 8)));
    else await sleep(Math.min(5, (attempt - 99) / 10));
    const lock = tryLock(lockPath, mine);
    if (lock) return lock;
  }
}
