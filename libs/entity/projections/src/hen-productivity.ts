/**
 * hen_productivity (docs/contract.md §2.12): a hen's lay reports known at the read instant,
 * placed by their own timestamp in windows ending at it.
 */
import type { Computation } from '@egg/entity-runtime';
import type { Envelope, Payload } from '@egg/storage-core';
import { FactIndex } from './facts.ts';
import { laidBy, layTotals, WEEK_MS, type Lay } from './windows.ts';

/** Grades that count as good in `quality_rate`. */
const GOOD = new Set(['grade_a', 'double_yolk']);

/**
 * The fold. `avg_per_week` = total_eggs over the weeks from the first counted report's timestamp
 * to `now`, at least one; `quality_rate` = the good share of the counted eggs that carry a grade,
 * absent when none does.
 */
export function productivityOf(hen: Envelope, farmId: string | undefined, lays: readonly Lay[], now: number): Payload {
  const totals = layTotals(lays, now);
  let graded = 0;
  let good = 0;
  for (const lay of lays) {
    if (lay.quality === undefined || !laidBy(lay.time, now)) continue;
    graded += lay.eggs;
    if (GOOD.has(lay.quality)) good += lay.eggs;
  }
  const weeks = Number.isNaN(totals.first) ? 1 : Math.max(1, (now - totals.first) / WEEK_MS);
  return {
    hen_id: hen.id,
    ...(farmId === undefined ? {} : { farm_id: farmId }),
    eggs_today: totals.today,
    eggs_week: totals.week,
    eggs_month: totals.month,
    total_eggs: totals.total,
    avg_per_week: totals.total / weeks,
    ...(graded === 0 ? {} : { quality_rate: good / graded }),
  };
}

export const henProductivity: Computation = {
  subject: 'hen',
  key: 'hen_id',
  sources: ['hen', 'coop', 'lay_report'],
  writeInstead: ['lay_report'],
  definition:
    "Sums of the hen's lay reports' eggs whose own timestamp falls in the last 1, 7 and 30 days before the read instant " +
    '(eggs_today, eggs_week, eggs_month) or at any time up to it (total_eggs); farm_id is the farm of its coop.',
  open(source) {
    const reports = new FactIndex(['hen_id']);
    const layReports = source('lay_report', { onApply: reports.onApply });
    const coops = source('coop');
    return async (hens, instant) => {
      const coopIds = [...new Set(hens.map((hen) => hen.payload.coop_id as string))];
      const [found] = await Promise.all([coops.readMany(coopIds, instant.known), layReports.sync()]);
      const farmOf = new Map(found.map((coop) => [coop.id, coop.payload.farm_id as string]));
      return hens.map((hen) => productivityOf(hen, farmOf.get(hen.payload.coop_id as string), reports.at('hen_id', hen.id, instant.known), instant.now));
    };
  },
};
