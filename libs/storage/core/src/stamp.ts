/**
 * Server time for a new version of `ids`: now, unless that is not after an id's previous
 * version (a write in the same millisecond). Then it waits for the clock to pass rather
 * than stamp the write in the future, where a read "now" would not see it yet. A clock that
 * does not move (a test's) or lags another instance's stamp by more than MAX_CLOCK_WAIT_MS
 * gets the previous version + 1, which keeps versions ordered.
 */
import type { RepositoryIndex } from './repository-index.ts';

const MAX_CLOCK_WAIT_MS = 5;

/** A number when no wait is needed, so a write in a new millisecond does not pay a tick. */
export function stamp(index: RepositoryIndex, ids: string[], clock: () => number): number | Promise<number> {
  let floor = -Infinity;
  for (const id of ids) {
    const list = index.versions.get(id);
    if (list) floor = Math.max(floor, list[list.length - 1].createdAt);
  }
  const now = clock();
  if (now > floor) return now;
  return floor - now > MAX_CLOCK_WAIT_MS ? floor + 1 : waitForClock(floor, clock);
}

async function waitForClock(floor: number, clock: () => number): Promise<number> {
  for (let waited = 1; ; waited++) {
    await new Promise((resolve) => setTimeout(resolve, 1));
    const now = clock();
    if (now > floor) return now;
    if (waited >= MAX_CLOCK_WAIT_MS || floor - now > MAX_CLOCK_WAIT_MS) return floor + 1;
  }
}
