/**
 * docs/contract.md §3: a one-join whose target does not exist (at the query's instant) is null, also when
 * the query selects only the target's key fields, which the gateway could otherwise answer
 * from the parent's foreign key alone.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { create, gql, pause, request } from './client.ts';

const ts = '2026-11-22T08:00:00Z';
const nowhere = () => randomUUID();
// [join, entity, root field, payload whose foreign keys point nowhere]
const orphans: [string, string, string, () => Record<string, unknown>][] = [
  ['Coop.farm', 'coop', 'coop', () => ({ name: 'Orphan', farm_id: nowhere(), capacity: 1, coop_type: 'x' })],
  ['Hen.coop', 'hen', 'hen', () => ({ name: 'Stray', coop_id: nowhere(), breed: 'silkie' })],
  ['LayReport.hen', 'lay_report', 'layReport', () => ({ hen_id: nowhere(), coop_id: nowhere(), farm_id: nowhere(), eggs: 1, timestamp: ts })],
  ['StorageDeposit.container', 'storage_deposit', 'storageDeposit', () => ({ container_id: nowhere(), source_type: 'farm', source_id: nowhere(), eggs: 1, timestamp: ts })],
  ['StorageWithdrawal.container', 'storage_withdrawal', 'storageWithdrawal', () => ({ container_id: nowhere(), reason: 'breakage', eggs: 1, timestamp: ts })],
  ['ContainerTransfer.sourceContainer', 'container_transfer', 'containerTransfer', () => ({ source_container_id: nowhere(), dest_container_id: nowhere(), eggs: 1, timestamp: ts })],
  ['ContainerTransfer.destContainer', 'container_transfer', 'containerTransfer', () => ({ source_container_id: nowhere(), dest_container_id: nowhere(), eggs: 1, timestamp: ts })],
  ['ConsumptionReport.consumer', 'consumption_report', 'consumptionReport', () => ({ consumer_id: nowhere(), container_id: nowhere(), eggs: 1, timestamp: ts })],
  ['ConsumptionReport.container', 'consumption_report', 'consumptionReport', () => ({ consumer_id: nowhere(), container_id: nowhere(), eggs: 1, timestamp: ts })],
];

describe('one-joins to a missing target', () => {
  // The other three (ContainerInventory.container, HenProductivity.hen, FarmOutput.farm) cannot miss: a
  // projection exists only with its subject, at the same instant (projections.test.ts).
  it('covers the 9 one-joins of docs/contract.md §3 whose parent is written', () => expect(new Set(orphans.map(([name]) => name)).size).toBe(9));

  it.each(orphans)('%s selecting only key fields is null', async (name, entity, root, payload) => {
    const parent = await create(entity, payload());
    const field = name.split('.')[1];
    const data = await gql(`query($id: ID!) { node: ${root}(id: $id) { id ${field} { id } keyed: ${field} { id asOf } } }`, { id: parent.id });
    expect(data.node).toEqual({ id: parent.id, [field]: null, keyed: null });
  });

  it('a deleted target is null now and there at an instant before the delete', async () => {
    const farm = await create('farm', { name: 'Doomed', farm_type: 'homestead', zone: `zone-${randomUUID()}` });
    const coop = await create('coop', { name: 'Widow', farm_id: farm.id, capacity: 1, coop_type: 'x' });
    const before = Math.max(farm.created_at, coop.created_at);
    await pause(5);
    expect((await request('DELETE', `/farm/api/${farm.id}`)).status).toBeLessThan(300);
    const data = await gql(
      `query($c: ID!, $t: Float!) { then: coop(id: $c, at: $t) { farm { id } named: farm { name } } now: coop(id: $c) { farm { id } named: farm { name } } }`,
      { c: coop.id, t: before },
    );
    expect(data).toEqual({ then: { farm: { id: farm.id }, named: { name: 'Doomed' } }, now: { farm: null, named: null } });
  });
});
