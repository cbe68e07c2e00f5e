/** One of every entity, wired together, created over REST. */
import { randomUUID } from 'node:crypto';
import { create, read } from './client.ts';

export async function buildEconomy() {
  const zone = `zone-${randomUUID()}`;
  const farm = await create('farm', { name: 'Sunny Acres', farm_type: 'megafarm', zone, owner: 'Ada' });
  const emptyFarm = await create('farm', { name: 'Empty Lot', farm_type: 'homestead', zone });
  const coop = await create('coop', { name: 'Coop A', farm_id: farm.id, capacity: 40, coop_type: 'barn' });
  const coop2 = await create('coop', { name: 'Coop B', farm_id: farm.id, capacity: 10, coop_type: 'mobile' });
  const hen = await create('hen', { name: 'Henrietta', coop_id: coop.id, breed: 'leghorn', dob: '2025-03-01', status: 'active' });
  const hen2 = await create('hen', { name: 'Clucky', coop_id: coop.id, breed: 'sussex' });
  const container = await create('container', { name: 'Main Store', container_type: 'warehouse', capacity: 1000, zone });
  const fridge = await create('container', { name: 'Fridge', container_type: 'fridge', capacity: 60, zone });
  const consumer = await create('consumer', { name: 'Bakery Bob', consumer_type: 'bakery', zone, weekly_demand: 120 });
  const ts = '2026-11-22T08:00:00Z';
  const lay = await create('lay_report', { hen_id: hen.id, coop_id: coop.id, farm_id: farm.id, eggs: 2, timestamp: ts, quality: 'grade_a' });
  const lay2 = await create('lay_report', { hen_id: hen.id, coop_id: coop.id, farm_id: farm.id, eggs: 1, timestamp: ts });
  const deposit = await create('storage_deposit', { container_id: container.id, source_type: 'farm', source_id: farm.id, eggs: 30, timestamp: ts });
  const withdrawal = await create('storage_withdrawal', { container_id: container.id, reason: 'breakage', eggs: 2, timestamp: ts });
  const transfer = await create('container_transfer', {
    source_container_id: container.id,
    dest_container_id: fridge.id,
    eggs: 12,
    timestamp: ts,
    transport_method: 'van',
  });
  const consumption = await create('consumption_report', { consumer_id: consumer.id, container_id: fridge.id, eggs: 6, timestamp: ts, purpose: 'baking' });
  // Projections are computed, not created: each is read by its subject's id.
  const inventory = await read('container_inventory', container.id);
  const productivity = await read('hen_productivity', hen.id);
  const output = await read('farm_output', farm.id);
  return {
    zone, farm, emptyFarm, coop, coop2, hen, hen2, container, fridge, consumer, lay, lay2,
    deposit, withdrawal, transfer, consumption, inventory, productivity, output,
  };
}

export type Economy = Awaited<ReturnType<typeof buildEconomy>>;
