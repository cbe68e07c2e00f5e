import { defineEntity } from '@egg/entity-runtime';

export default defineEntity({
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
