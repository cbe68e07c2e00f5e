/**
 * This lib's own small domain (garden ← bed ← plant), built for its tests: every kind of join, a
 * closed enum, integer and number bounds, uuid and date formats. Not the apps' declarations: those
 * are tested as they are by each app (@egg/shared-testing's describeEntityApp), by the supergraph
 * composition (tools/compose) and end to end (e2e/).
 */
import { defineEntity } from '../src/index.ts';

export const garden = defineEntity({
  name: 'garden',
  typeName: 'Garden',
  schema: {
    type: 'object',
    properties: {
      name: { type: 'string' },
      garden_type: { type: 'string', enum: ['botanical', 'community', 'allotment'] },
      zone: { type: 'string' },
      owner: { type: 'string' },
    },
    required: ['name', 'garden_type', 'zone'],
  },
  lookups: ['zone'],
  joins: [{ kind: 'one', field: 'garden', parent: 'Bed', by: 'garden_id' }],
});

export const bed = defineEntity({
  name: 'bed',
  typeName: 'Bed',
  schema: {
    type: 'object',
    properties: {
      name: { type: 'string' },
      garden_id: { type: 'string', format: 'uuid' },
      capacity: { type: 'integer', minimum: 1 },
      bed_type: { type: 'string' },
    },
    required: ['name', 'garden_id', 'capacity', 'bed_type'],
  },
  lookups: ['garden_id'],
  joins: [
    { kind: 'one', field: 'bed', parent: 'Plant', by: 'bed_id' },
    { kind: 'list', field: 'beds', parent: 'Garden', by: 'garden_id' },
  ],
});

export const plant = defineEntity({
  name: 'plant',
  typeName: 'Plant',
  schema: {
    type: 'object',
    properties: {
      name: { type: 'string' },
      bed_id: { type: 'string', format: 'uuid' },
      variety: { type: 'string' },
      sown: { type: 'string', format: 'date' },
      status: { type: 'string', enum: ['active', 'retired', 'deceased'] },
      weight: { type: 'number', minimum: 0, maximum: 10 },
    },
    required: ['name', 'bed_id', 'variety'],
  },
  lookups: ['bed_id'],
  joins: [
    { kind: 'list', field: 'plants', parent: 'Bed', by: 'bed_id' },
  ],
});
