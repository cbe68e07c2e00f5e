import { beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { create, gql, ids, pause, request } from './client.ts';
import { buildEconomy, type Economy } from './economy.ts';

let e: Economy;
beforeAll(async () => {
  e = await buildEconomy();
});

type Expect = (e: Economy) => string | string[];
// [join, root field, id of the root, expected id(s) of the join]
const joins: [string, string, (e: Economy) => string, Expect][] = [
  ['Farm.coops', 'farm', (e) => e.farm.id, (e) => [e.coop.id, e.coop2.id]],
  ['Farm.farmOutput', 'farm', (e) => e.farm.id, (e) => [e.output.id]],
  ['Coop.farm', 'coop', (e) => e.coop.id, (e) => e.farm.id],
  ['Coop.hens', 'coop', (e) => e.coop.id, (e) => [e.hen.id, e.hen2.id]],
  ['Hen.coop', 'hen', (e) => e.hen.id, (e) => e.coop.id],
  ['Hen.layReports', 'hen', (e) => e.hen.id, (e) => [e.lay.id, e.lay2.id]],
  ['Hen.productivity', 'hen', (e) => e.hen.id, (e) => [e.productivity.id]],
  ['Container.inventory', 'container', (e) => e.container.id, (e) => [e.inventory.id]],
  ['Consumer.consumptionReports', 'consumer', (e) => e.consumer.id, (e) => [e.consumption.id]],
  ['LayReport.hen', 'layReport', (e) => e.lay.id, (e) => e.hen.id],
  ['StorageDeposit.container', 'storageDeposit', (e) => e.deposit.id, (e) => e.container.id],
  ['StorageWithdrawal.container', 'storageWithdrawal', (e) => e.withdrawal.id, (e) => e.container.id],
  ['ContainerTransfer.sourceContainer', 'containerTransfer', (e) => e.transfer.id, (e) => e.container.id],
  ['ContainerTransfer.destContainer', 'containerTransfer', (e) => e.transfer.id, (e) => e.fridge.id],
  ['ConsumptionReport.consumer', 'consumptionReport', (e) => e.consumption.id, (e) => e.consumer.id],
  ['ConsumptionReport.container', 'consumptionReport', (e) => e.consumption.id, (e) => e.fridge.id],
  ['ContainerInventory.container', 'containerInventory', (e) => e.inventory.id, (e) => e.container.id],
  ['HenProductivity.hen', 'henProductivity', (e) => e.productivity.id, (e) => e.hen.id],
  ['FarmOutput.farm', 'farmOutput', (e) => e.output.id, (e) => e.farm.id],
];

describe('the 19 joins through the gateway', () => {
  it('has all 19', () => expect(new Set(joins.map(([name]) => name)).size).toBe(19));

  it.each(joins)('%s', async (name, root, rootId, expected) => {
    const field = name.split('.')[1];
    // created_at is not a key field, so the target's own subgraph must answer, not just echo the reference.
    const data = await gql(`query($id: ID!) { node: ${root}(id: $id) { id ${field} { id created_at } } }`, { id: rootId(e) });
    const value = data.node[field];
    const want = expected(e);
    if (Array.isArray(want)) expect(ids(value)).toEqual([...want].sort());
    else expect(value).toEqual({ id: want, created_at: expect.any(Number) });
  });
});

describe('reads through the gateway', () => {
  it('nests farm → coops → hens → layReports → hen', async () => {
    const data = await gql(`query($id: ID!) { farm(id: $id) { name coops { name hens { name layReports { eggs hen { id name coop { farm { id } } } } } } } }`, {
      id: e.farm.id,
    });
    const coopA = data.farm.coops.find((c: { name: string }) => c.name === 'Coop A');
    const henrietta = coopA.hens.find((h: { name: string }) => h.name === 'Henrietta');
    expect(henrietta.layReports.map((r: { eggs: number }) => r.eggs).sort()).toEqual([1, 2]);
    for (const report of henrietta.layReports) {
      expect(report.hen).toEqual({ id: e.hen.id, name: 'Henrietta', coop: { farm: { id: e.farm.id } } });
    }
  });

  it('answers lookups', async () => {
    const data = await gql(
      `query($zone: String!, $farm: String!, $hen: String!, $src: String!) {
        farmsByZone(zone: $zone) { id }
        coopsByFarmId(farm_id: $farm) { id }
        layReportsByHenId(hen_id: $hen) { id }
        layReportsByFarmId(farm_id: $farm) { id }
        containerTransfersBySourceContainerId(source_container_id: $src) { id }
        containerTransfersByDestContainerId(dest_container_id: $src) { id }
      }`,
      { zone: e.zone, farm: e.farm.id, hen: e.hen.id, src: e.container.id },
    );
    expect(ids(data.farmsByZone)).toEqual([e.farm.id, e.emptyFarm.id].sort());
    expect(ids(data.coopsByFarmId)).toEqual([e.coop.id, e.coop2.id].sort());
    expect(ids(data.layReportsByHenId)).toEqual([e.lay.id, e.lay2.id].sort());
    expect(ids(data.layReportsByFarmId)).toEqual([e.lay.id, e.lay2.id].sort());
    expect(ids(data.containerTransfersBySourceContainerId)).toEqual([e.transfer.id]);
    expect(data.containerTransfersByDestContainerId).toEqual([]);
  });

  it('honours limit', async () => {
    const data = await gql('{ farms(limit: 1) { id } containers(limit: 2) { id } all: containers { id } }');
    expect(data.farms).toHaveLength(1);
    expect(data.containers).toHaveLength(2);
    expect(data.all.length).toBeGreaterThanOrEqual(2);
  });

  it('gives null for a one-join to a missing target and [] for a list-join with nothing (a farm always has its one farm_output)', async () => {
    const orphan = await create('coop', { name: 'Orphan', farm_id: randomUUID(), capacity: 1, coop_type: 'x' });
    const data = await gql(`query($c: ID!, $f: ID!) { coop(id: $c) { id farm { id name } } farm(id: $f) { coops { id } farmOutput { id } } }`, {
      c: orphan.id,
      f: e.emptyFarm.id,
    });
    expect(data.coop).toEqual({ id: orphan.id, farm: null });
    expect(data.farm).toEqual({ coops: [], farmOutput: [{ id: e.emptyFarm.id }] });
  });
});

describe('time travel and deletes', () => {
  it('reads the whole tree at the instant of its root field', async () => {
    const before = await request('GET', `/coop/api/${e.coop.id}`);
    const t1 = Math.max(before.body.created_at, e.farm.created_at, e.hen.created_at);
    await pause(5);
    const renamedCoop = await request('PUT', `/coop/api/${e.coop.id}`, { name: 'Coop A2', farm_id: e.farm.id, capacity: 40, coop_type: 'barn' });
    expect(renamedCoop.status).toBe(200);
    const renamedFarm = await request('PUT', `/farm/api/${e.farm.id}`, { name: 'Sunny Acres II', farm_type: 'megafarm', zone: e.zone });
    expect(renamedFarm.status).toBe(200);

    const names = (farm: { coops: { name: string }[] }) => farm.coops.map((c) => c.name).sort();
    const data = await gql(
      `query($f: ID!, $h: ID!, $t: Float!) {
        old: farm(id: $f, at: $t) { name coops { name } }
        now: farm(id: $f) { name coops { name } }
        hen(id: $h, at: $t) { coop { name farm { name } } }
        henNow: hen(id: $h) { coop { name farm { name } } }
      }`,
      { f: e.farm.id, h: e.hen.id, t: t1 },
    );
    expect(data.old.name).toBe('Sunny Acres');
    expect(names(data.old)).toEqual(['Coop A', 'Coop B']);
    expect(data.now.name).toBe('Sunny Acres II');
    expect(names(data.now)).toEqual(['Coop A2', 'Coop B']);
    expect(data.hen.coop).toEqual({ name: 'Coop A', farm: { name: 'Sunny Acres' } });
    expect(data.henNow.coop).toEqual({ name: 'Coop A2', farm: { name: 'Sunny Acres II' } });

    const restOld = await request('GET', `/coop/api/${e.coop.id}?at=${t1}`);
    expect(restOld.body.name).toBe('Coop A');
  });

  it('deletes: gone now, present before', async () => {
    const t1 = Date.now();
    await pause(5);
    const deleted = await request('DELETE', `/hen/api/${e.hen2.id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ id: e.hen2.id, deleted: true });
    expect((await request('GET', `/hen/api/${e.hen2.id}`)).status).toBe(404);
    expect((await request('DELETE', `/hen/api/${e.hen2.id}`)).status).toBe(404);

    const data = await gql(
      `query($h: ID!, $c: ID!, $t: Float!) {
        gone: hen(id: $h) { id }
        was: hen(id: $h, at: $t) { id name }
        coopNow: coop(id: $c) { hens { id } }
        coopThen: coop(id: $c, at: $t) { hens { id } }
      }`,
      { h: e.hen2.id, c: e.coop.id, t: t1 },
    );
    expect(data.gone).toBeNull();
    expect(data.was).toEqual({ id: e.hen2.id, name: 'Clucky' });
    expect(ids(data.coopNow.hens)).toEqual([e.hen.id]);
    expect(ids(data.coopThen.hens)).toEqual([e.hen.id, e.hen2.id].sort());
  });
});
