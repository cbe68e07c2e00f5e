/**
 * A cross-process, cross-host lock on a file path, safe on NFS (EFS).
 *
 * Kernel locks are out: POSIX locks drop when the process closes any descriptor of the
 * file, and flock on NFS is emulated with them; a native addon cannot ride in a bundle.
 * So the lock is a file created with O_CREAT|O_EXCL (atomic on NFSv4), holding who owns it.
 * A holder that dies must not block others for long: on the same machine (same boot) a
 * dead pid is broken at once; otherwise a lock older than STALE_MS is broken.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';

export const STALE_MS = 5_000;

export const MACHINE_ID = `${os.hostname()}/${readBootId()}`;

function readBootId(): string {
  try {
    return fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return 'unknown-boot';
  }
}

interface Owner {
  machine: string;
  pid: number;
  token: string;
}

export class LockTimeoutError extends Error {
  constructor(path: string, waitedMs: number) {
    super(`could not take lock ${path} within ${waitedMs} ms`);
    this.name = 'LockTimeoutError';
  }
}

function tryCreate(path: string, content: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(path, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    fs.writeSync(fd, content);
  } finally {
    fs.closeSync(fd);
  }
  return true;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The lock's owner, when it can be judged stale; undefined while it must be respected. */
function staleOwner(path: string): string | undefined {
  let text: string;
  let mtimeMs: number;
  try {
    text = fs.readFileSync(path, 'utf8');
    mtimeMs = fs.statSync(path).mtimeMs;
  } catch {
    return undefined; // released meanwhile: just retry
  }
  let owner: Owner | undefined;
  try {
    owner = JSON.parse(text) as Owner;
  } catch {
    owner = undefined; // created but not yet written, or torn by a crash
  }
  if (owner && owner.machine === MACHINE_ID && owner.pid !== process.pid && !isAlive(owner.pid)) return text;
  if (Date.now() - mtimeMs > STALE_MS) return text;
  return undefined;
}

/** Breaks the lock only if it still holds what was judged stale. */
function breakStale(path: string, staleText: string): void {
  const aside = `${path}.stale-${randomBytes(6).toString('hex')}`;
  try {
    fs.renameSync(path, aside);
  } catch {
    return; // someone else broke or released it
  }
  if (fs.readFileSync(aside, 'utf8') !== staleText) {
    // Between the judgement and the rename the lock changed hands: give it back.
    try {
      fs.linkSync(aside, path);
    } catch {
      // A third party took the lock meanwhile; the one we moved aside lost its file, as it would on expiry.
    }
  }
  fs.rmSync(aside, { force: true });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface HeldLock {
  release(): void;
}

export async function acquireLock(path: string, timeoutMs = 30_000): Promise<HeldLock> {
  const owner: Owner = { machine: MACHINE_ID, pid: process.pid, token: randomBytes(8).toString('hex') };
  const mine = JSON.stringify(owner);
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    if (tryCreate(path, mine)) {
      return {
        release: () => {
          // Only remove the lock if it is still ours (it may have been broken as stale).
          let current: string | undefined;
          try {
            current = fs.readFileSync(path, 'utf8');
          } catch {
            current = undefined;
          }
          if (current === mine) fs.rmSync(path, { force: true });
        },
      };
    }
    const stale = staleOwner(path);
    if (stale !== undefined) {
      breakStale(path, stale);
      continue;
    }
    if (Date.now() - started > timeoutMs) throw new LockTimeoutError(path, timeoutMs);
    // Short at first (a holder's append takes well under a millisecond), then back off.
    await sleep(attempt < 20 ? 0 : Math.min(10, attempt - 19));
  }
}
