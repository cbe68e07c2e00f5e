import { describe, expect, it } from 'vitest';
import { defineEntity, namesOf, type EntityDeclaration } from '../src/index.ts';
import { bed } from './fixtures.ts';

const named = (typeName: string): EntityDeclaration => ({ ...bed, typeName, joins: [] });

describe('declarations', () => {
  it('derives docs/contract.md §4 root field names', () => {
    expect(namesOf(named('LayReport')).plural).toBe('layReports');
    expect(namesOf(named('ContainerInventory')).plural).toBe('containerInventories');
    expect(namesOf(named('HenProductivity')).plural).toBe('henProductivities');
    expect(namesOf(named('Garden')).single).toBe('garden');
    expect(namesOf(named('LayReport')).byField('hen_id')).toBe('layReportsByHenId');
    expect(namesOf(named('ContainerTransfer')).byField('source_container_id')).toBe('containerTransfersBySourceContainerId');
    expect(namesOf({ ...named('Goose'), plural: 'geese' }).byField('zone')).toBe('geeseByZone');
  });

  it('rejects inconsistent declarations when they are defined', () => {
    expect(() => defineEntity({ ...bed, name: 'Bed' })).toThrow(/snake_case/);
    expect(() => defineEntity({ ...bed, typeName: 'bed' })).toThrow(/PascalCase/);
    expect(() => defineEntity({ ...bed, lookups: ['zone'] })).toThrow(/lookup field zone/);
    expect(() => defineEntity({ ...bed, schema: { ...bed.schema, required: ['owner'] } })).toThrow(/required field owner/);
    expect(() => defineEntity({ ...bed, joins: [{ kind: 'list', field: 'beds', parent: 'Garden', by: 'gardenId' }] })).toThrow(/unknown field gardenId/);
    expect(() => defineEntity({ ...bed, joins: [{ kind: 'one', field: 'parent', parent: 'Bed', by: 'parent_id' }] })).toThrow(/unknown field parent_id/);
    expect(() => defineEntity({ ...bed, joins: [{ kind: 'one', field: 'name', parent: 'Bed', by: 'garden_id' }] })).toThrow(/clashes/);
    expect(() => defineEntity({ ...bed, joins: [{ kind: 'one', field: 'bed', parent: 'plant', by: 'bed_id' }] })).toThrow(/PascalCase type/);
    // A one-join on another type names that type's key, which this declaration cannot see.
    expect(defineEntity({ ...bed, joins: [{ kind: 'one', field: 'bed', parent: 'Plant', by: 'bed_id' }] }).joins).toHaveLength(1);
    expect(() =>
      defineEntity({ ...bed, schema: { ...bed.schema, properties: { ...bed.schema.properties, asOf: { type: 'number' } } } }),
    ).toThrow(/reserved/);
  });
});
