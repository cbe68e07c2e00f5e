/**
 * Event time against read time (docs/contract.md §2, "Projections"): a lay report counts in a
 * window ending at the read instant `now` when its own `timestamp` (when the eggs were laid)
 * falls in (now − length, now]. Which reports exist at all is the read instant's business
 * (time travel); this file only places their timestamps.
 */
export const DAY_MS = 86_400_000;
export const WEEK_MS = 7 * DAY_MS;
export const WINDOWS = { today: DAY_MS, week: WEEK_MS, month: 30 * DAY_MS } as const;

/**
 * A report's `timestamp` in ms since the epoch, or NaN. Writes are validated ISO 8601 date-times;
 * NaN is a value stored before they were, which counts in totals and in no window.
 */
export const eventTime = (timestamp: unknown): number => (typeof timestamp === 'string' ? Date.parse(timestamp) : NaN);

/** Whether a report laid at `time` counts at `now` at all: not laid after the read instant. */
export const laidBy = (time: number, now: number): boolean => !(time > now);

export const within = (time: number, now: number, length: number): boolean => time > now - length && time <= now;

/** What the windows need of a lay report: its eggs, its own timestamp in ms (NaN when unreadable), its grade. */
export interface Lay {
  eggs: number;
  time: number;
  quality?: string;
}

/** Eggs laid in each window ending at `now`, and up to it. */
export interface LayTotals {
  today: number;
  week: number;
  month: number;
  total: number;
  /** The earliest readable timestamp among the reports counted in `total` (NaN when none). */
  first: number;
}

export function layTotals(reports: Iterable<Lay>, now: number): LayTotals {
  const totals: LayTotals = { today: 0, week: 0, month: 0, total: 0, first: NaN };
  for (const { eggs, time } of reports) {
    if (!laidBy(time, now)) continue;
    totals.total += eggs;
    if (!Number.isNaN(time) && !(time >= totals.first)) totals.first = time;
    if (within(time, now, WINDOWS.today)) totals.today += eggs;
    if (within(time, now, WINDOWS.week)) totals.week += eggs;
    if (within(time, now, WINDOWS.month)) totals.month += eggs;
  }
  return totals;
}
