/**
 * docs/contract.md §2, "Projections", through the gateway and REST on the running stack (file log
 * or Kafka): the three projections follow from the events written, their joins work both ways, a
 * correction changes them from its instant on while reads before it still show what was known,
 * and every write to a projection is a 405 naming the events to write instead.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { create, gql, request } from './client.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();
type Row = Awaited<ReturnType<typeof create>>;

describe('projections computed from the events', () => {
  const zone = `zone-${randomUUID()}`;
  let farm: Row, coop: Row, hen: Row, store: Row, shelf: Row, deposit: Row, withdrawal: Row;
  let beforeContainers: number;

  beforeAll(async () => {
    const now = Date.now();
    farm = await create('farm', { name: 'Projection Farm', farm_type: 'local_farm', zone });
    coop = await create('coop', { name: 'P Coop', farm_id: farm.id, capacity: 10, coop_type: 'barn' });
    hen = await create('hen', { name: 'Layla', coop_id: coop.id, breed: 'leghorn', status: 'active' });
    await create('hen', { name: 'Old Meg', coop_id: coop.id, breed: 'sussex', status: 'retired' });
    beforeContainers = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 5));
    store = await create('container', { name: 'P Store', container_type: 'warehouse', capacity: 100, zone });
    shelf = await create('container', { name: 'P Shelf', container_type: 'market_shelf', capacity: 10, zone });
    const lay = (eggs: number, msAgo: number, quality?: string) =>
      create('lay_report', { hen_id: hen.id, coop_id: coop.id, farm_id: farm.id, eggs, timestamp: iso(now - msAgo), ...(quality ? { quality } : {}) });
    await lay(3, HOUR, 'grade_a'); // today
    await lay(5, 2 * DAY, 'cracked'); // this week
    await lay(7, 10 * DAY); // this month
    await lay(11, 40 * DAY, 'double_yolk'); // before the month
    await lay(13, -DAY); // laid tomorrow: counts nowhere yet
    deposit = await create('storage_deposit', { container_id: store.id, source_type: 'farm', source_id: farm.id, eggs: 30, timestamp: iso(now) });
    withdrawal = await create('storage_withdrawal', { container_id: store.id, reason: 'breakage', eggs: 2, timestamp: iso(now) });
    await create('container_transfer', { source_container_id: store.id, dest_container_id: shelf.id, eggs: 12, timestamp: iso(now) });
    const consumer = await create('consumer', { name: 'P Bakery', consumer_type: 'bakery', zone });
    await create('consumption_report', { consumer_id: consumer.id, container_id: shelf.id, eggs: 15, timestamp: iso(now) });
  });

  it('answers container_inventory from the storage events, an overdrawn shelf negative, through both joins', async () => {
    const data = await gql(
      `query($s: ID!, $c: ID!) {
        containerInventory(id: $s) { id container_id current_eggs total_deposits total_withdrawals total_transfers_in total_transfers_out total_consumed utilization_pct container { id name } }
        container(id: $c) { inventory { id current_eggs utilization_pct } }
      }`,
      { s: store.id, c: shelf.id },
    );
    expect(data.containerInventory).toEqual({
      id: store.id, container_id: store.id, current_eggs: 16, total_deposits: 30, total_withdrawals: 2, total_transfers_in: 0,
      total_transfers_out: 12, total_consumed: 0, utilization_pct: 16, container: { id: store.id, name: 'P Store' },
    });
    expect(data.container.inventory).toEqual([{ id: shelf.id, current_eggs: -3, utilization_pct: -30 }]);
  });

  it('answers hen_productivity and farm_output by the reports’ own timestamps, through the farm tree', async () => {
    const data = await gql(
      `query($h: ID!, $f: ID!) {
        henProductivity(id: $h) { hen_id farm_id eggs_today eggs_week eggs_month total_eggs quality_rate hen { name } }
        farm(id: $f) { farmOutput { farm_id farm_type eggs_today eggs_week eggs_month active_hens total_hens avg_per_hen_per_week farm { id } }
                       coops { hens { name productivity { eggs_today } } } }
      }`,
      { h: hen.id, f: farm.id },
    );
    expect(data.henProductivity).toEqual({
      hen_id: hen.id, farm_id: farm.id, eggs_today: 3, eggs_week: 8, eggs_month: 15, total_eggs: 26,
      quality_rate: (3 + 11) / (3 + 5 + 11), hen: { name: 'Layla' },
    });
    expect(data.farm.farmOutput).toEqual([{
      farm_id: farm.id, farm_type: 'local_farm', eggs_today: 3, eggs_week: 8, eggs_month: 15, active_hens: 1, total_hens: 2,
      avg_per_hen_per_week: 8, farm: { id: farm.id },
    }]);
    expect(data.farm.coops).toEqual([{ hens: [{ name: 'Layla', productivity: [{ eggs_today: 3 }] }, { name: 'Old Meg', productivity: [{ eggs_today: 0 }] }] }]);
  });

  it('has one projection per subject that exists at the instant, paged like its subjects', async () => {
    const data = await gql(
      `query($s: ID!, $key: String!, $before: Float!) {
        byKey: containerInventoriesByContainerId(container_id: $key) { id }
        before: containerInventory(id: $s, at: $before) { id }
        unknown: containerInventory(id: "${randomUUID()}") { id }
        first: containerInventories(limit: 1, after: $s) { id }
      }`,
      { s: store.id, key: store.id, before: beforeContainers },
    );
    expect(data).toEqual({ byKey: [{ id: store.id }], before: null, unknown: null, first: [{ id: shelf.id }] });
  });

  it('counts a correction from its instant on; a read before it still shows what was known then', async () => {
    const known = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const { container_id, source_type, source_id, timestamp } = deposit;
    const corrected = { container_id, source_type, source_id, timestamp, eggs: 50 };
    expect((await request('PUT', `/storage_deposit/api/${deposit.id}`, corrected)).status).toBe(200);
    expect((await request('DELETE', `/storage_withdrawal/api/${withdrawal.id}`)).status).toBe(200);
    // Read your writes: the reads begin after both were acknowledged.
    const query = `query($s: ID!, $at: Float!) { now: containerInventory(id: $s) { current_eggs total_deposits total_withdrawals }
      then: containerInventory(id: $s, at: $at) { current_eggs total_deposits total_withdrawals } }`;
    expect(await gql(query, { s: store.id, at: known })).toEqual({
      now: { current_eggs: 38, total_deposits: 50, total_withdrawals: 0 },
      then: { current_eggs: 16, total_deposits: 30, total_withdrawals: 2 },
    });
    const rest = await request('GET', `/container_inventory/api/${store.id}?at=${known}`);
    expect(rest.body).toMatchObject({ id: store.id, current_eggs: 16 });
  });

  it.each([
    ['container_inventory', 'storage_deposit, storage_withdrawal, container_transfer, consumption_report'],
    ['hen_productivity', 'lay_report'],
    ['farm_output', 'lay_report'],
  ])('refuses every write to %s with a 405 naming the events to write instead', async (entity, events) => {
    for (const [method, path] of [['POST', `/${entity}/api`], ['PUT', `/${entity}/api/${randomUUID()}`], ['DELETE', `/${entity}/api/${randomUUID()}`]]) {
      const reply = await request(method, path, method === 'DELETE' ? undefined : {});
      expect(reply.status, `${method} ${path}`).toBe(405);
      expect(reply.headers.get('allow')).toBe('GET, HEAD');
      expect(reply.body.error).toContain(`write ${events} instead`);
    }
  });
});
