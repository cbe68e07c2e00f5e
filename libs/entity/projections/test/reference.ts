/**
 * The reference: docs/contract.md §2's definitions as plain loops over every acknowledged
 * version, written without the library's code, to compare the projections with.
 */
import { COOPS, CONTAINERS, DAY, FARMS, HENS, type Payload } from './history.ts';

export interface ModelVersion {
  created_at: number;
  payload: Payload | undefined; // undefined: deleted
}

/** Every version each (entity, id) was acknowledged with, in order. */
export class Model {
  readonly versions = new Map<string, ModelVersion[]>();

  record(entity: string, id: string, created_at: number, payload: Payload | undefined): void {
    const key = `${entity}/${id}`;
    this.versions.set(key, [...(this.versions.get(key) ?? []), { created_at, payload }]);
  }

  /** What `entity`'s `id` was at `t`: the latest version with created_at ≤ t, none once deleted. */
  at(entity: string, id: string, t: number): Payload | undefined {
    let found: Payload | undefined;
    for (const v of this.versions.get(`${entity}/${id}`) ?? []) if (v.created_at <= t) found = v.payload;
    return found;
  }

  /** Every live `entity` at `t`. */
  all(entity: string, t: number): Payload[] {
    const live: Payload[] = [];
    for (const key of this.versions.keys()) {
      if (!key.startsWith(`${entity}/`)) continue;
      const payload = this.at(entity, key.slice(entity.length + 1), t);
      if (payload) live.push(payload);
    }
    return live;
  }

  /** The ids of `entity` ever written (to read at `t`). */
  ids(entity: string): string[] {
    return [...this.versions.keys()].filter((k) => k.startsWith(`${entity}/`)).map((k) => k.slice(entity.length + 1));
  }
}

const sum = (rows: Payload[]): number => rows.reduce((s, r) => s + (r.eggs as number), 0);

export function referenceInventories(model: Model, t: number): Record<string, Payload> {
  const out: Record<string, Payload> = {};
  for (const id of CONTAINERS) {
    const container = model.at('container', id, t);
    if (!container) continue;
    const deposits = sum(model.all('storage_deposit', t).filter((e) => e.container_id === id));
    const withdrawals = sum(model.all('storage_withdrawal', t).filter((e) => e.container_id === id));
    const transfersIn = sum(model.all('container_transfer', t).filter((e) => e.dest_container_id === id));
    const transfersOut = sum(model.all('container_transfer', t).filter((e) => e.source_container_id === id));
    const consumed = sum(model.all('consumption_report', t).filter((e) => e.container_id === id));
    const current = deposits + transfersIn - withdrawals - transfersOut - consumed;
    out[id] = {
      container_id: id,
      current_eggs: current,
      total_deposits: deposits,
      total_withdrawals: withdrawals,
      total_transfers_in: transfersIn,
      total_transfers_out: transfersOut,
      total_consumed: consumed,
      utilization_pct: (current / (container.capacity as number)) * 100,
    };
  }
  return out;
}

/** Eggs of `reports` laid in (now − days, now]; `days` Infinity: laid at or before now. */
const laid = (reports: Payload[], now: number, days: number): number =>
  sum(reports.filter((r) => Date.parse(r.timestamp as string) <= now && Date.parse(r.timestamp as string) > now - days * DAY));

export function referenceProductivities(model: Model, t: number, now: number): Record<string, Payload> {
  const out: Record<string, Payload> = {};
  for (const id of HENS) {
    const hen = model.at('hen', id, t);
    if (!hen) continue;
    const reports = model.all('lay_report', t).filter((r) => r.hen_id === id);
    const counted = reports.filter((r) => Date.parse(r.timestamp as string) <= now);
    const total = sum(counted);
    const first = Math.min(...counted.map((r) => Date.parse(r.timestamp as string)));
    const weeks = counted.length === 0 ? 1 : Math.max(1, (now - first) / (7 * DAY));
    const graded = counted.filter((r) => r.quality !== undefined);
    const good = graded.filter((r) => r.quality === 'grade_a' || r.quality === 'double_yolk');
    const coop = model.at('coop', hen.coop_id as string, t);
    out[id] = {
      hen_id: id,
      ...(coop ? { farm_id: coop.farm_id } : {}),
      eggs_today: laid(reports, now, 1),
      eggs_week: laid(reports, now, 7),
      eggs_month: laid(reports, now, 30),
      total_eggs: total,
      avg_per_week: total / weeks,
      ...(sum(graded) === 0 ? {} : { quality_rate: sum(good) / sum(graded) }),
    };
  }
  return out;
}

export function referenceFarmOutputs(model: Model, t: number, now: number): Record<string, Payload> {
  const out: Record<string, Payload> = {};
  for (const id of FARMS) {
    const farm = model.at('farm', id, t);
    if (!farm) continue;
    const coops = COOPS.filter((c) => model.at('coop', c, t)?.farm_id === id);
    const hens = HENS.map((h) => model.at('hen', h, t)).filter((h): h is Payload => h !== undefined && coops.includes(h.coop_id as string));
    const active = hens.filter((h) => h.status === undefined || h.status === 'active').length;
    const reports = model.all('lay_report', t).filter((r) => r.farm_id === id);
    const week = laid(reports, now, 7);
    out[id] = {
      farm_id: id,
      farm_type: farm.farm_type,
      eggs_today: laid(reports, now, 1),
      eggs_week: week,
      eggs_month: laid(reports, now, 30),
      active_hens: active,
      total_hens: hens.length,
      avg_per_hen_per_week: active === 0 ? 0 : week / active,
    };
  }
  return out;
}
