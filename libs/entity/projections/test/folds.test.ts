import type { Envelope } from '@egg/storage-core';
import { describe, expect, it } from 'vitest';
import { DAY_MS, eventTime, farmOutputOf, inventoryOf, productivityOf, type Lay } from '../src/index.ts';

const row = (id: string, payload: Record<string, unknown>): Envelope => ({
  id,
  payload,
  created_at: 0,
  deleted: false,
  position: { topic: 't', partition: 0, offset: 0 },
});
const NOW = Date.UTC(2026, 5, 1);
const iso = (msBefore: number) => new Date(NOW - msBefore).toISOString();
const lay = (eggs: number, msBefore: number, quality?: string): Lay => ({ eggs, time: eventTime(iso(msBefore)), ...(quality ? { quality } : {}) });

describe('the folds', () => {
  it('shows an overdrawn container as negative, never clamped, the identity intact', () => {
    const inventory = inventoryOf(row('c', { capacity: 10 }), {
      deposits: [{ eggs: 5 }],
      withdrawals: [{ eggs: 4 }],
      transfersIn: [],
      transfersOut: [{ eggs: 3 }],
      consumed: [{ eggs: 2 }],
    });
    expect(inventory).toMatchObject({ current_eggs: -4, utilization_pct: -40 });
  });

  it('places lay reports by their own timestamp: (now − window, now], none laid after now', () => {
    const reports = [lay(1, 0), lay(2, DAY_MS), lay(4, DAY_MS - 1), lay(8, 7 * DAY_MS), lay(16, 40 * DAY_MS, 'grade_a'), lay(32, -1, 'cracked')];
    expect(productivityOf(row('h', {}), 'f', reports, NOW)).toEqual({
      hen_id: 'h',
      farm_id: 'f',
      eggs_today: 1 + 4,
      eggs_week: 1 + 2 + 4,
      eggs_month: 1 + 2 + 4 + 8,
      total_eggs: 31,
      avg_per_week: 31 / (40 / 7),
      quality_rate: 1,
    });
  });

  it('counts a timestamp stored before validation in totals, in no window, and leaves quality_rate out when nothing is graded', () => {
    const productivity = productivityOf(row('h', {}), undefined, [{ eggs: 3, time: eventTime('yesterday') }], NOW);
    expect(productivity).toEqual({ hen_id: 'h', eggs_today: 0, eggs_week: 0, eggs_month: 0, total_eggs: 3, avg_per_week: 3 });
  });

  it('averages a farm over its active hens (no status counts as active), 0 when none', () => {
    const hens = [row('a', { status: 'active' }), row('b', {}), row('c', { status: 'retired' })];
    const farm = row('f', { farm_type: 'homestead' });
    expect(farmOutputOf(farm, hens, [lay(6, DAY_MS * 2)], NOW)).toMatchObject({ eggs_week: 6, active_hens: 2, total_hens: 3, avg_per_hen_per_week: 3 });
    expect(farmOutputOf(farm, [hens[2]], [lay(6, 0)], NOW)).toMatchObject({ active_hens: 0, avg_per_hen_per_week: 0 });
  });
});
