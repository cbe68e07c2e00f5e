/** Three small related entities (farm ← coop ← hen) exercising every kind of join. */
import { defineEntity } from '../src/index.ts';

export const farm = defineEntity({
  name: 'farm',
  typeName: 'Farm',
  schema: {
    type: 'object',
    properties: {
      name: { type: 'string' },
      farm_type: { type: 'string', enum: ['megafarm', 'local_farm', 'homestead'] },
      zone: { type: 'string' },
      owner: { type: 'string' },
    },
    required: ['name', 'farm_type', 'zone'],
  },
  lookups: ['zone'],
  joins: [{ kind: 'one', field: 'farm', parent: 'Coop', by: 'farm_id' }],
});

export const coop = defineEntity({
  name: 'coop',
  typeName: 'Coop',
  schema: {
    type: 'object',
    properties: {
      name: { type: 'string' },
      farm_id: { type: 'string', format: 'uuid' },
      capacity: { type: 'integer', minimum: 1 },
      coop_type: { type: 'string' },
    },
    required: ['name', 'farm_id', 'capacity', 'coop_type'],
  },
  lookups: ['farm_id'],
  joins: [
    { kind: 'one', field: 'coop', parent: 'Hen', by: 'coop_id' },
    { kind: 'list', field: 'coops', parent: 'Farm', by: 'farm_id' },
  ],
});

export const hen = defineEntity({
  name: 'hen',
  typeName: 'Hen',
  schema: {
    type: 'object',
    properties: {
      name: { type: 'string' },
      coop_id: { type: 'string', format: 'uuid' },
      breed: { type: 'string' },
      dob: { type: 'string', format: 'date' },
      status: { type: 'string', enum: ['active', 'retired', 'deceased'] },
      weight: { type: 'number', minimum: 0, maximum: 10 },
    },
    required: ['name', 'coop_id', 'breed'],
  },
  lookups: ['coop_id'],
  joins: [
    { kind: 'list', field: 'hens', parent: 'Coop', by: 'coop_id' },
  ],
});
