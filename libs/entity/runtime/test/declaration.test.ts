import { describe, expect, it } from 'vitest';
import { defineEntity, namesOf, type EntityDeclaration } from '../src/index.ts';
import { coop } from './fixtures.ts';

const named = (typeName: string): EntityDeclaration => ({ ...coop, typeName, joins: [] });

describe('declarations', () => {
  it('derives docs/contract.md §4 root field names', () => {
    expect(namesOf(named('LayReport')).plural).toBe('layReports');
    expect(namesOf(named('ContainerInventory')).plural).toBe('containerInventories');
    expect(namesOf(named('HenProductivity')).plural).toBe('henProductivities');
    expect(namesOf(named('Farm')).single).toBe('farm');
    expect(namesOf(named('LayReport')).byField('hen_id')).toBe('layReportsByHenId');
    expect(namesOf(named('ContainerTransfer')).byField('source_container_id')).toBe('containerTransfersBySourceContainerId');
    expect(namesOf({ ...named('Goose'), plural: 'geese' }).byField('zone')).toBe('geeseByZone');
  });

  it('rejects inconsistent declarations when they are defined', () => {
    expect(() => defineEntity({ ...coop, name: 'Coop' })).toThrow(/snake_case/);
    expect(() => defineEntity({ ...coop, typeName: 'coop' })).toThrow(/PascalCase/);
    expect(() => defineEntity({ ...coop, lookups: ['zone'] })).toThrow(/lookup field zone/);
    expect(() => defineEntity({ ...coop, schema: { ...coop.schema, required: ['owner'] } })).toThrow(/required field owner/);
    expect(() => defineEntity({ ...coop, joins: [{ kind: 'list', field: 'coops', parent: 'Farm', by: 'farmId' }] })).toThrow(/unknown field farmId/);
    expect(() => defineEntity({ ...coop, joins: [{ kind: 'one', field: 'parent', parent: 'Coop', by: 'parent_id' }] })).toThrow(/unknown field parent_id/);
    expect(() => defineEntity({ ...coop, joins: [{ kind: 'one', field: 'name', parent: 'Coop', by: 'farm_id' }] })).toThrow(/clashes/);
    expect(() => defineEntity({ ...coop, joins: [{ kind: 'one', field: 'coop', parent: 'hen', by: 'coop_id' }] })).toThrow(/PascalCase type/);
    // A one-join on another type names that type's key, which this declaration cannot see.
    expect(defineEntity({ ...coop, joins: [{ kind: 'one', field: 'coop', parent: 'Hen', by: 'coop_id' }] }).joins).toHaveLength(1);
    expect(() =>
      defineEntity({ ...coop, schema: { ...coop.schema, properties: { ...coop.schema.properties, asOf: { type: 'number' } } } }),
    ).toThrow(/reserved/);
  });
});
