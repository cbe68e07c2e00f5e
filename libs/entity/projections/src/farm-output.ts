/**
 * farm_output (docs/contract.md §2.13): the farm's lay reports (by their `farm_id`) in windows
 * ending at the read instant, and the hens living at it in the farm's coops.
 */
import type { Computation } from '@egg/entity-runtime';
import type { Envelope, Payload } from '@egg/storage-core';
import { FactIndex } from './facts.ts';
import { layTotals, type Lay } from './windows.ts';

/** A hen without a status counts as active: status is optional and `active` is its default meaning. */
const isActive = (hen: Envelope): boolean => hen.payload.status === undefined || hen.payload.status === 'active';

/** The fold. `avg_per_hen_per_week` = eggs_week / active_hens, 0 when no hen is active. */
export function farmOutputOf(farm: Envelope, hens: readonly Envelope[], lays: readonly Lay[], now: number): Payload {
  const totals = layTotals(lays, now);
  const active = hens.filter(isActive).length;
  return {
    farm_id: farm.id,
    farm_type: farm.payload.farm_type,
    eggs_today: totals.today,
    eggs_week: totals.week,
    eggs_month: totals.month,
    active_hens: active,
    total_hens: hens.length,
    avg_per_hen_per_week: active === 0 ? 0 : totals.week / active,
  };
}

export const farmOutput: Computation = {
  subject: 'farm',
  key: 'farm_id',
  sources: ['farm', 'coop', 'hen', 'lay_report'],
  writeInstead: ['lay_report'],
  definition:
    "Sums of the lay reports' eggs with this farm_id whose own timestamp falls in the last 1, 7 and 30 days before the read " +
    "instant; total_hens and active_hens count the hens in the farm's coops at that instant.",
  open(source) {
    const reports = new FactIndex(['farm_id']);
    const layReports = source('lay_report', { onApply: reports.onApply });
    const coops = source('coop');
    const hens = source('hen');
    return async (farms, instant) => {
      const [byFarm] = await Promise.all([
        coops.findByMany(
          'farm_id',
          farms.map((farm) => farm.id),
          { at: instant.known },
        ),
        layReports.sync(),
      ]);
      const byCoop = await hens.findByMany(
        'coop_id',
        [...byFarm.values()].flat().map((coop) => coop.id),
        { at: instant.known },
      );
      return farms.map((farm) => {
        const farmHens = (byFarm.get(farm.id) ?? []).flatMap((coop) => byCoop.get(coop.id) ?? []);
        return farmOutputOf(farm, farmHens, reports.at('farm_id', farm.id, instant.known), instant.now);
      });
    };
  },
};
